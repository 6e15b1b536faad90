//! Declared derivatives (`#[jacobian::derivative]`): functions the macro cannot see
//! (libm's special functions), a linear solve, a stable log-sum-exp, in every mode,
//! through calls from differentiated functions, against finite differences, the
//! dot-product test and closed forms.

#![allow(clippy::needless_range_loop)]

mod common;

use common::{assert_matrix_close, assert_slice_close, check, check_second, close};
use jacobian::{derivative, differentiate, Matrix, Mode};
use num_traits::Float;

const TOL: f64 = 1e-6;

// ------------------------------------------------------------ functions of scalars

/// The error function from libm; ∂erf/∂x = 2/√π · e^{-x²}.
#[derivative(partials = erf_partials)]
fn erf(x: f64) -> f64 {
    libm::erf(x)
}

/// 2/√π · e^{-x²}; its own derivative (−2x · 2/√π · e^{-x²}) is erf's second.
#[differentiate]
fn erf_partials(x: f64) -> f64 {
    2.0 / std::f64::consts::PI.sqrt() * (-x * x).exp()
}

/// ψ(x) = d ln Γ(x)/dx, by the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 6 and the
/// asymptotic series there; differentiated by the macro for lgamma's second partial.
#[differentiate]
fn digamma(x: f64) -> f64 {
    let mut x = x;
    let mut acc = 0.0;
    while x < 6.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let r = 1.0 / (x * x);
    acc + x.ln()
        - 0.5 / x
        - r * (1.0 / 12.0 - r * (1.0 / 120.0 - r * (1.0 / 252.0 - r * (1.0 / 240.0 - r / 132.0))))
}

/// ln Γ(x) from libm; ∂ = ψ(x).
#[derivative(partials = digamma)]
fn lgamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// The Bessel function Jₙ(x) from libm, of an integer order; ∂ₓJₙ = (Jₙ₋₁ − Jₙ₊₁)/2.
#[derivative(partials = jn_partials)]
fn jn(n: i32, x: f64) -> f64 {
    libm::jn(n, x)
}

/// (Jₙ₋₁ − Jₙ₊₁)/2, itself differentiated through the declared `jn`.
#[differentiate]
fn jn_partials(n: i32, x: f64) -> f64 {
    0.5 * (jn(n - 1, x) - jn(n + 1, x))
}

/// √(a² + b²) with its partials and the Hessian's upper triangle given explicitly.
#[derivative(partials = norm_partials, second = norm_second)]
fn norm(a: f64, b: f64) -> f64 {
    a.hypot(b)
}

fn norm_partials(a: f64, b: f64) -> (f64, f64) {
    let r = a.hypot(b);
    (a / r, b / r)
}

/// (∂aa, ∂ab, ∂bb) = (b², −ab, a²)/r³.
fn norm_second(a: f64, b: f64) -> (f64, f64, f64) {
    let r3 = a.hypot(b).powi(3);
    (b * b / r3, -a * b / r3, a * a / r3)
}

/// A function of three scalars with differentiated partials: a·b·c + a².
#[derivative(partials = triple_partials)]
fn triple(a: f64, b: f64, c: f64) -> f64 {
    a * b * c + a * a
}

#[differentiate]
fn triple_partials(a: f64, b: f64, c: f64) -> (f64, f64, f64) {
    (b * c + 2.0 * a, a * c, a * b)
}

/// Uses every declared scalar function.
#[differentiate]
fn special(x: &[f64; 3]) -> [f64; 3] {
    let e = erf(x[0] * x[1]);
    let g = lgamma(x[1] + 2.0) * jn(2, x[2]);
    [
        e + g,
        norm(x[0], x[2]) * e,
        triple(x[0], x[1], x[2]) + jn(0, x[0]),
    ]
}

#[differentiate]
fn special_sum(x: &[f64; 3]) -> f64 {
    let y = special(x);
    y[0] * y[1] + y[2].sin()
}

const X: [f64; 3] = [0.7, 1.3, 2.1];

#[test]
fn scalar_rules_match_closed_forms_in_both_modes() {
    for x in [-1.5, 0.0, 0.4, 2.0] {
        let want = 2.0 / std::f64::consts::PI.sqrt() * (-x * x).exp();
        assert!(close(erf::gradient(x), want, 1e-14));
        assert!(close(erf::tangent(x, 1.0).1, want, 1e-14));
        // erf'' = −2x erf'
        assert!(close(erf::hessian(x)[(0, 0)], -2.0 * x * want, 1e-12));
        assert!(close(erf::laplacian(x), -2.0 * x * want, 1e-12));
    }
    // ψ(1) = −γ, ψ'(1) = π²/6
    let gamma = 0.577_215_664_901_532_9;
    assert!(close(lgamma::gradient(1.0), -gamma, 1e-9));
    let pi2_6 = std::f64::consts::PI.powi(2) / 6.0;
    assert!(close(lgamma::hessian(1.0)[(0, 0)], pi2_6, 1e-8));
    // J₀' = −J₁
    assert!(close(jn::gradient(0, 1.7), -libm::j1(1.7), 1e-12));
    let (v, g) = norm::value_and_gradient(3.0, 4.0);
    assert_eq!(v, 5.0);
    assert!(close(g.0, 0.6, 1e-15) && close(g.1, 0.8, 1e-15));
    let h = norm::hessian(3.0, 4.0);
    let want = Matrix::from_row_major(
        2,
        2,
        vec![16.0 / 125.0, -12.0 / 125.0, -12.0 / 125.0, 9.0 / 125.0],
    );
    assert_matrix_close(&h, &want, 1e-12, "hypot Hessian closed form");
}

#[test]
fn declared_scalar_functions_pass_the_battery_through_calls() {
    let fd = check(&special::bind(&X), TOL);
    assert_eq!((fd.rows(), fd.cols()), (3, 3));
    check(&special_sum::bind(&X), TOL);
    check(&jn::bind(3, 0.9), TOL);
    check(&triple::bind(0.5, -1.0, 2.0), TOL);
    let vs = jacobian::jacobian(&special::bind(&X), Mode::Forward);
    let vr = jacobian::jacobian(&special::bind(&X), Mode::Reverse);
    assert_matrix_close(&vs, &vr, 1e-13, "forward vs reverse through declared rules");
}

#[test]
fn second_order_modes_run_through_declared_partials() {
    let grad = |x: &[f64]| special_sum::gradient(&[x[0], x[1], x[2]]).to_vec();
    let h = special_sum::hessian(&X);
    check_second(&h, special_sum::laplacian(&X), &grad, &X, 1e-5);
    let v = [0.3, -0.2, 0.5];
    let (_, hv) = special_sum::hvp(&X, &v);
    for i in 0..3 {
        let want: f64 = (0..3).map(|j| h[(i, j)] * v[j]).sum();
        assert!(close(hv[i], want, 1e-10), "hvp row {i}");
    }
    // The three-scalar rule's Hessian: [[2, c, b], [c, 0, a], [b, a, 0]].
    let h3 = triple::hessian(0.5, -1.0, 2.0);
    let want = Matrix::from_row_major(3, 3, vec![2.0, 2.0, -1.0, 2.0, 0.0, 0.5, -1.0, 0.5, 0.0]);
    assert_matrix_close(&h3, &want, 1e-14, "three-scalar rule Hessian");
    // The Laplacian of the vector function, output by output, against its Hessians.
    let lap = special::laplacian(&X);
    for (k, l) in lap.iter().enumerate() {
        let gk = |x: &[f64]| {
            let (_, g) = special::adjoint(
                &[x[0], x[1], x[2]],
                &std::array::from_fn(|i| f64::from(u8::from(i == k))),
            );
            g.to_vec()
        };
        let fd = common::fd_hessian(&gk, &X);
        let trace: f64 = (0..3).map(|i| fd[(i, i)]).sum();
        assert!(
            close(*l, trace, 1e-5),
            "Laplacian of output {k}: {l} vs {trace}"
        );
    }
}

/// x² declared with a different but consistent rule, ∂ = 3: every mode uses it.
#[derivative(partials = three)]
fn square_declared(x: f64) -> f64 {
    x * x
}

#[differentiate]
fn three(_x: f64) -> f64 {
    3.0
}

#[differentiate]
fn uses_square(x: &[f64; 2]) -> f64 {
    square_declared(x[0]) + square_declared(x[1]) * x[0]
}

#[test]
fn the_declared_rule_is_the_one_used() {
    // With ∂ square_declared = 3: ∂/∂x₀ = 3 + x₁², ∂/∂x₁ = 3·x₀ (not 2x₀ + x₁², 2x₁x₀).
    let x = [2.0, 5.0];
    let want = [3.0 + 25.0, 6.0];
    assert_eq!(uses_square::gradient(&x), want);
    let j = uses_square::jacobian(&x);
    assert_eq!((j[(0, 0)], j[(0, 1)]), (want[0], want[1]));
    let (_, t) = uses_square::tangent(&x, &[1.0, 0.0]);
    assert_eq!(t, want[0]);
    // The rule's second derivative is its partials' derivative, 0: H = [[0, 3], [3, 0]].
    let h = uses_square::hessian(&x);
    assert_eq!(h.as_slice(), &[0.0, 3.0, 3.0, 0.0]);
    assert_eq!(uses_square::laplacian(&x), 0.0);
}

// ------------------------------------------------------------ generic and f32

/// softplus(x) = ln(1 + eˣ), ∂ = σ(x).
#[derivative(partials = sigmoid)]
fn softplus<T: Float>(x: T) -> T {
    x.exp().ln_1p()
}

#[differentiate]
fn sigmoid<T: Float>(x: T) -> T {
    T::one() / (T::one() + (-x).exp())
}

/// erf in single precision.
#[derivative(partials = erf32_partials)]
fn erf32(x: f32) -> f32 {
    libm::erff(x)
}

#[differentiate]
fn erf32_partials(x: f32) -> f32 {
    2.0 / std::f32::consts::PI.sqrt() * (-x * x).exp()
}

#[differentiate]
fn uses_f32(x: &[f32; 2]) -> f32 {
    erf32(x[0]) * softplus(x[1])
}

#[test]
fn generic_and_f32_declared_functions() {
    let s = |x: f64| 1.0 / (1.0 + (-x).exp());
    for x in [-2.0, 0.0, 1.5] {
        assert!(close(softplus::gradient(x), s(x), 1e-14));
        assert!(close(
            softplus::hessian(x)[(0, 0)],
            s(x) * (1.0 - s(x)),
            1e-12
        ));
        assert!((softplus::gradient(x as f32) - s(x) as f32).abs() < 1e-6);
    }
    let x = [0.3_f32, -0.8];
    let g = uses_f32::gradient(&x);
    let e = |t: f32| libm::erff(t);
    let sp = |t: f32| t.exp().ln_1p();
    let d0 = 2.0 / std::f32::consts::PI.sqrt() * (-x[0] * x[0]).exp() * sp(x[1]);
    let d1 = e(x[0]) * s(f64::from(x[1])) as f32;
    assert!(
        (g[0] - d0).abs() < 1e-6 && (g[1] - d1).abs() < 1e-6,
        "{g:?}"
    );
    check(&uses_f32::bind(&x), 2e-2);
}

// ------------------------------------------------------------ functions of slices

/// A stable log-sum-exp, m + ln Σ e^{xᵢ − m}; declared so no mode overflows.
#[derivative(jvp = lse_jvp, vjp = lse_vjp, hvp = lse_hvp)]
fn lse(x: &[f64]) -> f64 {
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    m + x.iter().map(|v| (v - m).exp()).sum::<f64>().ln()
}

/// The softmax pᵢ = e^{xᵢ − lse(x)}.
fn softmax(x: &[f64]) -> Vec<f64> {
    let l = lse(x);
    x.iter().map(|v| (v - l).exp()).collect()
}

/// (lse(x), p·dx).
fn lse_jvp(x: &[f64], dx: &[f64]) -> (f64, f64) {
    let p = softmax(x);
    (lse(x), p.iter().zip(dx).map(|(p, d)| p * d).sum())
}

/// x̄ = ȳ·p.
fn lse_vjp(x: &[f64], _y: f64, y_bar: f64) -> Vec<f64> {
    softmax(x).iter().map(|p| y_bar * p).collect()
}

/// ȳ·(diag p − ppᵀ)·v.
fn lse_hvp(x: &[f64], y_bar: f64, v: &[f64]) -> Vec<f64> {
    let p = softmax(x);
    let pv: f64 = p.iter().zip(v).map(|(p, v)| p * v).sum();
    p.iter().zip(v).map(|(p, v)| y_bar * p * (v - pv)).collect()
}

#[differentiate]
fn lse_of_square(x: &[f64; 3]) -> f64 {
    let y = [x[0] * x[1], x[1].sin(), x[2] * x[2]];
    lse(&y) * x[0]
}

#[test]
fn a_declared_lse_is_stable_and_exact_in_every_mode() {
    let x = [1000.0, 1001.0, 999.0];
    let p = softmax(&x);
    let g = lse::gradient(&x);
    assert_slice_close(&g, &p, 1e-14, "∇lse = softmax, where exp overflows");
    assert!(g.iter().all(|v| v.is_finite()));
    let h = lse::hessian(&x);
    for i in 0..3 {
        for j in 0..3 {
            let want = if i == j {
                p[i] - p[i] * p[j]
            } else {
                -p[i] * p[j]
            };
            assert!(close(h[(i, j)], want, 1e-12), "H[{i}][{j}]");
        }
    }
    let trace: f64 = (0..3).map(|i| h[(i, i)]).sum();
    assert!(close(lse::laplacian(&x), trace, 1e-12));
    let y = [0.4, -1.1, 0.9];
    check(&lse_of_square::bind(&y), TOL);
    let grad = |x: &[f64]| lse_of_square::gradient(&[x[0], x[1], x[2]]).to_vec();
    check_second(
        &lse_of_square::hessian(&y),
        lse_of_square::laplacian(&y),
        &grad,
        &y,
        1e-5,
    );
    // One element: lse(x) = x, and its derivatives are 1 and 0.
    assert_eq!(lse::gradient(&[3.0]), vec![1.0]);
    assert_eq!(lse::hessian(&[3.0]).as_slice(), &[0.0]);
}

/// x = A⁻¹b for a row-major n × n `a`, by Gaussian elimination with partial pivoting.
#[derivative(jvp = solve_jvp, vjp = solve_vjp)]
fn solve(a: &[f64], b: &[f64]) -> Vec<f64> {
    let n = b.len();
    let mut m: Vec<f64> = a.to_vec();
    let mut x = b.to_vec();
    for k in 0..n {
        let p = (k..n)
            .max_by(|&i, &j| m[i * n + k].abs().total_cmp(&m[j * n + k].abs()))
            .unwrap();
        for j in 0..n {
            m.swap(k * n + j, p * n + j);
        }
        x.swap(k, p);
        for i in k + 1..n {
            let f = m[i * n + k] / m[k * n + k];
            for j in k..n {
                m[i * n + j] -= f * m[k * n + j];
            }
            x[i] -= f * x[k];
        }
    }
    for k in (0..n).rev() {
        let s: f64 = (k + 1..n).map(|j| m[k * n + j] * x[j]).sum();
        x[k] = (x[k] - s) / m[k * n + k];
    }
    x
}

fn transpose(a: &[f64], n: usize) -> Vec<f64> {
    (0..n * n).map(|k| a[(k % n) * n + k / n]).collect()
}

/// dx = A⁻¹(db − dA·x).
fn solve_jvp(a: &[f64], b: &[f64], da: &[f64], db: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = b.len();
    let x = solve(a, b);
    let r: Vec<f64> = (0..n)
        .map(|i| db[i] - (0..n).map(|j| da[i * n + j] * x[j]).sum::<f64>())
        .collect();
    let dx = solve(a, &r);
    (x, dx)
}

/// b̄ = A⁻ᵀx̄ (the transposed solve), Ā = −b̄xᵀ.
fn solve_vjp(a: &[f64], b: &[f64], x: &[f64], x_bar: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = b.len();
    let b_bar = solve(&transpose(a, n), x_bar);
    let a_bar = (0..n * n).map(|k| -b_bar[k / n] * x[k % n]).collect();
    (a_bar, b_bar)
}

#[differentiate]
fn energy(a: &[f64], b: &[f64]) -> f64 {
    let x = solve(a, b);
    let mut e = 0.0;
    for i in 0..x.len() {
        e += x[i] * x[i] * (i as f64 + 1.0);
    }
    e
}

const A: [f64; 9] = [4.0, 1.0, -0.5, 1.0, 3.0, 0.2, -0.5, 0.2, 5.0];
const B: [f64; 3] = [1.0, -2.0, 0.5];

#[test]
fn a_linear_solve_with_the_transposed_solve_as_vjp() {
    let fd = check(&solve::bind(&A, &B), TOL);
    assert_eq!((fd.rows(), fd.cols()), (3, 12));
    // ∂x/∂b = A⁻¹: columns 9..12 of the Jacobian times A are the identity.
    let j = solve::jacobian(&A, &B);
    for i in 0..3 {
        for k in 0..3 {
            let aj: f64 = (0..3).map(|l| j[(i, 9 + l)] * A[l * 3 + k]).sum();
            assert!(
                close(aj, f64::from(u8::from(i == k)), 1e-12),
                "(A⁻¹A)[{i}][{k}]"
            );
        }
    }
    check(&energy::bind(&A, &B), TOL);
    let (e, (ga, gb)) = energy::value_and_gradient(&A, &B);
    let x = solve(&A, &B);
    assert!(close(
        e,
        x.iter()
            .enumerate()
            .map(|(i, v)| v * v * (i as f64 + 1.0))
            .sum(),
        1e-14
    ));
    assert_eq!((ga.len(), gb.len()), (9, 3));
    // Size 1: x = b/a.
    let (v, t) = solve::tangent(&[2.0], &[3.0], &[1.0], &[0.0]);
    assert_eq!((v, t), (vec![1.5], vec![-0.75]));
    // Size 0: nothing to solve, an empty Jacobian.
    let j0 = solve::jacobian(&[], &[]);
    assert_eq!((j0.rows(), j0.cols()), (0, 0));
}
