//! The project's seed examples, each checked in tangent and adjoint mode against
//! closed forms and against finite differences (`common::check`): a linear layer,
//! a tanh classifier's input Jacobian, RK4 on the Lorenz system (with the adjoint's
//! memory measured), a Newton loop with a data-dependent trip count, a piecewise function
//! with kinks, and an in-place recurrence with branches inside nested loops.

mod common;

use common::{assert_matrix_close, assert_slice_close, check, close, Rng};
use jacobian::{differentiate, Differentiable, Matrix, Mode, Stack};

// ---------------------------------------------------------------------------
// 1. Linear layer y = x·Wᵀ + b
// ---------------------------------------------------------------------------

/// `y = x·Wᵀ + b`, differentiated with respect to `x` only.
#[differentiate(wrt(x))]
fn linear_x(x: &[f64; 3], w: &[[f64; 3]; 2], b: &[f64; 2]) -> [f64; 2] {
    let mut y = [0.0; 2];
    for i in 0..2 {
        let mut s = b[i];
        for j in 0..3 {
            s += w[i][j] * x[j];
        }
        y[i] = s;
    }
    y
}

/// The same layer with every parameter active.
#[differentiate]
fn linear_all(x: &[f64; 3], w: &[[f64; 3]; 2], b: &[f64; 2]) -> [f64; 2] {
    let mut y = [0.0; 2];
    for i in 0..2 {
        let mut s = b[i];
        for j in 0..3 {
            s += w[i][j] * x[j];
        }
        y[i] = s;
    }
    y
}

const LX: [f64; 3] = [0.3, -1.2, 2.5];
const LW: [[f64; 3]; 2] = [[1.5, -0.25, 3.0], [-2.0, 0.75, 0.125]];
const LB: [f64; 2] = [0.4, -0.6];

#[test]
fn linear_layer_jacobian_wrt_x_is_w() {
    let want = Matrix::from_fn(2, 3, |i, j| LW[i][j]); // ∂yᵢ/∂xⱼ = Wᵢⱼ
    let f = linear_x::bind(&LX, &LW, &LB);
    for mode in [Mode::Forward, Mode::Reverse] {
        let got = jacobian::jacobian(&f, mode);
        assert_matrix_close(&got, &want, 1e-14, &format!("{mode:?}"));
    }
    assert_matrix_close(
        &linear_x::jacobian(&LX, &LW, &LB),
        &want,
        1e-14,
        "f::jacobian",
    );
    // J·v and wᵀJ by hand.
    let (y, jv) = linear_x::tangent(&LX, &LW, &LB, &[1.0, 2.0, -1.0]);
    let y_want = [
        0.3 * 1.5 + 1.2 * 0.25 + 2.5 * 3.0 + 0.4,
        -0.6 - 2.0 * 0.3 - 0.75 * 1.2 + 0.125 * 2.5,
    ];
    assert_slice_close(&y, &y_want, 1e-14, "value");
    assert_slice_close(&jv, &[1.5 - 0.5 - 3.0, -2.0 + 1.5 - 0.125], 1e-14, "J·v");
    let (_, jtw) = linear_x::adjoint(&LX, &LW, &LB, &[2.0, -1.0]);
    assert_slice_close(&jtw, &[3.0 + 2.0, -0.5 - 0.75, 6.0 - 0.125], 1e-14, "wᵀJ");
    check(&f, 1e-8);
}

/// ∂yᵢ/∂xⱼ = Wᵢⱼ, ∂yᵢ/∂Wₖⱼ = δᵢₖ xⱼ, ∂yᵢ/∂bₖ = δᵢₖ; columns in order x, W (row-major), b.
fn linear_all_closed_form() -> Matrix<f64> {
    Matrix::from_fn(2, 11, |i, c| match c {
        0..=2 => LW[i][c],
        3..=8 => {
            let (k, j) = ((c - 3) / 3, (c - 3) % 3);
            if k == i {
                LX[j]
            } else {
                0.0
            }
        }
        _ => f64::from(u8::from(c - 9 == i)),
    })
}

#[test]
fn linear_layer_jacobian_wrt_all_parameters() {
    let want = linear_all_closed_form();
    let f = linear_all::bind(&LX, &LW, &LB);
    for mode in [Mode::Forward, Mode::Reverse] {
        assert_matrix_close(
            &jacobian::jacobian(&f, mode),
            &want,
            1e-14,
            &format!("{mode:?}"),
        );
    }
    assert_matrix_close(
        &linear_all::jacobian(&LX, &LW, &LB),
        &want,
        1e-14,
        "f::jacobian",
    );
    // The adjoint returns one cotangent per active parameter: (x̄, W̄, b̄) = (Wᵀw, w xᵀ, w).
    let wbar = [0.5, -2.0];
    let (_, (xb, wb, bb)) = linear_all::adjoint(&LX, &LW, &LB, &wbar);
    for j in 0..3 {
        assert!(
            close(xb[j], LW[0][j] * wbar[0] + LW[1][j] * wbar[1], 1e-14),
            "x̄[{j}]"
        );
        for i in 0..2 {
            assert!(close(wb[i][j], wbar[i] * LX[j], 1e-14), "W̄[{i}][{j}]");
        }
    }
    assert_slice_close(&bb, &wbar, 1e-14, "b̄");
    let fd = check(&f, 1e-8);
    assert_matrix_close(&fd, &want, 1e-8, "finite differences vs closed form");
}

// ---------------------------------------------------------------------------
// 2. Two-layer tanh classifier, Jacobian w.r.t. the input
// ---------------------------------------------------------------------------

/// Class scores `W₂ tanh(W₁x + b₁) + b₂` for 8 inputs, 6 hidden units, 4 classes (n > m).
#[differentiate(wrt(x))]
fn classifier_wide(
    x: &[f64; 8],
    w1: &[[f64; 8]; 6],
    b1: &[f64; 6],
    w2: &[[f64; 6]; 4],
    b2: &[f64; 4],
) -> [f64; 4] {
    let mut h = [0.0; 6];
    for i in 0..6 {
        let mut s = b1[i];
        for j in 0..8 {
            s += w1[i][j] * x[j];
        }
        h[i] = s.tanh();
    }
    let mut y = [0.0; 4];
    for k in 0..4 {
        let mut s = b2[k];
        for i in 0..6 {
            s += w2[k][i] * h[i];
        }
        y[k] = s;
    }
    y
}

/// The same network with 3 inputs, 6 hidden units and 5 classes (n < m).
#[differentiate(wrt(x))]
fn classifier_tall(
    x: &[f64; 3],
    w1: &[[f64; 3]; 6],
    b1: &[f64; 6],
    w2: &[[f64; 6]; 5],
    b2: &[f64; 5],
) -> [f64; 5] {
    let mut h = [0.0; 6];
    for i in 0..6 {
        let mut s = b1[i];
        for j in 0..3 {
            s += w1[i][j] * x[j];
        }
        h[i] = s.tanh();
    }
    let mut y = [0.0; 5];
    for k in 0..5 {
        let mut s = b2[k];
        for i in 0..6 {
            s += w2[k][i] * h[i];
        }
        y[k] = s;
    }
    y
}

/// Random weights `(x, W₁, b₁, W₂, b₂)` as nested `Vec`s.
type Net = (Vec<f64>, Vec<Vec<f64>>, Vec<f64>, Vec<Vec<f64>>, Vec<f64>);

fn random_net(n: usize, hidden: usize, m: usize, seed: u64) -> Net {
    let mut rng = Rng::new(seed);
    let mut vec =
        |len: usize, scale: f64| (0..len).map(|_| scale * rng.next()).collect::<Vec<f64>>();
    let x = vec(n, 1.0);
    let w1 = (0..hidden).map(|_| vec(n, 0.6)).collect::<Vec<_>>();
    let b1 = vec(hidden, 0.2);
    let w2 = (0..m).map(|_| vec(hidden, 0.8)).collect::<Vec<_>>();
    let b2 = vec(m, 0.2);
    (x, w1, b1, w2, b2)
}

/// The hand-written input Jacobian `W₂·diag(1 − h²)·W₁`, `h = tanh(W₁x + b₁)`.
fn classifier_closed_form((x, w1, b1, w2, _): &Net) -> Matrix<f64> {
    let h: Vec<f64> = (0..b1.len())
        .map(|i| (b1[i] + (0..x.len()).map(|j| w1[i][j] * x[j]).sum::<f64>()).tanh())
        .collect();
    Matrix::from_fn(w2.len(), x.len(), |k, j| {
        (0..h.len())
            .map(|i| w2[k][i] * (1.0 - h[i] * h[i]) * w1[i][j])
            .sum()
    })
}

/// A `Differentiable` that counts the tangent and adjoint sweeps asked of the inner one.
struct Counting<'a, F> {
    inner: &'a F,
    sweeps: std::cell::Cell<(usize, usize)>,
}

impl<'a, F: Differentiable> Counting<'a, F> {
    fn new(inner: &'a F) -> Self {
        Self {
            inner,
            sweeps: std::cell::Cell::new((0, 0)),
        }
    }
}

impl<F: Differentiable> Differentiable for Counting<'_, F> {
    type Scalar = F::Scalar;
    type Input = F::Input;
    type Output = F::Output;
    fn input_zeros(&self) -> F::Input {
        self.inner.input_zeros()
    }
    fn output_zeros(&self) -> F::Output {
        self.inner.output_zeros()
    }
    fn input(&self) -> F::Input {
        self.inner.input()
    }
    fn value(&self) -> F::Output {
        self.inner.value()
    }
    fn value_at(&self, input: &F::Input) -> F::Output {
        self.inner.value_at(input)
    }
    fn tangent(&self, v: &F::Input) -> (F::Output, F::Output) {
        let (t, a) = self.sweeps.get();
        self.sweeps.set((t + 1, a));
        self.inner.tangent(v)
    }
    fn adjoint(&self, w: &F::Output, stack: &mut Stack<F::Scalar>) -> (F::Output, F::Input) {
        let (t, a) = self.sweeps.get();
        self.sweeps.set((t, a + 1));
        self.inner.adjoint(w, stack)
    }
}

/// Automatic mode with `n` inputs and `m` outputs runs `n` tangent sweeps when
/// `n <= m` and `m` adjoint sweeps otherwise.
fn assert_auto_picks<F: Differentiable>(f: &F, n: usize, m: usize) {
    let counting = Counting::new(f);
    let _ = jacobian::jacobian(&counting, Mode::Auto);
    let want = if n <= m { (n, 0) } else { (0, m) };
    assert_eq!(
        counting.sweeps.get(),
        want,
        "(tangent, adjoint) sweeps for n = {n}, m = {m}"
    );
}

/// The network's parameters as fixed-size arrays.
type NetArrays<const N: usize, const H: usize, const M: usize> =
    ([f64; N], [[f64; N]; H], [f64; H], [[f64; H]; M], [f64; M]);

fn arr<const K: usize>(v: &[f64]) -> [f64; K] {
    v.try_into().unwrap()
}

fn net_arrays<const N: usize, const H: usize, const M: usize>(net: &Net) -> NetArrays<N, H, M> {
    let (x, w1, b1, w2, b2) = net;
    (
        arr(x),
        std::array::from_fn(|i| arr(&w1[i])),
        arr(b1),
        std::array::from_fn(|k| arr(&w2[k])),
        arr(b2),
    )
}

/// Both modes and `f::jacobian` against the closed form, `f::jacobian` being the mode
/// `Auto` picks, and finite differences.
fn check_classifier<F: Differentiable<Scalar = f64>>(
    f: &F,
    auto: &Matrix<f64>,
    want: &Matrix<f64>,
    n: usize,
    m: usize,
) {
    for mode in [Mode::Forward, Mode::Reverse] {
        assert_matrix_close(
            &jacobian::jacobian(f, mode),
            want,
            1e-12,
            &format!("{mode:?}"),
        );
    }
    assert_matrix_close(auto, want, 1e-12, "f::jacobian");
    let picked = if n <= m { Mode::Forward } else { Mode::Reverse };
    assert_eq!(
        *auto,
        jacobian::jacobian(f, picked),
        "f::jacobian should be {picked:?} mode for n = {n}, m = {m}"
    );
    assert_auto_picks(f, n, m);
    let fd = check(f, 1e-7);
    assert_matrix_close(&fd, want, 1e-7, "finite differences vs closed form");
}

#[test]
fn classifier_input_jacobian_wide_uses_reverse_mode() {
    let net = random_net(8, 6, 4, 11);
    let (x, w1, b1, w2, b2) = net_arrays::<8, 6, 4>(&net);
    let f = classifier_wide::bind(&x, &w1, &b1, &w2, &b2);
    let auto = classifier_wide::jacobian(&x, &w1, &b1, &w2, &b2);
    check_classifier(&f, &auto, &classifier_closed_form(&net), 8, 4);
}

#[test]
fn classifier_input_jacobian_tall_uses_forward_mode() {
    let net = random_net(3, 6, 5, 12);
    let (x, w1, b1, w2, b2) = net_arrays::<3, 6, 5>(&net);
    let f = classifier_tall::bind(&x, &w1, &b1, &w2, &b2);
    let auto = classifier_tall::jacobian(&x, &w1, &b1, &w2, &b2);
    check_classifier(&f, &auto, &classifier_closed_form(&net), 3, 5);
}

// ---------------------------------------------------------------------------
// 3. Lorenz system integrated by RK4
// ---------------------------------------------------------------------------

const SIGMA: f64 = 10.0;
const RHO: f64 = 28.0;
const BETA: f64 = 8.0 / 3.0;

/// `steps` RK4 steps of the Lorenz system from `s0`, the step written inline in a loop
/// that overwrites the state.
#[differentiate(wrt(s0))]
fn lorenz_inline(s0: &[f64; 3], dt: f64, steps: usize) -> [f64; 3] {
    let mut s = *s0;
    for _step in 0..steps {
        let k1 = [
            SIGMA * s[1] - SIGMA * s[0],
            RHO * s[0] - s[0] * s[2] - s[1],
            s[0] * s[1] - BETA * s[2],
        ];
        let a = [
            s[0] + 0.5 * dt * k1[0],
            s[1] + 0.5 * dt * k1[1],
            s[2] + 0.5 * dt * k1[2],
        ];
        let k2 = [
            SIGMA * a[1] - SIGMA * a[0],
            RHO * a[0] - a[0] * a[2] - a[1],
            a[0] * a[1] - BETA * a[2],
        ];
        let b = [
            s[0] + 0.5 * dt * k2[0],
            s[1] + 0.5 * dt * k2[1],
            s[2] + 0.5 * dt * k2[2],
        ];
        let k3 = [
            SIGMA * b[1] - SIGMA * b[0],
            RHO * b[0] - b[0] * b[2] - b[1],
            b[0] * b[1] - BETA * b[2],
        ];
        let c = [s[0] + dt * k3[0], s[1] + dt * k3[1], s[2] + dt * k3[2]];
        let k4 = [
            SIGMA * c[1] - SIGMA * c[0],
            RHO * c[0] - c[0] * c[2] - c[1],
            c[0] * c[1] - BETA * c[2],
        ];
        for i in 0..3 {
            let slope = k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i];
            s[i] += dt / 6.0 * slope;
        }
    }
    s
}

/// The Lorenz vector field.
#[differentiate]
fn lorenz_field(s: &[f64; 3]) -> [f64; 3] {
    [
        SIGMA * s[1] - SIGMA * s[0],
        RHO * s[0] - s[0] * s[2] - s[1],
        s[0] * s[1] - BETA * s[2],
    ]
}

/// One RK4 step of the Lorenz system, every parameter active.
#[differentiate]
fn rk4_step(s: &[f64; 3], dt: f64) -> [f64; 3] {
    let k1 = lorenz_field(s);
    let k2 = lorenz_field(&[
        s[0] + 0.5 * dt * k1[0],
        s[1] + 0.5 * dt * k1[1],
        s[2] + 0.5 * dt * k1[2],
    ]);
    let k3 = lorenz_field(&[
        s[0] + 0.5 * dt * k2[0],
        s[1] + 0.5 * dt * k2[1],
        s[2] + 0.5 * dt * k2[2],
    ]);
    let k4 = lorenz_field(&[s[0] + dt * k3[0], s[1] + dt * k3[1], s[2] + dt * k3[2]]);
    let mut next = [0.0; 3];
    for i in 0..3 {
        let slope = k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i];
        next[i] = s[i] + dt / 6.0 * slope;
    }
    next
}

/// The same integration with the step a separate differentiated function.
#[differentiate(wrt(s0))]
fn lorenz_calls(s0: &[f64; 3], dt: f64, steps: usize) -> [f64; 3] {
    let mut s = *s0;
    for _step in 0..steps {
        s = rk4_step(&s, dt);
    }
    s
}

const LORENZ_S0: [f64; 3] = [1.0, 1.0, 20.0];
const LORENZ_DT: f64 = 0.01;

/// Forward and reverse Jacobians agree to 1e-9 relative and with finite differences to 1e-5.
fn check_lorenz<F: Differentiable<Scalar = f64>>(f: &F, what: &str) -> Matrix<f64> {
    let jf = jacobian::jacobian(f, Mode::Forward);
    let jr = jacobian::jacobian(f, Mode::Reverse);
    assert_matrix_close(&jr, &jf, 1e-9, &format!("{what}: reverse vs forward"));
    let fd = check(f, 1e-5);
    assert_matrix_close(
        &jf,
        &fd,
        1e-5,
        &format!("{what}: forward vs finite differences"),
    );
    jf
}

#[test]
fn lorenz_rk4_jacobian_of_the_initial_state() {
    let inline = check_lorenz(&lorenz_inline::bind(&LORENZ_S0, LORENZ_DT, 200), "inline");
    let calls = check_lorenz(&lorenz_calls::bind(&LORENZ_S0, LORENZ_DT, 200), "calls");
    assert_matrix_close(&calls, &inline, 1e-9, "step inlined vs step called");
    // After 200 steps the state has moved and the sensitivities are far from the identity.
    assert!(inline.max_abs_diff(&Matrix::from_fn(3, 3, |i, j| f64::from(u8::from(i == j)))) > 1.0);
}

#[test]
fn lorenz_one_step_jacobian_matches_the_closed_form_for_small_dt() {
    // For one step, ∂s₁/∂s₀ = I + dt·J_f(s₀) + O(dt²), J_f the field's Jacobian.
    let dt = 1e-7;
    let [x, y, z] = LORENZ_S0;
    let jf = [[-SIGMA, SIGMA, 0.0], [RHO - z, -1.0, -x], [y, x, -BETA]];
    let want = Matrix::from_fn(3, 3, |i, j| f64::from(u8::from(i == j)) + dt * jf[i][j]);
    for mode in [Mode::Forward, Mode::Reverse] {
        let a = jacobian::jacobian(&lorenz_inline::bind(&LORENZ_S0, dt, 1), mode);
        let b = jacobian::jacobian(&lorenz_calls::bind(&LORENZ_S0, dt, 1), mode);
        assert_matrix_close(&a, &want, 1e-10, &format!("inline, {mode:?}"));
        assert_matrix_close(&b, &want, 1e-10, &format!("calls, {mode:?}"));
    }
    check(&rk4_step::bind(&LORENZ_S0, 0.01), 1e-7);
}

/// Peak bytes of the adjoint's stack for `steps` steps.
fn lorenz_peak(adjoint_with: fn(usize, &mut Stack<f64>) -> [f64; 3], steps: usize) -> usize {
    let mut stack = Stack::new();
    let _ = adjoint_with(steps, &mut stack);
    assert!(stack.is_empty(), "the adjoint left values on its stack");
    stack.peak_bytes()
}

/// The adjoint's memory is exactly linear in the number of steps; returns bytes per step.
fn assert_linear_memory(adjoint_with: fn(usize, &mut Stack<f64>) -> [f64; 3], what: &str) -> usize {
    let [p10, p50, p200] = [10, 50, 200].map(|steps| lorenz_peak(adjoint_with, steps));
    assert!(
        p50 > p10,
        "{what}: the stack must grow with the steps ({p10} → {p50})"
    );
    assert_eq!(
        (p200 - p50) * 40,
        (p50 - p10) * 150,
        "{what}: peaks {p10}, {p50}, {p200} for 10, 50, 200 steps"
    );
    let per_step = (p200 - p50) / 150;
    println!(
        "{what}: {per_step} bytes per step (peaks {p10}, {p50}, {p200} for 10, 50, 200 steps)"
    );
    per_step
}

fn lorenz_inline_adjoint(steps: usize, stack: &mut Stack<f64>) -> [f64; 3] {
    lorenz_inline::adjoint_with(&LORENZ_S0, LORENZ_DT, steps, &[1.0, -1.0, 0.5], stack).1
}

fn lorenz_calls_adjoint(steps: usize, stack: &mut Stack<f64>) -> [f64; 3] {
    lorenz_calls::adjoint_with(&LORENZ_S0, LORENZ_DT, steps, &[1.0, -1.0, 0.5], stack).1
}

#[test]
fn lorenz_adjoint_memory_grows_linearly_with_the_steps() {
    let inline = assert_linear_memory(lorenz_inline_adjoint, "inline");
    let calls = assert_linear_memory(lorenz_calls_adjoint, "calls");
    // Each step overwrites the 3 reals of the state, which the reverse sweep needs.
    assert!(
        calls >= 24,
        "calls: {calls} bytes per step cannot hold the state"
    );
    assert!(
        inline >= 24,
        "inline: {inline} bytes per step cannot hold the state"
    );
    // Inline, nothing is stored outside the loop: peak(50) - peak(0) is 50 steps' worth.
    let [p0, p50] = [0, 50].map(|steps| lorenz_peak(lorenz_inline_adjoint, steps));
    assert_eq!(
        p50 - p0,
        50 * inline,
        "inline: peaks {p0}, {p50} for 0, 50 steps"
    );
}

// ---------------------------------------------------------------------------
// 4. Newton's method for √a: a loop with a data-dependent trip count
// ---------------------------------------------------------------------------

/// √a by Newton's iteration from `x = a`, until the residual is below `1e-12·a`:
/// the seed example, a `while` loop with a data-dependent trip count.
#[differentiate]
fn newton_sqrt(a: f64) -> f64 {
    let mut x = a;
    while (x * x - a).abs() > 1e-12 * a {
        x = 0.5 * (x + a / x);
    }
    x
}

/// The same iteration written with `loop` and `break`.
#[differentiate]
fn newton_sqrt_loop(a: f64) -> f64 {
    let mut x = a;
    loop {
        if (x * x - a).abs() <= 1e-12 * a {
            break;
        }
        let sum = x + a / x;
        x = 0.5 * sum;
    }
    x
}

/// The number of Newton iterations `newton_sqrt` runs at `a`.
fn newton_trips(a: f64) -> usize {
    let (mut x, mut trips) = (a, 0);
    while (x * x - a).abs() > 1e-12 * a {
        x = 0.5 * (x + a / x);
        trips += 1;
    }
    trips
}

#[test]
fn newton_sqrt_derivative_is_one_over_two_root() {
    let mut trips = Vec::new();
    let mut stack = Stack::new();
    for a in [0.5, 2.0, 100.0_f64] {
        let want = 0.5 / a.sqrt(); // d√a/da = 1/(2√a)
        let (y, dy) = newton_sqrt::tangent(a, 1.0);
        let (y2, abar) = newton_sqrt::adjoint_with(a, 1.0, &mut stack);
        assert!(
            close(y, a.sqrt(), 1e-12) && y == y2,
            "value at a = {a}: {y}, {y2}"
        );
        assert!(
            close(dy, want, 1e-9),
            "tangent at a = {a}: {dy}, expected {want}"
        );
        assert!(
            close(abar, want, 1e-9),
            "adjoint at a = {a}: {abar}, expected {want}"
        );
        assert!(
            close(newton_sqrt::gradient(a), want, 1e-9),
            "gradient at a = {a}"
        );
        check(&newton_sqrt::bind(a), 1e-6);
        let (_, dl) = newton_sqrt_loop::adjoint(a, 1.0);
        assert!(
            close(dl, want, 1e-9),
            "loop-and-break form at a = {a}: {dl}"
        );
        check(&newton_sqrt_loop::bind(a), 1e-6);
        trips.push(newton_trips(a));
    }
    assert!(stack.is_empty());
    // The trip count depends on a (5, 5 and 8 iterations): the adjoint must replay it.
    assert_eq!(trips, [5, 5, 8], "trip counts");
}

// ---------------------------------------------------------------------------
// 5. A piecewise function with kinks at -1, 0 and 2
// ---------------------------------------------------------------------------

/// A different smooth formula on each of (-∞, -1), [-1, 0), [0, 2), [2, ∞).
#[differentiate]
fn piecewise(x: f64) -> f64 {
    let shift = x - 1.0;
    if x < -1.0 {
        let square = x * x;
        square.sin() + shift
    } else if x < 0.0 {
        let cube = x.powi(3);
        cube + 2.0 * x
    } else if x < 2.0 {
        let one_plus = 1.0 + x;
        one_plus.ln() * x.cos()
    } else {
        let mut y = x.sqrt().atan();
        y *= shift;
        y
    }
}

/// The derivative of the piece in effect at `x`.
fn piecewise_derivative(x: f64) -> f64 {
    if x < -1.0 {
        2.0 * x * (x * x).cos() + 1.0 // d/dx [sin x² + x - 1]
    } else if x < 0.0 {
        3.0 * x * x + 2.0 // d/dx [x³ + 2x]
    } else if x < 2.0 {
        x.cos() / (1.0 + x) - (1.0 + x).ln() * x.sin() // d/dx [ln(1+x) cos x]
    } else {
        // d/dx [atan(√x)·(x - 1)] = (x - 1) / (2√x (1 + x)) + atan √x
        (x - 1.0) / (2.0 * x.sqrt() * (1.0 + x)) + x.sqrt().atan()
    }
}

#[test]
fn piecewise_derivative_on_both_sides_of_each_kink() {
    for kink in [-1.0, 0.0, 2.0_f64] {
        for x in [kink - 1e-3, kink + 1e-3] {
            let want = piecewise_derivative(x);
            let (_, dy) = piecewise::tangent(x, 1.0);
            let (_, xbar) = piecewise::adjoint(x, 1.0);
            assert!(
                close(dy, want, 1e-13),
                "tangent at {x}: {dy}, expected {want}"
            );
            assert!(
                close(xbar, want, 1e-13),
                "adjoint at {x}: {xbar}, expected {want}"
            );
            let fd = check(&piecewise::bind(x), 1e-7);
            assert!(close(fd[(0, 0)], want, 1e-7), "finite differences at {x}");
        }
    }
    // The pieces really differ: the derivative jumps at every kink.
    for kink in [-1.0, 0.0, 2.0_f64] {
        let jump = piecewise_derivative(kink + 1e-3) - piecewise_derivative(kink - 1e-3);
        assert!(jump.abs() > 0.1, "no kink at {kink}");
    }
}

// ---------------------------------------------------------------------------
// 6. In-place recurrence with branches inside nested loops
// ---------------------------------------------------------------------------

/// Repeated in-place sweeps `a[i] = sin(a[i-1]·a[i])` or a cosine update depending on
/// the sign of the product: every sweep overwrites values the adjoint needs.
#[differentiate(wrt(a0))]
fn recurrence(a0: &[f64; 6], sweeps: usize) -> [f64; 6] {
    let mut a = *a0;
    for _sweep in 0..sweeps {
        for i in 1..6 {
            let p = a[i - 1] * a[i];
            if p > 0.0 {
                a[i] = p.sin();
            } else {
                a[i] = a[i].cos() * a[i - 1] + 0.5 * a[i];
            }
        }
        a[0] = 0.5 * a[5] + a[0].tanh();
        for j in (1..6).rev() {
            if a[j] < 0.0 {
                a[j] -= 0.25 * a[j - 1] * a[j - 1];
            }
        }
    }
    a
}

/// The same recurrence on a `Vec` of any length, with an early exit from the inner loop.
#[differentiate(wrt(a))]
fn recurrence_vec(a: Vec<f64>, sweeps: usize, limit: f64) -> Vec<f64> {
    let n = a.len();
    let mut v = a;
    for _sweep in 0..sweeps {
        for i in 1..n {
            if v[i].abs() > limit {
                break;
            }
            let p = v[i - 1] * v[i];
            if p > 0.0 {
                v[i] = p.sin();
            } else {
                v[i] = v[i].cos() * v[i - 1] + 0.5 * v[i];
            }
        }
        v[0] = 0.5 * v[n - 1] + v[0].tanh();
    }
    v
}

#[test]
fn recurrence_with_branches_in_nested_loops() {
    let a0 = [0.7, -0.4, 0.9, 0.3, -1.1, 0.6];
    for sweeps in [1, 2, 4] {
        check(&recurrence::bind(&a0, sweeps), 1e-6);
        check(&recurrence_vec::bind(a0.to_vec(), sweeps, 10.0), 1e-6);
        check(&recurrence_vec::bind(a0.to_vec(), sweeps, 0.95), 1e-6);
    }
    // One sweep by hand, one entry per branch: a₁' = cos(a₁)a₀ + a₁/2 (a₀a₁ < 0), so
    // ∂a₁'/∂a₀ = cos a₁, ∂a₁'/∂a₁ = 1/2 - a₀ sin a₁; then a₂' = sin(a₁'a₂) (a₁'a₂ > 0), so
    // ∂a₂'/∂a₂ = a₁' cos(a₁'a₂).
    let (x0, x1, x2) = (a0[0], a0[1], a0[2]);
    let a1 = x1.cos() * x0 + 0.5 * x1;
    assert!(x0 * x1 < 0.0 && a1 * x2 > 0.0, "both branches are taken");
    for mode in [Mode::Forward, Mode::Reverse] {
        let j = jacobian::jacobian(&recurrence::bind(&a0, 1), mode);
        assert!(
            close(j[(1, 0)], x1.cos(), 1e-14),
            "{mode:?}: ∂a₁/∂a₀ = {}",
            j[(1, 0)]
        );
        assert!(
            close(j[(1, 1)], 0.5 - x1.sin() * x0, 1e-14),
            "{mode:?}: ∂a₁/∂a₁ = {}",
            j[(1, 1)]
        );
        let want = a1 * (a1 * x2).cos();
        assert!(
            close(j[(2, 2)], want, 1e-14),
            "{mode:?}: ∂a₂'/∂a₂ = {}",
            j[(2, 2)]
        );
    }
}
