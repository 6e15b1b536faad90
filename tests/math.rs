//! Every math method and operator `#[differentiate]` accepts (the rule table in
//! `jacobian-macro/src/rules.rs`), in forward and reverse mode.
//!
//! Each method has an `f64` function (`<name>_64`), an `f32` one (`<name>_32`) and a
//! generic `T: Float` one (`<name>_t`), and a test named after the method that
//! checks, at two or three points of a safe domain:
//! - the `f64` version against finite differences, forward against reverse mode and
//!   the dot-product test (`common::check`);
//! - the `f32` version (to 1e-4) and the generic version at `f64` (to 1e-12)
//!   against the `f64` Jacobian, in forward and in reverse mode;
//! - `tangent` (forward) and `gradient` (reverse) against the closed-form derivative.
//!
//! Then: UFCS forms, constant operands, one variable in several operand positions,
//! results that overwrite their operands, the documented conventions at points
//! where a function is not differentiable, and a test that every method of the
//! rule table is exercised here.

mod common;

use jacobian::{differentiate, Differentiable, Matrix, Mode};
use num_traits::Float;
use std::f64::consts::{LN_10, LN_2, PI, SQRT_2};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// `got` equals `want`: closely for finite values, exactly for infinities, and
/// NaN for NaN.
fn same(got: f64, want: f64) -> bool {
    got == want
        || (got.is_nan() && want.is_nan())
        || (want.is_finite() && common::close(got, want, 1e-12))
}

/// Asserts each derivative in `got` is [`same`] as the closed form in `want`.
#[track_caller]
fn assert_derivatives(what: &str, got: &[f64], want: &[f64]) {
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            same(*g, *w),
            "{what}: derivative {k} is {g}, expected {w}\ngot  {got:?}\nwant {want:?}"
        );
    }
}

/// One active scalar: forward (`tangent` in direction 1) and reverse (`gradient`)
/// both give `want`.
#[track_caller]
fn expect(tangent: (f64, f64), gradient: f64, want: f64) {
    assert_derivatives("forward mode", &[tangent.1], &[want]);
    assert_derivatives("reverse mode", &[gradient], &[want]);
}

type Tangent2 = fn(f64, f64, f64, f64) -> (f64, f64);
type Gradient2 = fn(f64, f64) -> (f64, f64);

/// Two active scalars `(a, b)`: the partials from two tangent sweeps and from
/// the gradient are `want`.
#[track_caller]
fn expect2(tangent: Tangent2, gradient: Gradient2, (a, b): (f64, f64), want: [f64; 2]) {
    let forward = [tangent(a, b, 1.0, 0.0).1, tangent(a, b, 0.0, 1.0).1];
    let (ga, gb) = gradient(a, b);
    assert_derivatives(&format!("forward mode at ({a}, {b})"), &forward, &want);
    assert_derivatives(&format!("reverse mode at ({a}, {b})"), &[ga, gb], &want);
}

/// The `f64` version passes the full battery; the `f32` version (to 1e-4) and
/// the generic version instantiated at `f64` (to 1e-12) agree with its Jacobian
/// in forward and in reverse mode.
#[track_caller]
fn agree<A, B, C>(f64_version: &A, f32_version: &B, generic: &C)
where
    A: Differentiable<Scalar = f64>,
    B: Differentiable<Scalar = f32>,
    C: Differentiable<Scalar = f64>,
{
    common::check(f64_version, 1e-6);
    let want: Matrix<f64> = jacobian::jacobian(f64_version, Mode::Forward);
    for mode in [Mode::Forward, Mode::Reverse] {
        let j32 = jacobian::jacobian(f32_version, mode);
        common::assert_matrix_close(&j32, &want, 1e-4, &format!("f32 version, {mode:?}"));
        let jt = jacobian::jacobian(generic, mode);
        common::assert_matrix_close(&jt, &want, 1e-12, &format!("generic version, {mode:?}"));
    }
}

/// Runs [`agree`] at each point for a method of one operand, given the `bind`
/// functions of its three versions.
#[track_caller]
fn agree1<A, B, C>(
    points: &[f64],
    f64_version: fn(f64) -> A,
    f32_version: fn(f32) -> B,
    generic: fn(f64) -> C,
) where
    A: Differentiable<Scalar = f64>,
    B: Differentiable<Scalar = f32>,
    C: Differentiable<Scalar = f64>,
{
    for &x in points {
        #[allow(clippy::cast_possible_truncation)]
        let x32 = x as f32;
        agree(&f64_version(x), &f32_version(x32), &generic(x));
    }
}

/// Runs [`agree`] at each point for a method of two operands.
#[track_caller]
fn agree2<A, B, C>(
    points: &[(f64, f64)],
    f64_version: fn(f64, f64) -> A,
    f32_version: fn(f32, f32) -> B,
    generic: fn(f64, f64) -> C,
) where
    A: Differentiable<Scalar = f64>,
    B: Differentiable<Scalar = f32>,
    C: Differentiable<Scalar = f64>,
{
    for &(a, b) in points {
        #[allow(clippy::cast_possible_truncation)]
        let (a32, b32) = (a as f32, b as f32);
        agree(&f64_version(a, b), &f32_version(a32, b32), &generic(a, b));
    }
}

// ---------------------------------------------------------------------------
// Trigonometric
// ---------------------------------------------------------------------------

#[differentiate]
fn sin_64(x: f64) -> f64 {
    x.sin()
}

#[differentiate]
fn sin_32(x: f32) -> f32 {
    x.sin()
}

#[differentiate]
fn sin_t<T: Float>(x: T) -> T {
    x.sin()
}

#[test]
fn sin() {
    let points = [-1.2, 0.3, 1.0];
    agree1(&points, sin_64::bind, sin_32::bind, sin_t::bind);
    for x in points {
        // sin' = cos
        expect(sin_64::tangent(x, 1.0), sin_64::gradient(x), x.cos());
    }
}

#[differentiate]
fn cos_64(x: f64) -> f64 {
    x.cos()
}

#[differentiate]
fn cos_32(x: f32) -> f32 {
    x.cos()
}

#[differentiate]
fn cos_t<T: Float>(x: T) -> T {
    x.cos()
}

#[test]
fn cos() {
    let points = [-1.2, 0.3, 1.0];
    agree1(&points, cos_64::bind, cos_32::bind, cos_t::bind);
    for x in points {
        // cos' = -sin
        expect(cos_64::tangent(x, 1.0), cos_64::gradient(x), -x.sin());
    }
}

#[differentiate]
fn tan_64(x: f64) -> f64 {
    x.tan()
}

#[differentiate]
fn tan_32(x: f32) -> f32 {
    x.tan()
}

#[differentiate]
fn tan_t<T: Float>(x: T) -> T {
    x.tan()
}

#[test]
fn tan() {
    let points = [-1.2, 0.3, 1.0];
    agree1(&points, tan_64::bind, tan_32::bind, tan_t::bind);
    for x in points {
        // tan' = 1/cos²
        expect(
            tan_64::tangent(x, 1.0),
            tan_64::gradient(x),
            1.0 / (x.cos() * x.cos()),
        );
    }
}

#[differentiate]
fn asin_64(x: f64) -> f64 {
    x.asin()
}

#[differentiate]
fn asin_32(x: f32) -> f32 {
    x.asin()
}

#[differentiate]
fn asin_t<T: Float>(x: T) -> T {
    x.asin()
}

#[test]
fn asin() {
    let points = [-0.6, 0.1, 0.7];
    agree1(&points, asin_64::bind, asin_32::bind, asin_t::bind);
    for x in points {
        // asin' = 1/√(1-x²)
        expect(
            asin_64::tangent(x, 1.0),
            asin_64::gradient(x),
            1.0 / (1.0 - x * x).sqrt(),
        );
    }
}

#[differentiate]
fn acos_64(x: f64) -> f64 {
    x.acos()
}

#[differentiate]
fn acos_32(x: f32) -> f32 {
    x.acos()
}

#[differentiate]
fn acos_t<T: Float>(x: T) -> T {
    x.acos()
}

#[test]
fn acos() {
    let points = [-0.6, 0.1, 0.7];
    agree1(&points, acos_64::bind, acos_32::bind, acos_t::bind);
    for x in points {
        // acos' = -1/√(1-x²)
        expect(
            acos_64::tangent(x, 1.0),
            acos_64::gradient(x),
            -1.0 / (1.0 - x * x).sqrt(),
        );
    }
}

#[differentiate]
fn atan_64(x: f64) -> f64 {
    x.atan()
}

#[differentiate]
fn atan_32(x: f32) -> f32 {
    x.atan()
}

#[differentiate]
fn atan_t<T: Float>(x: T) -> T {
    x.atan()
}

#[test]
fn atan() {
    let points = [-2.0, 0.3, 1.5];
    agree1(&points, atan_64::bind, atan_32::bind, atan_t::bind);
    for x in points {
        // atan' = 1/(1+x²)
        expect(
            atan_64::tangent(x, 1.0),
            atan_64::gradient(x),
            1.0 / (1.0 + x * x),
        );
    }
}

#[differentiate]
fn atan2_64(a: f64, b: f64) -> f64 {
    a.atan2(b)
}

#[differentiate]
fn atan2_32(a: f32, b: f32) -> f32 {
    a.atan2(b)
}

#[differentiate]
fn atan2_t<T: Float>(a: T, b: T) -> T {
    a.atan2(b)
}

#[test]
fn atan2() {
    let points = [(0.5, 1.2), (-1.0, 0.3), (2.0, -0.7)];
    agree2(&points, atan2_64::bind, atan2_32::bind, atan2_t::bind);
    for (a, b) in points {
        let r2 = a * a + b * b;
        // ∂/∂a = b/(a²+b²), ∂/∂b = -a/(a²+b²)
        expect2(
            atan2_64::tangent,
            atan2_64::gradient,
            (a, b),
            [b / r2, -a / r2],
        );
    }
}

// ---------------------------------------------------------------------------
// Hyperbolic
// ---------------------------------------------------------------------------

#[differentiate]
fn sinh_64(x: f64) -> f64 {
    x.sinh()
}

#[differentiate]
fn sinh_32(x: f32) -> f32 {
    x.sinh()
}

#[differentiate]
fn sinh_t<T: Float>(x: T) -> T {
    x.sinh()
}

#[test]
fn sinh() {
    let points = [-1.5, 0.2, 2.0];
    agree1(&points, sinh_64::bind, sinh_32::bind, sinh_t::bind);
    for x in points {
        // sinh' = cosh
        expect(sinh_64::tangent(x, 1.0), sinh_64::gradient(x), x.cosh());
    }
}

#[differentiate]
fn cosh_64(x: f64) -> f64 {
    x.cosh()
}

#[differentiate]
fn cosh_32(x: f32) -> f32 {
    x.cosh()
}

#[differentiate]
fn cosh_t<T: Float>(x: T) -> T {
    x.cosh()
}

#[test]
fn cosh() {
    let points = [-1.5, 0.2, 2.0];
    agree1(&points, cosh_64::bind, cosh_32::bind, cosh_t::bind);
    for x in points {
        // cosh' = sinh
        expect(cosh_64::tangent(x, 1.0), cosh_64::gradient(x), x.sinh());
    }
}

#[differentiate]
fn tanh_64(x: f64) -> f64 {
    x.tanh()
}

#[differentiate]
fn tanh_32(x: f32) -> f32 {
    x.tanh()
}

#[differentiate]
fn tanh_t<T: Float>(x: T) -> T {
    x.tanh()
}

#[test]
fn tanh() {
    let points = [-1.5, 0.2, 2.0];
    agree1(&points, tanh_64::bind, tanh_32::bind, tanh_t::bind);
    for x in points {
        // tanh' = 1 - tanh²
        expect(
            tanh_64::tangent(x, 1.0),
            tanh_64::gradient(x),
            1.0 - x.tanh() * x.tanh(),
        );
    }
}

#[differentiate]
fn asinh_64(x: f64) -> f64 {
    x.asinh()
}

#[differentiate]
fn asinh_32(x: f32) -> f32 {
    x.asinh()
}

#[differentiate]
fn asinh_t<T: Float>(x: T) -> T {
    x.asinh()
}

#[test]
fn asinh() {
    let points = [-1.5, 0.2, 2.0];
    agree1(&points, asinh_64::bind, asinh_32::bind, asinh_t::bind);
    for x in points {
        // asinh' = 1/√(x²+1)
        expect(
            asinh_64::tangent(x, 1.0),
            asinh_64::gradient(x),
            1.0 / (x * x + 1.0).sqrt(),
        );
    }
}

#[differentiate]
fn acosh_64(x: f64) -> f64 {
    x.acosh()
}

#[differentiate]
fn acosh_32(x: f32) -> f32 {
    x.acosh()
}

#[differentiate]
fn acosh_t<T: Float>(x: T) -> T {
    x.acosh()
}

#[test]
fn acosh() {
    let points = [1.2, 2.0, 5.0];
    agree1(&points, acosh_64::bind, acosh_32::bind, acosh_t::bind);
    for x in points {
        // acosh' = 1/√(x²-1)
        expect(
            acosh_64::tangent(x, 1.0),
            acosh_64::gradient(x),
            1.0 / (x * x - 1.0).sqrt(),
        );
    }
}

#[differentiate]
fn atanh_64(x: f64) -> f64 {
    x.atanh()
}

#[differentiate]
fn atanh_32(x: f32) -> f32 {
    x.atanh()
}

#[differentiate]
fn atanh_t<T: Float>(x: T) -> T {
    x.atanh()
}

#[test]
fn atanh() {
    let points = [-0.6, 0.1, 0.7];
    agree1(&points, atanh_64::bind, atanh_32::bind, atanh_t::bind);
    for x in points {
        // atanh' = 1/(1-x²)
        expect(
            atanh_64::tangent(x, 1.0),
            atanh_64::gradient(x),
            1.0 / (1.0 - x * x),
        );
    }
}

// ---------------------------------------------------------------------------
// Exponentials and logarithms
// ---------------------------------------------------------------------------

#[differentiate]
fn exp_64(x: f64) -> f64 {
    x.exp()
}

#[differentiate]
fn exp_32(x: f32) -> f32 {
    x.exp()
}

#[differentiate]
fn exp_t<T: Float>(x: T) -> T {
    x.exp()
}

#[test]
fn exp() {
    let points = [-1.5, 0.2, 2.0];
    agree1(&points, exp_64::bind, exp_32::bind, exp_t::bind);
    for x in points {
        // exp' = exp
        expect(exp_64::tangent(x, 1.0), exp_64::gradient(x), x.exp());
    }
}

#[differentiate]
fn exp2_64(x: f64) -> f64 {
    x.exp2()
}

#[differentiate]
fn exp2_32(x: f32) -> f32 {
    x.exp2()
}

#[differentiate]
fn exp2_t<T: Float>(x: T) -> T {
    x.exp2()
}

#[test]
fn exp2() {
    let points = [-1.5, 0.2, 2.0];
    agree1(&points, exp2_64::bind, exp2_32::bind, exp2_t::bind);
    for x in points {
        // (2ˣ)' = 2ˣ ln 2
        expect(
            exp2_64::tangent(x, 1.0),
            exp2_64::gradient(x),
            (x * LN_2).exp() * LN_2,
        );
    }
}

#[differentiate]
fn exp_m1_64(x: f64) -> f64 {
    x.exp_m1()
}

#[differentiate]
fn exp_m1_32(x: f32) -> f32 {
    x.exp_m1()
}

#[differentiate]
fn exp_m1_t<T: Float>(x: T) -> T {
    x.exp_m1()
}

#[test]
fn exp_m1() {
    let points = [-1.5, 1e-3, 2.0];
    agree1(&points, exp_m1_64::bind, exp_m1_32::bind, exp_m1_t::bind);
    for x in points {
        // (eˣ - 1)' = eˣ
        expect(exp_m1_64::tangent(x, 1.0), exp_m1_64::gradient(x), x.exp());
    }
}

#[differentiate]
fn ln_64(x: f64) -> f64 {
    x.ln()
}

#[differentiate]
fn ln_32(x: f32) -> f32 {
    x.ln()
}

#[differentiate]
fn ln_t<T: Float>(x: T) -> T {
    x.ln()
}

#[test]
fn ln() {
    let points = [0.3, 1.5, 7.0];
    agree1(&points, ln_64::bind, ln_32::bind, ln_t::bind);
    for x in points {
        // ln' = 1/x
        expect(ln_64::tangent(x, 1.0), ln_64::gradient(x), 1.0 / x);
    }
}

#[differentiate]
fn ln_1p_64(x: f64) -> f64 {
    x.ln_1p()
}

#[differentiate]
fn ln_1p_32(x: f32) -> f32 {
    x.ln_1p()
}

#[differentiate]
fn ln_1p_t<T: Float>(x: T) -> T {
    x.ln_1p()
}

#[test]
fn ln_1p() {
    let points = [-0.5, 1e-3, 3.0];
    agree1(&points, ln_1p_64::bind, ln_1p_32::bind, ln_1p_t::bind);
    for x in points {
        // ln(1+x)' = 1/(1+x)
        expect(
            ln_1p_64::tangent(x, 1.0),
            ln_1p_64::gradient(x),
            1.0 / (1.0 + x),
        );
    }
}

#[differentiate]
fn log_64(a: f64, b: f64) -> f64 {
    a.log(b)
}

#[differentiate]
fn log_32(a: f32, b: f32) -> f32 {
    a.log(b)
}

#[differentiate]
fn log_t<T: Float>(a: T, b: T) -> T {
    a.log(b)
}

#[test]
fn log() {
    let points = [(0.3, 2.0), (1.5, 10.0), (7.0, 0.5)];
    agree2(&points, log_64::bind, log_32::bind, log_t::bind);
    for (a, b) in points {
        let lb = b.ln();
        // log_b a = ln a / ln b
        expect2(
            log_64::tangent,
            log_64::gradient,
            (a, b),
            [1.0 / (a * lb), -a.ln() / (b * lb * lb)],
        );
    }
}

#[differentiate]
fn log2_64(x: f64) -> f64 {
    x.log2()
}

#[differentiate]
fn log2_32(x: f32) -> f32 {
    x.log2()
}

#[differentiate]
fn log2_t<T: Float>(x: T) -> T {
    x.log2()
}

#[test]
fn log2() {
    let points = [0.3, 1.5, 7.0];
    agree1(&points, log2_64::bind, log2_32::bind, log2_t::bind);
    for x in points {
        // log₂' = 1/(x ln 2)
        expect(
            log2_64::tangent(x, 1.0),
            log2_64::gradient(x),
            1.0 / (x * LN_2),
        );
    }
}

#[differentiate]
fn log10_64(x: f64) -> f64 {
    x.log10()
}

#[differentiate]
fn log10_32(x: f32) -> f32 {
    x.log10()
}

#[differentiate]
fn log10_t<T: Float>(x: T) -> T {
    x.log10()
}

#[test]
fn log10() {
    let points = [0.3, 1.5, 7.0];
    agree1(&points, log10_64::bind, log10_32::bind, log10_t::bind);
    for x in points {
        // log₁₀' = 1/(x ln 10)
        expect(
            log10_64::tangent(x, 1.0),
            log10_64::gradient(x),
            1.0 / (x * LN_10),
        );
    }
}

// ---------------------------------------------------------------------------
// Powers and roots
// ---------------------------------------------------------------------------

#[differentiate]
fn sqrt_64(x: f64) -> f64 {
    x.sqrt()
}

#[differentiate]
fn sqrt_32(x: f32) -> f32 {
    x.sqrt()
}

#[differentiate]
fn sqrt_t<T: Float>(x: T) -> T {
    x.sqrt()
}

#[test]
fn sqrt() {
    let points = [0.3, 1.5, 7.0];
    agree1(&points, sqrt_64::bind, sqrt_32::bind, sqrt_t::bind);
    for x in points {
        // √' = 1/(2√x)
        expect(
            sqrt_64::tangent(x, 1.0),
            sqrt_64::gradient(x),
            0.5 / x.sqrt(),
        );
    }
}

#[differentiate]
fn cbrt_64(x: f64) -> f64 {
    x.cbrt()
}

#[differentiate]
fn cbrt_32(x: f32) -> f32 {
    x.cbrt()
}

#[differentiate]
fn cbrt_t<T: Float>(x: T) -> T {
    x.cbrt()
}

#[test]
fn cbrt() {
    let points = [-2.0, 0.3, 7.0];
    agree1(&points, cbrt_64::bind, cbrt_32::bind, cbrt_t::bind);
    for x in points {
        // ∛' = 1/(3∛x²)
        expect(
            cbrt_64::tangent(x, 1.0),
            cbrt_64::gradient(x),
            x.abs().powf(-2.0 / 3.0) / 3.0,
        );
    }
}

#[differentiate]
fn powi_64(x: f64, n: i32) -> f64 {
    x.powi(n)
}

#[differentiate]
fn powi_32(x: f32, n: i32) -> f32 {
    x.powi(n)
}

#[differentiate]
fn powi_t<T: Float>(x: T, n: i32) -> T {
    x.powi(n)
}

/// `powi` with literal exponents, negative and positive.
#[differentiate]
fn powi_literal(x: f64) -> f64 {
    x.powi(3) + x.powi(-2)
}

#[test]
fn powi() {
    for (x, n) in [(-1.3, 3), (0.7, -2), (2.0, 1), (1.5, 0), (-0.8, 4)] {
        #[allow(clippy::cast_possible_truncation)]
        let x32 = x as f32;
        agree(
            &powi_64::bind(x, n),
            &powi_32::bind(x32, n),
            &powi_t::bind(x, n),
        );
        // d/dx xⁿ = n·xⁿ⁻¹
        let want = f64::from(n) * x.powf(f64::from(n - 1));
        expect(powi_64::tangent(x, n, 1.0), powi_64::gradient(x, n), want);
    }
    for x in [-1.3, 0.7] {
        common::check(&powi_literal::bind(x), 1e-6);
        let want = 3.0 * x * x - 2.0 / (x * x * x); // (x³ + x⁻²)' = 3x² - 2x⁻³
        expect(
            powi_literal::tangent(x, 1.0),
            powi_literal::gradient(x),
            want,
        );
    }
}

#[differentiate]
fn powf_64(a: f64, b: f64) -> f64 {
    a.powf(b)
}

#[differentiate]
fn powf_32(a: f32, b: f32) -> f32 {
    a.powf(b)
}

#[differentiate]
fn powf_t<T: Float>(a: T, b: T) -> T {
    a.powf(b)
}

#[test]
fn powf() {
    let points = [(0.5, 1.5), (2.0, -0.7), (3.0, 2.5)];
    agree2(&points, powf_64::bind, powf_32::bind, powf_t::bind);
    for (a, b) in points {
        // ∂/∂a = b·aᵇ⁻¹, ∂/∂b = aᵇ·ln a
        expect2(
            powf_64::tangent,
            powf_64::gradient,
            (a, b),
            [b * a.powf(b - 1.0), a.powf(b) * a.ln()],
        );
    }
}

#[differentiate]
fn hypot_64(a: f64, b: f64) -> f64 {
    a.hypot(b)
}

#[differentiate]
fn hypot_32(a: f32, b: f32) -> f32 {
    a.hypot(b)
}

#[differentiate]
fn hypot_t<T: Float>(a: T, b: T) -> T {
    a.hypot(b)
}

#[test]
fn hypot() {
    let points = [(0.5, 1.2), (-1.0, 0.3), (2.0, -0.7)];
    agree2(&points, hypot_64::bind, hypot_32::bind, hypot_t::bind);
    for (a, b) in points {
        let h = (a * a + b * b).sqrt();
        // ∂ = (a, b)/√(a²+b²)
        expect2(
            hypot_64::tangent,
            hypot_64::gradient,
            (a, b),
            [a / h, b / h],
        );
    }
}

#[differentiate]
fn recip_64(x: f64) -> f64 {
    x.recip()
}

#[differentiate]
fn recip_32(x: f32) -> f32 {
    x.recip()
}

#[differentiate]
fn recip_t<T: Float>(x: T) -> T {
    x.recip()
}

#[test]
fn recip() {
    let points = [-2.0, 0.3, 1.5];
    agree1(&points, recip_64::bind, recip_32::bind, recip_t::bind);
    for x in points {
        // (1/x)' = -1/x²
        expect(
            recip_64::tangent(x, 1.0),
            recip_64::gradient(x),
            -1.0 / (x * x),
        );
    }
}

// ---------------------------------------------------------------------------
// Piecewise
// ---------------------------------------------------------------------------

#[differentiate]
fn abs_64(x: f64) -> f64 {
    x.abs()
}

#[differentiate]
fn abs_32(x: f32) -> f32 {
    x.abs()
}

#[differentiate]
fn abs_t<T: Float>(x: T) -> T {
    x.abs()
}

#[test]
fn abs() {
    let points = [-1.5, 0.3, 2.0];
    agree1(&points, abs_64::bind, abs_32::bind, abs_t::bind);
    for x in points {
        // |x|' = sign x
        expect(
            abs_64::tangent(x, 1.0),
            abs_64::gradient(x),
            if x > 0.0 { 1.0 } else { -1.0 },
        );
    }
}

#[differentiate]
fn signum_64(x: f64) -> f64 {
    x.signum()
}

#[differentiate]
fn signum_32(x: f32) -> f32 {
    x.signum()
}

#[differentiate]
fn signum_t<T: Float>(x: T) -> T {
    x.signum()
}

#[test]
fn signum() {
    let points = [-1.5, 0.3, 2.0];
    agree1(&points, signum_64::bind, signum_32::bind, signum_t::bind);
    for x in points {
        // piecewise constant
        expect(signum_64::tangent(x, 1.0), signum_64::gradient(x), 0.0);
    }
}

#[differentiate]
fn max_64(a: f64, b: f64) -> f64 {
    a.max(b)
}

#[differentiate]
fn max_32(a: f32, b: f32) -> f32 {
    a.max(b)
}

#[differentiate]
fn max_t<T: Float>(a: T, b: T) -> T {
    a.max(b)
}

#[test]
fn max() {
    let points = [(0.5, 1.2), (2.0, -0.7), (-1.0, -3.0)];
    agree2(&points, max_64::bind, max_32::bind, max_t::bind);
    for (a, b) in points {
        // the larger operand gets 1
        expect2(
            max_64::tangent,
            max_64::gradient,
            (a, b),
            if a > b { [1.0, 0.0] } else { [0.0, 1.0] },
        );
    }
}

#[differentiate]
fn min_64(a: f64, b: f64) -> f64 {
    a.min(b)
}

#[differentiate]
fn min_32(a: f32, b: f32) -> f32 {
    a.min(b)
}

#[differentiate]
fn min_t<T: Float>(a: T, b: T) -> T {
    a.min(b)
}

#[test]
fn min() {
    let points = [(0.5, 1.2), (2.0, -0.7), (-1.0, -3.0)];
    agree2(&points, min_64::bind, min_32::bind, min_t::bind);
    for (a, b) in points {
        // the smaller operand gets 1
        expect2(
            min_64::tangent,
            min_64::gradient,
            (a, b),
            if a < b { [1.0, 0.0] } else { [0.0, 1.0] },
        );
    }
}

#[differentiate]
fn floor_64(x: f64) -> f64 {
    x.floor()
}

#[differentiate]
fn floor_32(x: f32) -> f32 {
    x.floor()
}

#[differentiate]
fn floor_t<T: Float>(x: T) -> T {
    x.floor()
}

#[test]
fn floor() {
    let points = [-1.3, 0.3, 2.7];
    agree1(&points, floor_64::bind, floor_32::bind, floor_t::bind);
    for x in points {
        // piecewise constant
        expect(floor_64::tangent(x, 1.0), floor_64::gradient(x), 0.0);
    }
}

#[differentiate]
fn ceil_64(x: f64) -> f64 {
    x.ceil()
}

#[differentiate]
fn ceil_32(x: f32) -> f32 {
    x.ceil()
}

#[differentiate]
fn ceil_t<T: Float>(x: T) -> T {
    x.ceil()
}

#[test]
fn ceil() {
    let points = [-1.3, 0.3, 2.7];
    agree1(&points, ceil_64::bind, ceil_32::bind, ceil_t::bind);
    for x in points {
        // piecewise constant
        expect(ceil_64::tangent(x, 1.0), ceil_64::gradient(x), 0.0);
    }
}

#[differentiate]
fn round_64(x: f64) -> f64 {
    x.round()
}

#[differentiate]
fn round_32(x: f32) -> f32 {
    x.round()
}

#[differentiate]
fn round_t<T: Float>(x: T) -> T {
    x.round()
}

#[test]
fn round() {
    let points = [-1.3, 0.3, 2.7];
    agree1(&points, round_64::bind, round_32::bind, round_t::bind);
    for x in points {
        // piecewise constant
        expect(round_64::tangent(x, 1.0), round_64::gradient(x), 0.0);
    }
}

#[differentiate]
fn trunc_64(x: f64) -> f64 {
    x.trunc()
}

#[differentiate]
fn trunc_32(x: f32) -> f32 {
    x.trunc()
}

#[differentiate]
fn trunc_t<T: Float>(x: T) -> T {
    x.trunc()
}

#[test]
fn trunc() {
    let points = [-1.3, 0.3, 2.7];
    agree1(&points, trunc_64::bind, trunc_32::bind, trunc_t::bind);
    for x in points {
        // piecewise constant
        expect(trunc_64::tangent(x, 1.0), trunc_64::gradient(x), 0.0);
    }
}

#[differentiate]
fn fract_64(x: f64) -> f64 {
    x.fract()
}

#[differentiate]
fn fract_32(x: f32) -> f32 {
    x.fract()
}

#[differentiate]
fn fract_t<T: Float>(x: T) -> T {
    x.fract()
}

#[test]
fn fract() {
    let points = [-1.3, 0.3, 2.7];
    agree1(&points, fract_64::bind, fract_32::bind, fract_t::bind);
    for x in points {
        // x - trunc x
        expect(fract_64::tangent(x, 1.0), fract_64::gradient(x), 1.0);
    }
}

// ---------------------------------------------------------------------------
// Linear and arithmetic
// ---------------------------------------------------------------------------

#[differentiate]
fn mul_add_64(a: f64, b: f64, c: f64) -> f64 {
    a.mul_add(b, c)
}

#[differentiate]
fn mul_add_32(a: f32, b: f32, c: f32) -> f32 {
    a.mul_add(b, c)
}

#[differentiate]
fn mul_add_t<T: Float>(a: T, b: T, c: T) -> T {
    a.mul_add(b, c)
}

#[test]
fn mul_add() {
    for (a, b, c) in [(0.5, 1.2, -0.3), (2.0, -0.7, 4.0), (-1.5, -2.5, 0.1)] {
        #[allow(clippy::cast_possible_truncation)]
        let (a32, b32, c32) = (a as f32, b as f32, c as f32);
        agree(
            &mul_add_64::bind(a, b, c),
            &mul_add_32::bind(a32, b32, c32),
            &mul_add_t::bind(a, b, c),
        );
        // ∂(ab + c) = (b, a, 1)
        let forward = [
            mul_add_64::tangent(a, b, c, 1.0, 0.0, 0.0).1,
            mul_add_64::tangent(a, b, c, 0.0, 1.0, 0.0).1,
            mul_add_64::tangent(a, b, c, 0.0, 0.0, 1.0).1,
        ];
        let (ga, gb, gc) = mul_add_64::gradient(a, b, c);
        assert_derivatives("forward mode", &forward, &[b, a, 1.0]);
        assert_derivatives("reverse mode", &[ga, gb, gc], &[b, a, 1.0]);
    }
}

#[differentiate]
fn to_degrees_64(x: f64) -> f64 {
    x.to_degrees()
}

#[differentiate]
fn to_degrees_32(x: f32) -> f32 {
    x.to_degrees()
}

#[differentiate]
fn to_degrees_t<T: Float>(x: T) -> T {
    x.to_degrees()
}

#[test]
fn to_degrees() {
    let points = [-1.3, 0.3, 2.7];
    agree1(
        &points,
        to_degrees_64::bind,
        to_degrees_32::bind,
        to_degrees_t::bind,
    );
    for x in points {
        // 180/π
        expect(
            to_degrees_64::tangent(x, 1.0),
            to_degrees_64::gradient(x),
            180.0 / PI,
        );
    }
}

#[differentiate]
fn to_radians_64(x: f64) -> f64 {
    x.to_radians()
}

#[differentiate]
fn to_radians_32(x: f32) -> f32 {
    x.to_radians()
}

#[differentiate]
fn to_radians_t<T: Float>(x: T) -> T {
    x.to_radians()
}

#[test]
fn to_radians() {
    let points = [-100.0, 30.0, 270.0];
    agree1(
        &points,
        to_radians_64::bind,
        to_radians_32::bind,
        to_radians_t::bind,
    );
    for x in points {
        // π/180
        expect(
            to_radians_64::tangent(x, 1.0),
            to_radians_64::gradient(x),
            PI / 180.0,
        );
    }
}

#[differentiate]
fn neg_64(x: f64) -> f64 {
    -x
}

#[differentiate]
fn neg_32(x: f32) -> f32 {
    -x
}

#[differentiate]
fn neg_t<T: Float>(x: T) -> T {
    -x
}

#[test]
fn neg() {
    let points = [-1.3, 0.3, 2.7];
    agree1(&points, neg_64::bind, neg_32::bind, neg_t::bind);
    for x in points {
        // (-x)' = -1
        expect(neg_64::tangent(x, 1.0), neg_64::gradient(x), -1.0);
    }
}

// ---------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------

#[differentiate]
fn add_64(a: f64, b: f64) -> f64 {
    a + b
}

#[differentiate]
fn add_32(a: f32, b: f32) -> f32 {
    a + b
}

#[differentiate]
fn add_t<T: Float>(a: T, b: T) -> T {
    a + b
}

#[test]
fn add() {
    let points = [(0.5, 1.2), (2.0, -0.7)];
    agree2(&points, add_64::bind, add_32::bind, add_t::bind);
    for (a, b) in points {
        // ∂(a+b) = (1, 1)
        expect2(add_64::tangent, add_64::gradient, (a, b), [1.0, 1.0]);
    }
}

#[differentiate]
fn sub_64(a: f64, b: f64) -> f64 {
    a - b
}

#[differentiate]
fn sub_32(a: f32, b: f32) -> f32 {
    a - b
}

#[differentiate]
fn sub_t<T: Float>(a: T, b: T) -> T {
    a - b
}

#[test]
fn sub() {
    let points = [(0.5, 1.2), (2.0, -0.7)];
    agree2(&points, sub_64::bind, sub_32::bind, sub_t::bind);
    for (a, b) in points {
        // ∂(a-b) = (1, -1)
        expect2(sub_64::tangent, sub_64::gradient, (a, b), [1.0, -1.0]);
    }
}

#[differentiate]
fn mul_64(a: f64, b: f64) -> f64 {
    a * b
}

#[differentiate]
fn mul_32(a: f32, b: f32) -> f32 {
    a * b
}

#[differentiate]
fn mul_t<T: Float>(a: T, b: T) -> T {
    a * b
}

#[test]
fn mul() {
    let points = [(0.5, 1.2), (2.0, -0.7)];
    agree2(&points, mul_64::bind, mul_32::bind, mul_t::bind);
    for (a, b) in points {
        // ∂(ab) = (b, a)
        expect2(mul_64::tangent, mul_64::gradient, (a, b), [b, a]);
    }
}

#[differentiate]
fn div_64(a: f64, b: f64) -> f64 {
    a / b
}

#[differentiate]
fn div_32(a: f32, b: f32) -> f32 {
    a / b
}

#[differentiate]
fn div_t<T: Float>(a: T, b: T) -> T {
    a / b
}

#[test]
fn div() {
    let points = [(0.5, 1.2), (2.0, -0.7)];
    agree2(&points, div_64::bind, div_32::bind, div_t::bind);
    for (a, b) in points {
        // ∂(a/b) = (1/b, -a/b²)
        expect2(
            div_64::tangent,
            div_64::gradient,
            (a, b),
            [1.0 / b, -a / (b * b)],
        );
    }
}

#[differentiate]
fn rem_64(a: f64, b: f64) -> f64 {
    a % b
}

#[differentiate]
fn rem_32(a: f32, b: f32) -> f32 {
    a % b
}

#[differentiate]
fn rem_t<T: Float>(a: T, b: T) -> T {
    a % b
}

#[test]
fn rem() {
    let points = [(5.3, 1.5), (-4.2, 1.3), (2.5, -0.7)];
    agree2(&points, rem_64::bind, rem_32::bind, rem_t::bind);
    for (a, b) in points {
        // a % b = a - trunc(a/b)·b
        expect2(
            rem_64::tangent,
            rem_64::gradient,
            (a, b),
            [1.0, -(a / b).trunc()],
        );
    }
}

/// `a % b` is computed exactly (`a - q·b` with the true integer quotient `q`),
/// while `a / b` is rounded: when the quotient is just below an integer, `a / b`
/// can round up to it, e.g. `1.0 % 0.1 = 0.0999…` has `q = 9` but `1.0 / 0.1 = 10`.
/// The derivative in `b` must be `-q`, the quotient behind the value.
#[test]
fn rem_derivative_follows_the_quotient_behind_the_value() {
    for (a, b) in [(1.0, 0.1), (2.0, 0.2), (0.3, 0.1)] {
        let q = ((a - a % b) / b).round(); // a % b = a - q·b exactly
        expect2(rem_64::tangent, rem_64::gradient, (a, b), [1.0, -q]);
    }
}

#[differentiate]
fn rem_euclid_64(a: f64, b: f64) -> f64 {
    a.rem_euclid(b)
}

#[differentiate]
fn rem_euclid_32(a: f32, b: f32) -> f32 {
    a.rem_euclid(b)
}

/// The `f64` version passes the full battery and the `f32` version (to 1e-4)
/// agrees with its Jacobian, for methods `num_traits::Float` does not have
/// (so there is no generic version).
#[track_caller]
fn agree2_concrete<A, B>(
    points: &[(f64, f64)],
    f64_version: fn(f64, f64) -> A,
    f32_version: fn(f32, f32) -> B,
) where
    A: Differentiable<Scalar = f64>,
    B: Differentiable<Scalar = f32>,
{
    for &(a, b) in points {
        #[allow(clippy::cast_possible_truncation)]
        let (a32, b32) = (a as f32, b as f32);
        common::check(&f64_version(a, b), 1e-6);
        let want: Matrix<f64> = jacobian::jacobian(&f64_version(a, b), Mode::Forward);
        for mode in [Mode::Forward, Mode::Reverse] {
            let j32 = jacobian::jacobian(&f32_version(a32, b32), mode);
            common::assert_matrix_close(&j32, &want, 1e-4, &format!("f32 version, {mode:?}"));
        }
    }
}

#[test]
fn rem_euclid() {
    let points = [(5.3, 1.5), (-4.2, 1.3), (2.5, -0.7), (-2.5, -0.7)];
    agree2_concrete(&points, rem_euclid_64::bind, rem_euclid_32::bind);
    for (a, b) in points {
        // a.rem_euclid(b) = a - q·b with q = a.div_euclid(b)
        let q: f64 = a.div_euclid(b);
        expect2(
            rem_euclid_64::tangent,
            rem_euclid_64::gradient,
            (a, b),
            [1.0, -q],
        );
    }
    // Before the fix: (3, 5) for rem_euclid(5, 3) + 5·3, the derivative of rem_euclid dropped.
    assert_eq!(rem_euclid_64::gradient(5.0, 3.0), (1.0, -1.0));
}

#[differentiate]
fn div_euclid_64(a: f64, b: f64) -> f64 {
    a.div_euclid(b) * b
}

#[differentiate]
fn div_euclid_32(a: f32, b: f32) -> f32 {
    a.div_euclid(b) * b
}

#[test]
fn div_euclid() {
    let points = [(5.3, 1.5), (-4.2, 1.3), (2.5, -0.7)];
    agree2_concrete(&points, div_euclid_64::bind, div_euclid_32::bind);
    for (a, b) in points {
        // q(a, b)·b with q piecewise constant: (0, q)
        let q: f64 = a.div_euclid(b);
        expect2(
            div_euclid_64::tangent,
            div_euclid_64::gradient,
            (a, b),
            [0.0, q],
        );
    }
}

#[differentiate]
fn clamp_64(a: f64, lo: f64, hi: f64) -> f64 {
    a.clamp(lo, hi)
}

#[differentiate]
fn clamp_32(a: f32, lo: f32, hi: f32) -> f32 {
    a.clamp(lo, hi)
}

#[differentiate]
fn clamp_t<T: Float>(a: T, lo: T, hi: T) -> T {
    a.clamp(lo, hi)
}

#[test]
fn clamp() {
    // inside, below, above; on a bound the receiver is selected
    for (a, lo, hi, want) in [
        (0.5, 0.0, 1.0, [1.0, 0.0, 0.0]),
        (-0.5, 0.0, 1.0, [0.0, 1.0, 0.0]),
        (1.5, 0.0, 1.0, [0.0, 0.0, 1.0]),
    ] {
        #[allow(clippy::cast_possible_truncation)]
        let (a32, lo32, hi32) = (a as f32, lo as f32, hi as f32);
        agree(
            &clamp_64::bind(a, lo, hi),
            &clamp_32::bind(a32, lo32, hi32),
            &clamp_t::bind(a, lo, hi),
        );
        let forward = [
            clamp_64::tangent(a, lo, hi, 1.0, 0.0, 0.0).1,
            clamp_64::tangent(a, lo, hi, 0.0, 1.0, 0.0).1,
            clamp_64::tangent(a, lo, hi, 0.0, 0.0, 1.0).1,
        ];
        let (ga, gl, gh) = clamp_64::gradient(a, lo, hi);
        assert_derivatives("forward mode", &forward, &want);
        assert_derivatives("reverse mode", &[ga, gl, gh], &want);
    }
    for a in [0.0, 1.0] {
        assert_eq!(clamp_64::gradient(a, 0.0, 1.0), (1.0, 0.0, 0.0), "a = {a}");
    }
}

// ---------------------------------------------------------------------------
// UFCS forms: `f64::sin(x)`, `T::sin(x)`, `Float::max(a, b)`, `<T as Float>::exp(x)`
// ---------------------------------------------------------------------------

#[differentiate]
fn ufcs_64(a: f64, b: f64) -> f64 {
    f64::sin(a)
        + f64::atan2(a, b)
        + f64::powi(b, 3)
        + f64::mul_add(a, b, a)
        + Float::max(a, b)
        + Float::hypot(a, b)
        + <f64 as Float>::exp(b)
}

#[differentiate]
fn ufcs_32(a: f32, b: f32) -> f32 {
    f32::sin(a)
        + f32::atan2(a, b)
        + f32::powi(b, 3)
        + f32::mul_add(a, b, a)
        + Float::max(a, b)
        + Float::hypot(a, b)
        + <f32 as Float>::exp(b)
}

#[differentiate]
fn ufcs_t<T: Float>(a: T, b: T) -> T {
    T::sin(a)
        + T::atan2(a, b)
        + T::powi(b, 3)
        + T::mul_add(a, b, a)
        + Float::max(a, b)
        + T::hypot(a, b)
        + <T as Float>::exp(b)
}

#[test]
fn ufcs_forms() {
    let points = [(0.5, 1.2), (2.0, -0.7)];
    agree2(&points, ufcs_64::bind, ufcs_32::bind, ufcs_t::bind);
    for (a, b) in points {
        let (r2, h) = (a * a + b * b, a.hypot(b));
        let (max_a, max_b) = if a > b { (1.0, 0.0) } else { (0.0, 1.0) };
        let want = [
            a.cos() + b / r2 + b + 1.0 + max_a + a / h,
            -a / r2 + 3.0 * b * b + a + max_b + b / h + b.exp(),
        ];
        expect2(ufcs_64::tangent, ufcs_64::gradient, (a, b), want);
    }
}

// ---------------------------------------------------------------------------
// Constant operands in each position
// ---------------------------------------------------------------------------

/// Each method with one operand active and the others constant.
#[differentiate]
fn constant_operands(x: f64) -> [f64; 20] {
    [
        2.0_f64.powf(x),
        x.powf(2.5),
        3.0_f64.atan2(x),
        x.atan2(3.0),
        x.log(3.0),
        2.0_f64.log(x),
        x.max(1.0),
        1.0_f64.max(x),
        x.min(1.0),
        1.0_f64.min(x),
        x.mul_add(2.0, 1.0),
        2.0_f64.mul_add(x, 1.0),
        2.0_f64.mul_add(1.0, x),
        2.0_f64.hypot(x),
        x.hypot(2.0),
        5.0 % x,
        x % 1.5,
        1.0 / x,
        1.0 - x,
        PI * x,
    ]
}

/// The same in generic code, with constants from `T::from(..).unwrap()` and `T::one()`.
#[differentiate]
fn constant_operands_t<T: Float>(x: T) -> [T; 6] {
    [
        T::from(2.0).unwrap().powf(x),
        x.powf(T::from(2.5).unwrap()),
        T::from(3.0).unwrap().atan2(x),
        T::one().max(x),
        T::from(2.0).unwrap().mul_add(x, T::one()),
        T::from(5.0).unwrap() % x,
    ]
}

/// The closed-form derivatives of [`constant_operands`] at `x`.
fn constant_operands_derivatives(x: f64) -> [f64; 20] {
    let step = |selected: bool| if selected { 1.0 } else { 0.0 };
    [
        2.0_f64.powf(x) * LN_2,
        2.5 * x.powf(1.5),
        -3.0 / (9.0 + x * x),
        3.0 / (x * x + 9.0),
        1.0 / (x * 3.0_f64.ln()),
        -LN_2 / (x * x.ln() * x.ln()),
        step(x > 1.0),
        step(x > 1.0),
        step(x < 1.0),
        step(x < 1.0),
        2.0,
        2.0,
        1.0,
        x / (4.0 + x * x).sqrt(),
        x / (x * x + 4.0).sqrt(),
        -(5.0 / x).trunc(),
        1.0,
        -1.0 / (x * x),
        -1.0,
        PI,
    ]
}

#[test]
fn constant_operands_in_every_position() {
    for x in [0.7, 2.3] {
        common::check(&constant_operands::bind(x), 1e-6);
        let want = constant_operands_derivatives(x);
        for mode in [Mode::Forward, Mode::Reverse] {
            let j = jacobian::jacobian(&constant_operands::bind(x), mode);
            assert_derivatives(&format!("{mode:?} at {x}"), &j.column(0), &want);
            let jt = jacobian::jacobian(&constant_operands_t::bind(x), mode);
            let picked = [want[0], want[1], want[2], want[7], want[11], want[15]];
            assert_derivatives(&format!("generic, {mode:?} at {x}"), &jt.column(0), &picked);
        }
    }
}

/// `powf` with only the base active must not pick up the exponent's partial
/// `xᵖ·ln x`, which is NaN for a negative or zero base.
#[differentiate(wrt(x))]
fn powf_wrt_base(x: f64, p: f64) -> f64 {
    x.powf(p)
}

/// The same with a literal exponent.
#[differentiate]
fn powf_literal_exponent(x: f64) -> f64 {
    x.powf(3.0)
}

#[test]
fn powf_of_a_negative_or_zero_base_with_a_constant_exponent() {
    for x in [-2.0, -0.5, 0.0] {
        let want = 3.0 * x * x; // (x³)' = 3x²
        expect(
            powf_wrt_base::tangent(x, 3.0, 1.0),
            powf_wrt_base::gradient(x, 3.0),
            want,
        );
        expect(
            powf_literal_exponent::tangent(x, 1.0),
            powf_literal_exponent::gradient(x),
            want,
        );
    }
}

// ---------------------------------------------------------------------------
// One variable in several operand positions: contributions must add up
// ---------------------------------------------------------------------------

#[differentiate]
#[allow(clippy::eq_op)] // `x / x`, `x - x`, `x % x` are the point
fn same_operand(x: f64) -> [f64; 12] {
    [
        x.atan2(x),
        x.powf(x),
        x.hypot(x),
        x.max(x),
        x.min(x),
        x.mul_add(x, x),
        x % x,
        x / x,
        x.log(x),
        x * x,
        x - x,
        x + x,
    ]
}

#[test]
fn one_variable_in_several_operand_positions() {
    for x in [0.6, 2.5] {
        common::check(&same_operand::bind(x), 1e-6);
        let want = [
            0.0,                        // atan2(x, x) = π/4 for x > 0
            x.powf(x) * (1.0 + x.ln()), // (xˣ)' = xˣ(1 + ln x)
            SQRT_2,                     // hypot(x, x) = √2·x
            1.0,                        // max(x, x) = x
            1.0,                        // min(x, x) = x
            2.0 * x + 1.0,              // x² + x
            0.0,                        // x % x = 0
            0.0,                        // x / x = 1
            0.0,                        // log_x x = 1
            2.0 * x,                    // x²
            0.0,                        // x - x
            2.0,                        // 2x
        ];
        for mode in [Mode::Forward, Mode::Reverse] {
            let j = jacobian::jacobian(&same_operand::bind(x), mode);
            assert_derivatives(&format!("{mode:?} at {x}"), &j.column(0), &want);
        }
    }
}

// ---------------------------------------------------------------------------
// Rules that read their result, when the result overwrites an operand
// ---------------------------------------------------------------------------

/// Every rule whose partials read the result (`tan tanh exp exp2 exp_m1 sqrt cbrt
/// recip powf hypot` and `/`), each result overwriting its own operand.
#[differentiate]
#[allow(clippy::assign_op_pattern)] // `a = a / y` is the `/` primitive, not `/=`
fn overwrite(x: f64, y: f64) -> f64 {
    let mut a = x;
    a = a.tan();
    a = a.tanh();
    a = a.exp();
    a = a.sqrt();
    a = a.cbrt();
    a = a.exp2();
    a = a.exp_m1();
    a = a.recip();
    a = a.powf(y);
    a = a.hypot(y);
    a = y / a;
    a = a / y;
    a
}

/// The same inside a loop, so the overwritten values go through the adjoint's stack.
#[differentiate]
fn overwrite_in_loop(x: f64, y: f64, n: usize) -> f64 {
    let mut a = x;
    for _ in 0..n {
        a = a.tanh();
        a = y / a;
        a = a.sqrt();
        a = a.hypot(y);
        a = a.recip();
        a = a.powf(y);
        a = a.exp();
    }
    a
}

/// Each result its rule reads is overwritten by the next, unrelated value
/// before the reverse sweep reaches the rule (`s += t` itself reads nothing).
#[differentiate]
fn result_overwritten_later(x: f64, y: f64) -> f64 {
    let mut s = 0.0;
    let mut t = x.tan();
    s += t;
    t = x.tanh();
    s += t;
    t = x.exp();
    s += t;
    t = x.exp2();
    s += t;
    t = x.exp_m1();
    s += t;
    t = x.sqrt();
    s += t;
    t = x.cbrt();
    s += t;
    t = x.recip();
    s += t;
    t = x.powf(y);
    s += t;
    t = x.hypot(y);
    s += t;
    t = x / y;
    s += t;
    t = y;
    s + t
}

#[test]
fn results_that_overwrite_their_operands() {
    for (x, y) in [(0.4, 1.3), (0.9, 0.6)] {
        common::check(&overwrite::bind(x, y), 1e-6);
        common::check(&overwrite_in_loop::bind(x, y, 3), 1e-6);
    }
}

#[test]
fn results_overwritten_by_unrelated_values() {
    for (x, y) in [(0.4, 1.3), (0.9, 0.6)] {
        common::check(&result_overwritten_later::bind(x, y), 1e-6);
        let (c, h) = (x.cos(), x.hypot(y));
        let want = [
            1.0 / (c * c)
                + 1.0 / (x.cosh() * x.cosh())
                + 2.0 * x.exp()
                + x.exp2() * LN_2
                + 0.5 / x.sqrt()
                + x.powf(-2.0 / 3.0) / 3.0
                - 1.0 / (x * x)
                + y * x.powf(y - 1.0)
                + x / h
                + 1.0 / y,
            x.powf(y) * x.ln() + y / h - x / (y * y) + 1.0,
        ];
        expect2(
            result_overwritten_later::tangent,
            result_overwritten_later::gradient,
            (x, y),
            want,
        );
    }
}

// ---------------------------------------------------------------------------
// Conventions at points where a function is not differentiable (README)
// ---------------------------------------------------------------------------

#[test]
fn abs_has_derivative_zero_at_zero() {
    for x in [0.0, -0.0] {
        expect(abs_64::tangent(x, 1.0), abs_64::gradient(x), 0.0);
        assert_eq!(
            (abs_32::tangent(0.0, 1.0).1, abs_32::gradient(0.0)),
            (0.0, 0.0)
        );
        assert_eq!((abs_t::tangent(x, 1.0).1, abs_t::gradient(x)), (0.0, 0.0));
    }
}

#[test]
fn max_and_min_ties_go_to_the_receiver() {
    for (a, b) in [
        (1.0, 1.0),
        (-2.5, -2.5),
        (0.0, -0.0),
        (-0.0, 0.0),
        (f64::INFINITY, f64::INFINITY),
    ] {
        expect2(max_64::tangent, max_64::gradient, (a, b), [1.0, 0.0]);
        expect2(min_64::tangent, min_64::gradient, (a, b), [1.0, 0.0]);
    }
    assert_eq!(max_32::gradient(1.0, 1.0), (1.0, 0.0));
    assert_eq!(min_t::gradient(1.0, 1.0), (1.0, 0.0));
}

#[test]
fn max_and_min_give_the_derivative_to_the_selected_operand() {
    expect2(max_64::tangent, max_64::gradient, (2.0, 1.0), [1.0, 0.0]);
    expect2(max_64::tangent, max_64::gradient, (1.0, 2.0), [0.0, 1.0]);
    expect2(min_64::tangent, min_64::gradient, (2.0, 1.0), [0.0, 1.0]);
    expect2(min_64::tangent, min_64::gradient, (1.0, 2.0), [1.0, 0.0]);
    // A NaN operand is never selected (as in `f64::max`), so it gets no derivative.
    expect2(
        max_64::tangent,
        max_64::gradient,
        (f64::NAN, 1.0),
        [0.0, 1.0],
    );
    expect2(
        max_64::tangent,
        max_64::gradient,
        (1.0, f64::NAN),
        [1.0, 0.0],
    );
    expect2(
        min_64::tangent,
        min_64::gradient,
        (f64::NAN, 1.0),
        [0.0, 1.0],
    );
    expect2(
        min_64::tangent,
        min_64::gradient,
        (1.0, f64::NAN),
        [1.0, 0.0],
    );
}

#[test]
fn piecewise_constant_methods_have_derivative_zero_at_their_jumps() {
    for x in [0.0, -0.0] {
        expect(signum_64::tangent(x, 1.0), signum_64::gradient(x), 0.0);
    }
    for x in [-1.0, 0.0, 2.0] {
        expect(floor_64::tangent(x, 1.0), floor_64::gradient(x), 0.0);
        expect(ceil_64::tangent(x, 1.0), ceil_64::gradient(x), 0.0);
        expect(trunc_64::tangent(x, 1.0), trunc_64::gradient(x), 0.0);
    }
    for x in [-2.5, 0.5, 1.5] {
        expect(round_64::tangent(x, 1.0), round_64::gradient(x), 0.0);
    }
}

#[test]
fn sqrt_and_cbrt_have_derivative_plus_infinity_at_zero() {
    expect(
        sqrt_64::tangent(0.0, 1.0),
        sqrt_64::gradient(0.0),
        f64::INFINITY,
    );
    expect(
        cbrt_64::tangent(0.0, 1.0),
        cbrt_64::gradient(0.0),
        f64::INFINITY,
    );
    assert_eq!(sqrt_32::gradient(0.0), f32::INFINITY);
}

/// `x.powi(0)` with a literal exponent.
#[differentiate]
fn powi_zero(x: f64) -> f64 {
    x.powi(0)
}

#[test]
fn powi_with_exponent_zero_has_derivative_zero_even_at_zero() {
    for x in [0.0, -0.0, 3.0] {
        expect(powi_64::tangent(x, 0, 1.0), powi_64::gradient(x, 0), 0.0);
        expect(powi_zero::tangent(x, 1.0), powi_zero::gradient(x), 0.0);
    }
    // The neighbouring exponents at zero: (x)' = 1, (x²)' = 0.
    expect(
        powi_64::tangent(0.0, 1, 1.0),
        powi_64::gradient(0.0, 1),
        1.0,
    );
    expect(
        powi_64::tangent(0.0, 2, 1.0),
        powi_64::gradient(0.0, 2),
        0.0,
    );
}

/// Observed (and documented in the README): both partials of `hypot` are NaN at
/// the origin, where the partials `a/h` and `b/h` are 0/0, in both modes.
#[test]
fn hypot_at_the_origin_is_nan() {
    expect2(
        hypot_64::tangent,
        hypot_64::gradient,
        (0.0, 0.0),
        [f64::NAN, f64::NAN],
    );
}

// ---------------------------------------------------------------------------
// Every method of the rule table is exercised here
// ---------------------------------------------------------------------------

/// The quoted method names of the `table! { .. }` block of the rule table,
/// operators skipped.
fn rule_table_methods() -> Vec<&'static str> {
    let rules = include_str!("../jacobian-macro/src/rules.rs");
    let start = rules
        .find("\ntable! {")
        .expect("the rule table's `table! {` block");
    let block = &rules[start..];
    let block = &block[..block[1..]
        .find("\n}")
        .expect("the end of the `table!` block")];
    block
        .lines()
        .filter_map(|line| {
            let rest = &line[line.find('"')? + 1..];
            let name = &rest[..rest.find('"')?];
            name.starts_with(|c: char| c.is_ascii_alphabetic())
                .then_some(name)
        })
        .collect()
}

/// The text of every `#[differentiate]` function of this file.
fn differentiated_functions() -> Vec<&'static str> {
    include_str!("math.rs")
        .split("\n#[differentiate")
        .skip(1)
        .map(|item| &item[..item.find("\n}\n").unwrap_or(item.len())])
        .collect()
}

#[test]
fn every_method_of_the_rule_table_is_tested_here() {
    let methods = rule_table_methods();
    assert!(
        methods.len() >= 39 && methods.contains(&"sin") && methods.contains(&"mul_add"),
        "the rule table was not parsed: {methods:?}"
    );
    let functions = differentiated_functions();
    let this = include_str!("math.rs");
    for name in &methods {
        let (method, path) = (format!(".{name}("), format!("::{name}("));
        assert!(
            functions.iter().any(|f| f.contains(&method) || f.contains(&path)),
            "`{name}` is in the rule table but no `#[differentiate]` function of tests/math.rs calls it"
        );
        assert!(
            this.contains(&format!("\n#[test]\nfn {name}() {{")),
            "`{name}` is in the rule table but tests/math.rs has no `#[test] fn {name}()`"
        );
    }
}

#[test]
fn the_readme_lists_exactly_the_methods_of_the_rule_table() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("math method (`")
        .expect("the README's list of math methods")
        + "math method (`".len();
    let listed: Vec<&str> = readme[start..start + readme[start..].find('`').unwrap()]
        .split_whitespace()
        .collect();
    let mut table = rule_table_methods();
    let mut readme_sorted = listed.clone();
    table.sort_unstable();
    readme_sorted.sort_unstable();
    assert_eq!(readme_sorted, table, "README list vs rule table");
}
