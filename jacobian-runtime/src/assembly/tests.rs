//! Assembly checked with hand-written sweeps against closed-form Jacobians.

use core::cell::Cell;

use super::*;

/// Counts the sweeps an assembly performs.
#[derive(Default)]
struct Counts {
    tangents: Cell<usize>,
    adjoints: Cell<usize>,
}

impl Counts {
    fn get(&self) -> (usize, usize) {
        (self.tangents.get(), self.adjoints.get())
    }
}

fn bump(c: &Cell<usize>) {
    c.set(c.get() + 1);
}

/// f(x) = (x₀·x₁, sin x₀, x₁²): 2 inputs, 3 outputs.
struct Wide {
    x: [f64; 2],
    counts: Counts,
}

fn wide(x0: f64, x1: f64) -> Wide {
    Wide {
        x: [x0, x1],
        counts: Counts::default(),
    }
}

/// J = [[x₁, x₀], [cos x₀, 0], [0, 2x₁]]
fn wide_jacobian([x0, x1]: [f64; 2]) -> Matrix<f64> {
    Matrix::from_row_major(3, 2, vec![x1, x0, x0.cos(), 0.0, 0.0, 2.0 * x1])
}

impl Differentiable for Wide {
    type Scalar = f64;
    type Input = [f64; 2];
    type Output = [f64; 3];

    fn input_zeros(&self) -> [f64; 2] {
        [0.0; 2]
    }
    fn output_zeros(&self) -> [f64; 3] {
        [0.0; 3]
    }
    fn input(&self) -> [f64; 2] {
        self.x
    }
    fn value(&self) -> [f64; 3] {
        self.value_at(&self.x)
    }
    fn value_at(&self, &[x0, x1]: &[f64; 2]) -> [f64; 3] {
        [x0 * x1, x0.sin(), x1 * x1]
    }
    fn tangent(&self, v: &[f64; 2]) -> ([f64; 3], [f64; 3]) {
        bump(&self.counts.tangents);
        let [x0, x1] = self.x;
        (
            self.value(),
            [x1 * v[0] + x0 * v[1], x0.cos() * v[0], 2.0 * x1 * v[1]],
        )
    }
    fn adjoint(&self, w: &[f64; 3], _: &mut Stack<f64>) -> ([f64; 3], [f64; 2]) {
        bump(&self.counts.adjoints);
        let [x0, x1] = self.x;
        (
            self.value(),
            [x1 * w[0] + x0.cos() * w[1], x0 * w[0] + 2.0 * x1 * w[2]],
        )
    }
}

/// f(a, [b, c]) = (a·b·c, a + exp c): 3 inputs as a tuple, 2 outputs in a Vec. The adjoint
/// stores `exp c` on the stack in its forward sweep, as generated code would.
struct Narrow {
    a: f64,
    bc: [f64; 2],
    counts: Counts,
}

fn narrow(a: f64, b: f64, c: f64) -> Narrow {
    Narrow {
        a,
        bc: [b, c],
        counts: Counts::default(),
    }
}

/// J = [[b·c, a·c, a·b], [1, 0, exp c]]
fn narrow_jacobian(a: f64, b: f64, c: f64) -> Matrix<f64> {
    Matrix::from_row_major(2, 3, vec![b * c, a * c, a * b, 1.0, 0.0, c.exp()])
}

impl Differentiable for Narrow {
    type Scalar = f64;
    type Input = (f64, [f64; 2]);
    type Output = Vec<f64>;

    fn input_zeros(&self) -> (f64, [f64; 2]) {
        (0.0, [0.0; 2])
    }
    fn output_zeros(&self) -> Vec<f64> {
        vec![0.0; 2]
    }
    fn input(&self) -> (f64, [f64; 2]) {
        (self.a, self.bc)
    }
    fn value(&self) -> Vec<f64> {
        self.value_at(&self.input())
    }
    fn value_at(&self, &(a, [b, c]): &(f64, [f64; 2])) -> Vec<f64> {
        vec![a * b * c, a + c.exp()]
    }
    fn tangent(&self, (da, [db, dc]): &(f64, [f64; 2])) -> (Vec<f64>, Vec<f64>) {
        bump(&self.counts.tangents);
        let (a, [b, c]) = (self.a, self.bc);
        let t = vec![b * c * da + a * c * db + a * b * dc, da + c.exp() * dc];
        (self.value(), t)
    }
    fn adjoint(&self, w: &Vec<f64>, stack: &mut Stack<f64>) -> (Vec<f64>, (f64, [f64; 2])) {
        bump(&self.counts.adjoints);
        let (a, [b, c]) = (self.a, self.bc);
        stack.push_real(c.exp());
        let exp_c = stack.pop_real();
        (
            self.value(),
            (
                b * c * w[0] + w[1],
                [a * c * w[0], a * b * w[0] + exp_c * w[1]],
            ),
        )
    }
}

const MODES: [Mode; 3] = [Mode::Auto, Mode::Forward, Mode::Reverse];

#[test]
fn two_to_three_matches_the_closed_form_in_every_mode() {
    for mode in MODES {
        let f = wide(0.7, -1.3);
        let (value, jac) = value_and_jacobian(&f, mode);
        assert_eq!(value, f.value());
        assert!(
            jac.max_abs_diff(&wide_jacobian(f.x)) <= 1e-15,
            "{mode:?}: {jac}"
        );
    }
}

#[test]
fn three_to_two_with_tuple_inputs_matches_the_closed_form_in_every_mode() {
    for mode in MODES {
        let f = narrow(1.5, -2.0, 0.25);
        let (value, jac) = value_and_jacobian(&f, mode);
        assert_eq!(value, f.value());
        assert!(
            jac.max_abs_diff(&narrow_jacobian(1.5, -2.0, 0.25)) <= 1e-15,
            "{mode:?}: {jac}"
        );
    }
}

/// f(x) = (x₀ + x₁, x₀·x₁): square, 2 inputs and 2 outputs.
struct Square {
    x: [f64; 2],
    counts: Counts,
}

impl Differentiable for Square {
    type Scalar = f64;
    type Input = [f64; 2];
    type Output = [f64; 2];

    fn input_zeros(&self) -> [f64; 2] {
        [0.0; 2]
    }
    fn output_zeros(&self) -> [f64; 2] {
        [0.0; 2]
    }
    fn input(&self) -> [f64; 2] {
        self.x
    }
    fn value(&self) -> [f64; 2] {
        self.value_at(&self.x)
    }
    fn value_at(&self, &[x0, x1]: &[f64; 2]) -> [f64; 2] {
        [x0 + x1, x0 * x1]
    }
    fn tangent(&self, v: &[f64; 2]) -> ([f64; 2], [f64; 2]) {
        bump(&self.counts.tangents);
        let [x0, x1] = self.x;
        (self.value(), [v[0] + v[1], x1 * v[0] + x0 * v[1]])
    }
    fn adjoint(&self, w: &[f64; 2], _: &mut Stack<f64>) -> ([f64; 2], [f64; 2]) {
        bump(&self.counts.adjoints);
        let [x0, x1] = self.x;
        (self.value(), [w[0] + x1 * w[1], w[0] + x0 * w[1]])
    }
}

#[test]
fn auto_prefers_forward_for_square_jacobians() {
    let f = Square {
        x: [2.0, 5.0],
        counts: Counts::default(),
    };
    // J = [[1, 1], [x₁, x₀]]
    assert_eq!(jacobian(&f, Mode::Auto).as_slice(), [1.0, 1.0, 5.0, 2.0]);
    assert_eq!(f.counts.get(), (2, 0));
    assert_eq!(jacobian(&f, Mode::Reverse).as_slice(), [1.0, 1.0, 5.0, 2.0]);
}

#[test]
fn auto_picks_the_mode_with_fewer_sweeps() {
    let f = wide(1.0, 2.0);
    jacobian(&f, Mode::Auto);
    assert_eq!(f.counts.get(), (2, 0), "n = 2 <= m = 3: forward");
    let g = narrow(1.0, 2.0, 3.0);
    jacobian(&g, Mode::Auto);
    assert_eq!(g.counts.get(), (0, 2), "n = 3 > m = 2: reverse");
    let f = wide(1.0, 2.0);
    jacobian(&f, Mode::Reverse);
    assert_eq!(f.counts.get(), (0, 3));
}

#[test]
fn repeated_assembly_reuses_the_matrix() {
    let mut jac = Matrix::zeros(3, 2);
    let allocation = jac.as_slice().as_ptr();
    for x0 in [0.5, 1.5] {
        jacobian_into(&wide(x0, 2.0), &mut jac, Mode::Reverse);
        assert_eq!(jac.as_slice().as_ptr(), allocation);
        assert!(jac.max_abs_diff(&wide_jacobian([x0, 2.0])) <= 1e-15);
    }
    let mut wrong_shape = Matrix::zeros(5, 5);
    value_and_jacobian_into(&narrow(1.0, 1.0, 1.0), &mut wrong_shape, Mode::Forward);
    assert_eq!(wrong_shape.shape(), (2, 3));
}

/// f() = (1, 2): no active input.
struct Constant;

impl Differentiable for Constant {
    type Scalar = f32;
    type Input = Vec<f32>;
    type Output = [f32; 2];

    fn input_zeros(&self) -> Vec<f32> {
        Vec::new()
    }
    fn output_zeros(&self) -> [f32; 2] {
        [0.0; 2]
    }
    fn input(&self) -> Vec<f32> {
        Vec::new()
    }
    fn value(&self) -> [f32; 2] {
        [1.0, 2.0]
    }
    fn value_at(&self, _: &Vec<f32>) -> [f32; 2] {
        self.value()
    }
    fn tangent(&self, _: &Vec<f32>) -> ([f32; 2], [f32; 2]) {
        unreachable!("no sweep is needed without inputs")
    }
    fn adjoint(&self, _: &[f32; 2], _: &mut Stack<f32>) -> ([f32; 2], Vec<f32>) {
        unreachable!("no sweep is needed without inputs")
    }
}

#[test]
fn no_inputs_give_an_m_by_0_jacobian_and_the_value() {
    for mode in MODES {
        let (value, jac) = value_and_jacobian(&Constant, mode);
        assert_eq!(value, [1.0, 2.0]);
        assert_eq!(jac.shape(), (2, 0));
    }
}

/// f(x) = x₀² · x₁ + x₂: one output.
struct Cubic([f64; 3]);

impl Differentiable for Cubic {
    type Scalar = f64;
    type Input = [f64; 3];
    type Output = f64;

    fn input_zeros(&self) -> [f64; 3] {
        [0.0; 3]
    }
    fn output_zeros(&self) -> f64 {
        0.0
    }
    fn input(&self) -> [f64; 3] {
        self.0
    }
    fn value(&self) -> f64 {
        self.value_at(&self.0)
    }
    fn value_at(&self, &[x0, x1, x2]: &[f64; 3]) -> f64 {
        x0 * x0 * x1 + x2
    }
    fn tangent(&self, v: &[f64; 3]) -> (f64, f64) {
        let [x0, x1, _] = self.0;
        (self.value(), 2.0 * x0 * x1 * v[0] + x0 * x0 * v[1] + v[2])
    }
    fn adjoint(&self, w: &f64, _: &mut Stack<f64>) -> (f64, [f64; 3]) {
        let [x0, x1, _] = self.0;
        (self.value(), [2.0 * x0 * x1 * w, x0 * x0 * w, *w])
    }
}

#[test]
fn gradient_is_the_single_row_of_the_jacobian() {
    let f = Cubic([3.0, -2.0, 5.0]);
    // ∇f = (2·x₀·x₁, x₀², 1) = (-12, 9, 1)
    assert_eq!(value_and_gradient(&f), (-13.0, [-12.0, 9.0, 1.0]));
    assert_eq!(gradient(&f), [-12.0, 9.0, 1.0]);
    assert_eq!(jacobian(&f, Mode::Auto).as_slice(), [-12.0, 9.0, 1.0]);
}

#[test]
#[should_panic(expected = "gradient: the function has 3 output scalars, not one")]
fn gradient_of_a_vector_function_panics() {
    gradient(&wide(1.0, 1.0));
}

#[test]
fn jvp_and_vjp_satisfy_the_dot_product_test() {
    // wᵀ(J·v) = (wᵀJ)·v for any v, w.
    let f = narrow(0.3, 1.7, -0.4);
    let v = (0.9, [-1.1, 0.6]);
    let w = vec![0.25, -2.0];
    let (value, jv) = jvp(&f, &v);
    let (value_again, wj) = vjp(&f, &w);
    assert_eq!(value, value_again);
    let lhs: f64 = w.iter().zip(&jv).map(|(a, b)| a * b).sum();
    let rhs = wj.0 * v.0 + wj.1[0] * v.1[0] + wj.1[1] * v.1[1];
    assert!((lhs - rhs).abs() <= 1e-14 * lhs.abs().max(1.0));
}

/// Claims 2 outputs but its tangent returns 3: a broken implementation.
struct Inconsistent;

impl Differentiable for Inconsistent {
    type Scalar = f64;
    type Input = f64;
    type Output = Vec<f64>;

    fn input_zeros(&self) -> f64 {
        0.0
    }
    fn output_zeros(&self) -> Vec<f64> {
        vec![0.0; 2]
    }
    fn input(&self) -> f64 {
        0.0
    }
    fn value(&self) -> Vec<f64> {
        vec![0.0; 2]
    }
    fn value_at(&self, _: &f64) -> Vec<f64> {
        self.value()
    }
    fn tangent(&self, _: &f64) -> (Vec<f64>, Vec<f64>) {
        (vec![0.0; 3], vec![0.0; 3])
    }
    fn adjoint(&self, _: &Vec<f64>, _: &mut Stack<f64>) -> (Vec<f64>, f64) {
        (vec![0.0; 3], 0.0)
    }
}

#[test]
#[should_panic(expected = "the tangent sweep returned 3 scalars where 2 were expected")]
fn inconsistent_sweeps_are_reported() {
    jacobian(&Inconsistent, Mode::Forward);
}

#[test]
fn value_at_and_finite_differences_confirm_the_assembled_jacobian() {
    let f = narrow(1.5, -2.0, 0.25);
    let at_flat = |x: &[f64]| {
        let mut input = f.input_zeros();
        input.read_flat(x);
        f.value_at(&input).to_flat_vec()
    };
    let fd = crate::finite_difference::jacobian(at_flat, &f.input().to_flat_vec());
    assert!(jacobian(&f, Mode::Reverse).max_abs_diff(&fd) <= 1e-8);
    assert_eq!(f.value_at(&f.input()), f.value());
}

/// y = A·x for a fixed 2 × n matrix A, recording the lane counts of its vector sweeps.
struct Linear<const NIN: usize> {
    widths: core::cell::RefCell<Vec<usize>>,
}

impl<const NIN: usize> Linear<NIN> {
    fn new() -> Self {
        Linear {
            widths: core::cell::RefCell::new(Vec::new()),
        }
    }

    /// A = [[1, 2, …, n], [n + 1, …, 2n]].
    fn a(i: usize, k: usize) -> f64 {
        (i * NIN + k + 1) as f64
    }
}

impl<const NIN: usize> Differentiable for Linear<NIN> {
    type Scalar = f64;
    type Input = [f64; NIN];
    type Output = [f64; 2];

    fn input_zeros(&self) -> [f64; NIN] {
        [0.0; NIN]
    }
    fn output_zeros(&self) -> [f64; 2] {
        [0.0; 2]
    }
    fn input(&self) -> [f64; NIN] {
        [1.0; NIN]
    }
    fn value(&self) -> [f64; 2] {
        self.value_at(&self.input())
    }
    fn value_at(&self, x: &[f64; NIN]) -> [f64; 2] {
        self.tangent(x).1
    }
    fn tangent(&self, v: &[f64; NIN]) -> ([f64; 2], [f64; 2]) {
        let y = core::array::from_fn(|i| (0..NIN).map(|k| Self::a(i, k) * v[k]).sum());
        (y, y)
    }
    fn adjoint(&self, w: &[f64; 2], _: &mut Stack<f64>) -> ([f64; 2], [f64; NIN]) {
        let g = core::array::from_fn(|k| (0..2).map(|i| Self::a(i, k) * w[i]).sum());
        (self.value(), g)
    }
    fn tangent_lanes<const N: usize>(
        &self,
        d: &crate::LanesOf<[f64; NIN], f64, N>,
    ) -> ([f64; 2], crate::LanesOf<[f64; 2], f64, N>) {
        self.widths.borrow_mut().push(N);
        let mut out = [crate::Lanes([0.0; N]); 2];
        for (i, o) in out.iter_mut().enumerate() {
            for (k, dk) in d.iter().enumerate() {
                *o += *dk * Self::a(i, k);
            }
        }
        (self.value(), out)
    }
}

#[test]
fn forward_chunks_use_the_narrowest_lanes_that_cover_them() {
    let expect = |widths: &[usize], got: &Linear<3>| assert_eq!(*got.widths.borrow(), widths);
    let f = Linear::<3>::new();
    let j = jacobian(&f, Mode::Forward);
    // Three columns: one 4-lane sweep, not 8.
    expect(&[4], &f);
    assert_eq!(j.row(1), &[4.0, 5.0, 6.0]);

    let f = Linear::<13>::new();
    let j = jacobian(&f, Mode::Forward);
    // 13 columns: 8, then the remaining 5 in another 8-lane sweep.
    assert_eq!(*f.widths.borrow(), [8, 8]);
    assert_eq!(j.row(0)[12], 13.0);

    let f = Linear::<10>::new();
    let j = jacobian(&f, Mode::Forward);
    // 10 columns: 8, then 2.
    assert_eq!(*f.widths.borrow(), [8, 2]);
    assert_eq!(j.row(1)[9], 20.0);

    let f = Linear::<1>::new();
    let _ = jacobian(&f, Mode::Forward);
    // One column: a scalar sweep.
    assert!(f.widths.borrow().is_empty());
}
