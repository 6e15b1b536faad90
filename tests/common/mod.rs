//! Shared oracles for the integration tests: every generated derivative is
//! checked against central finite differences (in f64), forward against
//! reverse mode, and tangent against adjoint by the dot-product test
//! `<J v, w> = <v, Jᵀ w>`.
#![allow(dead_code)]

use jacobian::{Differentiable, Matrix, Mode, Scalar, Shape, Stack};
// `to_f64` on scalars (a supertrait method of `Scalar`) needs its trait in scope.
use jacobian::__private::num_traits::ToPrimitive as _;

/// Relative-and-absolute closeness: `|a - b| <= tol * (1 + max(|a|, |b|))`.
pub fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs())) || (a.is_nan() && b.is_nan())
}

/// Asserts two matrices are elementwise close, naming the first bad entry.
#[track_caller]
pub fn assert_matrix_close<S: Scalar>(got: &Matrix<S>, want: &Matrix<f64>, tol: f64, what: &str) {
    assert_eq!(
        (got.rows(), got.cols()),
        (want.rows(), want.cols()),
        "{what}: shape"
    );
    for i in 0..got.rows() {
        for j in 0..got.cols() {
            let (g, w) = (got[(i, j)].to_f64().unwrap(), want[(i, j)]);
            assert!(
                close(g, w, tol),
                "{what}: entry ({i}, {j}) is {g}, expected {w}\ngot  {got:?}\nwant {want:?}"
            );
        }
    }
}

/// Asserts two flat vectors are close.
#[track_caller]
pub fn assert_slice_close(got: &[f64], want: &[f64], tol: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            close(*g, *w, tol),
            "{what}: element {k} is {g}, expected {w}\ngot  {got:?}\nwant {want:?}"
        );
    }
}

/// A tiny deterministic generator (xorshift) for test directions.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// Uniform in [-1, 1).
    pub fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }

    /// A value of `like`'s shape with random entries.
    pub fn fill<T: Shape>(&mut self, like: &T) -> T {
        let mut v = like.zero_like();
        for k in 0..v.len() {
            *v.scalar_mut(k) = <T::Scalar as Scalar>::cst(self.next());
        }
        v
    }
}

fn flat<T: Shape>(v: &T) -> Vec<f64> {
    v.to_flat_vec()
        .iter()
        .map(|s| s.to_f64().unwrap())
        .collect()
}

/// Central finite-difference Jacobian of `f` at its bound input (step 1e-5, relative).
pub fn fd_jacobian<F: Differentiable>(f: &F) -> Matrix<f64> {
    let x0 = f.input_zeros();
    let base = f.input();
    let n = x0.len();
    let m = f.value().len();
    let mut j = Matrix::zeros(m, n);
    for c in 0..n {
        let xc = base.to_flat_vec()[c].to_f64().unwrap();
        let h = 1e-5 * xc.abs().max(1.0);
        let eval = |delta: f64| {
            let mut x = base.clone();
            *x.scalar_mut(c) = F::Scalar::cst(xc + delta);
            flat(&f.value_at(&x))
        };
        let (p, q) = (eval(h), eval(-h));
        for r in 0..m {
            j[(r, c)] = (p[r] - q[r]) / (2.0 * h);
        }
    }
    j
}

/// The full battery: forward = reverse = finite differences, dot-product test,
/// and consistent values. `tol` is relative (1e-6 suits f64 with smooth functions).
#[track_caller]
pub fn check<F: Differentiable>(f: &F, tol: f64) -> Matrix<f64> {
    let value = flat(&f.value());
    let jf = jacobian::jacobian(f, Mode::Forward);
    let jr = jacobian::jacobian(f, Mode::Reverse);
    let ja = jacobian::jacobian(f, Mode::Auto);
    let fd = fd_jacobian(f);
    let to64 = |m: &Matrix<F::Scalar>| {
        Matrix::from_row_major(
            m.rows(),
            m.cols(),
            m.as_slice().iter().map(|s| s.to_f64().unwrap()).collect(),
        )
    };
    assert_matrix_close(&jf, &fd, tol, "forward mode vs finite differences");
    assert_matrix_close(&jr, &to64(&jf), tol, "reverse mode vs forward mode");
    assert_matrix_close(&ja, &to64(&jf), tol, "auto mode vs forward mode");
    dot_product(f, tol);
    let (yt, _) = f.tangent(&f.input_zeros());
    assert_slice_close(&flat(&yt), &value, tol, "value from tangent");
    let (ya, _) = f.adjoint(&f.output_zeros(), &mut Stack::new());
    assert_slice_close(&flat(&ya), &value, tol, "value from adjoint");
    fd
}

/// `<J v, w> = <v, Jᵀ w>` for a few random directions.
#[track_caller]
pub fn dot_product<F: Differentiable>(f: &F, tol: f64) {
    let mut rng = Rng::new(7);
    let mut stack = Stack::new();
    for _ in 0..3 {
        let v = rng.fill(&f.input_zeros());
        let w = rng.fill(&f.output_zeros());
        let (_, jv) = f.tangent(&v);
        let (_, jtw) = f.adjoint(&w, &mut stack);
        assert!(stack.is_empty(), "the adjoint left values on its stack");
        let lhs: f64 = flat(&jv).iter().zip(flat(&w)).map(|(a, b)| a * b).sum();
        let rhs: f64 = flat(&v).iter().zip(flat(&jtw)).map(|(a, b)| a * b).sum();
        assert!(
            close(lhs, rhs, tol),
            "dot-product test: <Jv, w> = {lhs} but <v, Jᵀw> = {rhs}"
        );
    }
}

/// Central finite differences of a gradient (step 1e-5, relative): the Hessian.
pub fn fd_hessian(gradient: &dyn Fn(&[f64]) -> Vec<f64>, x: &[f64]) -> Matrix<f64> {
    let n = x.len();
    let mut h = Matrix::zeros(n, n);
    for j in 0..n {
        let step = 1e-5 * x[j].abs().max(1.0);
        let (mut p, mut m) = (x.to_vec(), x.to_vec());
        p[j] += step;
        m[j] -= step;
        let (gp, gm) = (gradient(&p), gradient(&m));
        for i in 0..n {
            h[(i, j)] = (gp[i] - gm[i]) / (2.0 * step);
        }
    }
    h
}

/// Second order at `x` for a scalar function: the Hessian `h` is symmetric and
/// matches central finite differences of the generated `gradient`, and the
/// Laplacian `lap` is its trace. `tol` is relative.
#[track_caller]
pub fn check_second(
    h: &Matrix<f64>,
    lap: f64,
    gradient: &dyn Fn(&[f64]) -> Vec<f64>,
    x: &[f64],
    tol: f64,
) {
    let n = x.len();
    assert_eq!((h.rows(), h.cols()), (n, n), "Hessian shape");
    for i in 0..n {
        for j in 0..n {
            assert!(
                close(h[(i, j)], h[(j, i)], tol),
                "Hessian not symmetric: H[{i}][{j}] = {} but H[{j}][{i}] = {}\n{h:?}",
                h[(i, j)],
                h[(j, i)]
            );
        }
    }
    let fd = fd_hessian(gradient, x);
    assert_matrix_close(h, &fd, tol, "Hessian vs finite differences of the gradient");
    let trace: f64 = (0..n).map(|i| h[(i, i)]).sum();
    assert!(
        close(lap, trace, tol),
        "Laplacian {lap} vs Hessian trace {trace}"
    );
}
