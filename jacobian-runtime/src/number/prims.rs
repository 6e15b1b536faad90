//! Each primitive's first and second partial derivatives, computed together.
//!
//! One function per differentiable primitive `y = p(a, b, c)`, named after the Rust method
//! (operators get word names: `add`, `sub`, `mul`, `div`, `rem`, `neg`). It takes the
//! operands and the result `y` and returns a [`D1`], [`D2`] or [`D3`]; the second partials
//! are the Hessian's upper triangle, the third its symmetric tensor's distinct entries. A
//! first-order number type reads only `d`, so once the rule is inlined the higher partials
//! are dead code there.
//!
//! # What a rule reads
//!
//! The adjoint sweep keeps only the values a primitive's *first* partials read; the others
//! may be stale (overwritten and not saved) when the reverse sweep calls the rule. So every
//! partial, first or second, reads only what its first-order counterpart reads (the rule
//! table of `jacobian-macro`):
//!
//! - linear and piecewise-constant rules (`neg`, `add`, `sub`, `fract`, `to_degrees`,
//!   `to_radians`, `floor`, `ceil`, `round`, `trunc`, `signum`, `div_euclid`) read nothing;
//! - `tan`, `tanh`, `exp`, `exp2`, `exp_m1`, `sqrt`, `cbrt` and `recip` read the result
//!   only, never `a`;
//! - the other unary rules, `atan2`, `log`, `max`, `min`, `mul`, `mul_add` and `clamp` read
//!   the operands only, never `y` (the second partials of `sin`, `cos`, `sinh` and `cosh`
//!   are recomputed from `a`);
//! - `div` never reads `a`; `rem`, `rem_euclid`, `powf` and `hypot` read operands and result.
//!
//! The parameters a rule does not read are named `_a`, `_b` or `_y`.
//!
//! Where a function is not differentiable, the conventions are those of the helpers in
//! [`rules`] (for instance [`abs_d`](crate::__private::rules::abs_d),
//! [`max_d`](crate::__private::rules::max_d), [`powf_dp`](crate::__private::rules::powf_dp));
//! piecewise-linear rules have zero second partials.

use super::{D1, D2, D3};
use crate::__private::rules;
use crate::Scalar;

/// The partials of a linear unary primitive with slope `d`.
#[inline]
fn linear1<S: Scalar>(d: S) -> D1<S> {
    D1 {
        d,
        dd: S::zero(),
        ddd: S::zero(),
    }
}

/// The partials of a unary primitive that is locally constant.
#[inline]
fn flat1<S: Scalar>() -> D1<S> {
    linear1(S::zero())
}

/// The partials of a binary primitive that is locally linear with gradient `d`.
#[inline]
fn linear2<S: Scalar>(d: [S; 2]) -> D2<S> {
    D2 {
        d,
        dd: [S::zero(); 3],
        ddd: [S::zero(); 4],
    }
}

/// `-a`.
#[inline]
pub fn neg<S: Scalar>(_a: S, _y: S) -> D1<S> {
    linear1(-S::one()) // d(-a) = -1
}

/// `a.sin()`.
#[inline]
pub fn sin<S: Scalar>(a: S, _y: S) -> D1<S> {
    // sin' = cos, sin'' = -sin, sin''' = -cos
    let c = a.cos();
    D1 {
        d: c,
        dd: -a.sin(),
        ddd: -c,
    }
}

/// `a.cos()`.
#[inline]
pub fn cos<S: Scalar>(a: S, _y: S) -> D1<S> {
    // cos' = -sin, cos'' = -cos, cos''' = sin
    let s = a.sin();
    D1 {
        d: -s,
        dd: -a.cos(),
        ddd: s,
    }
}

/// `a.tan()`, from the result.
#[inline]
pub fn tan<S: Scalar>(_a: S, y: S) -> D1<S> {
    // tan' = 1 + tan², tan'' = 2 tan (1 + tan²), tan''' = 2 (1 + tan²)(1 + 3 tan²)
    let d = S::one() + y * y;
    D1 {
        d,
        dd: S::cst(2.0) * y * d,
        ddd: S::cst(2.0) * d * (S::one() + S::cst(3.0) * y * y),
    }
}

/// 1 - a² as (1 - a)(1 + a): no cancellation near |a| = 1.
#[inline]
fn one_minus_sq<S: Scalar>(a: S) -> S {
    (S::one() - a) * (S::one() + a)
}

/// `a.asin()`.
#[inline]
pub fn asin<S: Scalar>(a: S, _y: S) -> D1<S> {
    // asin' = 1/√(1-a²), asin'' = a (1-a²)^-3/2, asin''' = (1 + 2a²)(1-a²)^-5/2
    let q = one_minus_sq(a);
    D1 {
        d: q.sqrt().recip(),
        dd: a * q.powi(-3).sqrt(),
        ddd: (S::one() + S::cst(2.0) * a * a) * q.powi(-5).sqrt(),
    }
}

/// `a.acos()`.
#[inline]
pub fn acos<S: Scalar>(a: S, _y: S) -> D1<S> {
    // acos' = -1/√(1-a²), acos'' = -a (1-a²)^-3/2, acos''' = -(1 + 2a²)(1-a²)^-5/2
    let q = one_minus_sq(a);
    D1 {
        d: -q.sqrt().recip(),
        dd: -a * q.powi(-3).sqrt(),
        ddd: -(S::one() + S::cst(2.0) * a * a) * q.powi(-5).sqrt(),
    }
}

/// `a.atan()`.
#[inline]
pub fn atan<S: Scalar>(a: S, _y: S) -> D1<S> {
    // atan' = q = 1/(1+a²), atan'' = -2a/(1+a²)² as -2·(a·q)·q (q² underflows),
    // atan''' = (6a² - 2)/(1+a²)³ as (6(a·q)² - 2q²)·q
    let q = (S::one() + a * a).recip();
    let aq = a * q;
    D1 {
        d: q,
        dd: -S::cst(2.0) * aq * q,
        ddd: (S::cst(6.0) * aq * aq - S::cst(2.0) * q * q) * q,
    }
}

/// `a.sinh()`.
#[inline]
pub fn sinh<S: Scalar>(a: S, _y: S) -> D1<S> {
    // sinh' = cosh, sinh'' = sinh, sinh''' = cosh
    let c = a.cosh();
    D1 {
        d: c,
        dd: a.sinh(),
        ddd: c,
    }
}

/// `a.cosh()`.
#[inline]
pub fn cosh<S: Scalar>(a: S, _y: S) -> D1<S> {
    // cosh' = sinh, cosh'' = cosh, cosh''' = sinh
    let s = a.sinh();
    D1 {
        d: s,
        dd: a.cosh(),
        ddd: s,
    }
}

/// `a.tanh()`, from the result.
#[inline]
pub fn tanh<S: Scalar>(_a: S, y: S) -> D1<S> {
    // tanh' = 1 - tanh², tanh'' = -2 tanh (1 - tanh²), tanh''' = -2 (1 - tanh²)(1 - 3 tanh²)
    let d = S::one() - y * y;
    D1 {
        d,
        dd: -S::cst(2.0) * y * d,
        ddd: -S::cst(2.0) * d * (S::one() - S::cst(3.0) * y * y),
    }
}

/// `a.asinh()`.
#[inline]
pub fn asinh<S: Scalar>(a: S, _y: S) -> D1<S> {
    // s = √(a²+1) (no overflow of a²): asinh' = 1/s, asinh'' = -a/s³ = -(a/s)/s²,
    // asinh''' = (2a² - 1)/s⁵ = (2(a/s)² - 1/s²)/s³
    let s = a.hypot(S::one());
    let u = a / s;
    D1 {
        d: s.recip(),
        dd: -u / s / s,
        ddd: (S::cst(2.0) * u * u - (s * s).recip()) / s / s / s,
    }
}

/// `a.acosh()`.
#[inline]
pub fn acosh<S: Scalar>(a: S, _y: S) -> D1<S> {
    // s = √(a-1)·√(a+1): acosh' = 1/s, acosh'' = -a/s³ = -(a/s)/s²,
    // acosh''' = (2a² + 1)/s⁵ = (2(a/s)² + 1/s²)/s³
    let s = (a - S::one()).sqrt() * (a + S::one()).sqrt();
    let u = a / s;
    D1 {
        d: s.recip(),
        dd: -u / s / s,
        ddd: (S::cst(2.0) * u * u + (s * s).recip()) / s / s / s,
    }
}

/// `a.atanh()`.
#[inline]
pub fn atanh<S: Scalar>(a: S, _y: S) -> D1<S> {
    // atanh' = 1/(1-a²), atanh'' = 2a/(1-a²)², atanh''' = (2 + 6a²)/(1-a²)³
    let q = one_minus_sq(a);
    D1 {
        d: q.recip(),
        dd: S::cst(2.0) * a * q.powi(-2),
        ddd: (S::cst(2.0) + S::cst(6.0) * a * a) * q.powi(-3),
    }
}

/// `a.exp()`, from the result.
#[inline]
pub fn exp<S: Scalar>(_a: S, y: S) -> D1<S> {
    D1 {
        d: y,
        dd: y,
        ddd: y,
    } // exp' = exp'' = exp''' = exp
}

/// `a.exp2()`, from the result.
#[inline]
pub fn exp2<S: Scalar>(_a: S, y: S) -> D1<S> {
    // exp2' = 2ᵃ ln 2, exp2'' = 2ᵃ ln² 2, exp2''' = 2ᵃ ln³ 2
    let ln2 = S::cst(core::f64::consts::LN_2);
    D1 {
        d: y * ln2,
        dd: y * ln2 * ln2,
        ddd: y * ln2 * ln2 * ln2,
    }
}

/// `a.exp_m1()`, from the result.
#[inline]
pub fn exp_m1<S: Scalar>(_a: S, y: S) -> D1<S> {
    // exp_m1' = exp_m1'' = exp_m1''' = eᵃ = y + 1
    let e = y + S::one();
    D1 {
        d: e,
        dd: e,
        ddd: e,
    }
}

/// `a.ln()`.
#[inline]
pub fn ln<S: Scalar>(a: S, _y: S) -> D1<S> {
    // ln' = 1/a, ln'' = -1/a², ln''' = 2/a³
    let r = a.recip();
    D1 {
        d: r,
        dd: -(a * a).recip(),
        ddd: S::cst(2.0) * r * r * r,
    }
}

/// `a.ln_1p()`.
#[inline]
pub fn ln_1p<S: Scalar>(a: S, _y: S) -> D1<S> {
    // ln_1p' = 1/(1+a), ln_1p'' = -1/(1+a)², ln_1p''' = 2/(1+a)³
    let u = S::one() + a;
    let r = u.recip();
    D1 {
        d: r,
        dd: -(u * u).recip(),
        ddd: S::cst(2.0) * r * r * r,
    }
}

/// `a.log2()`.
#[inline]
pub fn log2<S: Scalar>(a: S, _y: S) -> D1<S> {
    // log2' = 1/(a ln 2), log2'' = -1/(a² ln 2), log2''' = 2/(a³ ln 2)
    let ln2 = S::cst(core::f64::consts::LN_2);
    let r = a.recip();
    D1 {
        d: (a * ln2).recip(),
        dd: -(a * a * ln2).recip(),
        ddd: S::cst(2.0) * r * r * r / ln2,
    }
}

/// `a.log10()`.
#[inline]
pub fn log10<S: Scalar>(a: S, _y: S) -> D1<S> {
    // log10' = 1/(a ln 10), log10'' = -1/(a² ln 10), log10''' = 2/(a³ ln 10)
    let ln10 = S::cst(core::f64::consts::LN_10);
    let r = a.recip();
    D1 {
        d: (a * ln10).recip(),
        dd: -(a * a * ln10).recip(),
        ddd: S::cst(2.0) * r * r * r / ln10,
    }
}

/// `a.sqrt()`, from the result.
#[inline]
pub fn sqrt<S: Scalar>(_a: S, y: S) -> D1<S> {
    // sqrt' = 1/(2|y|) (+∞ at ±0), sqrt'' = -1/(4y³), sqrt''' = 3/(8y⁵)
    D1 {
        d: (S::cst(2.0) * y.abs()).recip(),
        dd: -(S::cst(4.0) * y * y * y).recip(),
        ddd: S::cst(3.0 / 8.0) * y.powi(-5),
    }
}

/// `a.cbrt()`, from the result.
#[inline]
pub fn cbrt<S: Scalar>(_a: S, y: S) -> D1<S> {
    // cbrt' = 1/(3y²) (+∞ at 0), cbrt'' = -2/(9y⁵), cbrt''' = 10/(27y⁸)
    D1 {
        d: (S::cst(3.0) * y * y).recip(),
        dd: -S::cst(2.0 / 9.0) * y.powi(-5),
        ddd: S::cst(10.0 / 27.0) * y.powi(-8),
    }
}

/// `a.abs()`: the sign of `a`, 0 at ±0 (see [`abs_d`](rules::abs_d)).
#[inline]
pub fn abs<S: Scalar>(a: S, _y: S) -> D1<S> {
    linear1(rules::abs_d(a)) // abs' = sign(a), abs'' = 0
}

/// `a.signum()`: piecewise constant.
#[inline]
pub fn signum<S: Scalar>(_a: S, _y: S) -> D1<S> {
    flat1()
}

/// `a.recip()`, from the result.
#[inline]
pub fn recip<S: Scalar>(_a: S, y: S) -> D1<S> {
    // (1/a)' = -1/a² = -y², (1/a)'' = 2/a³ = 2y³, (1/a)''' = -6/a⁴ = -6y⁴
    let y2 = y * y;
    D1 {
        d: -y2,
        dd: S::cst(2.0) * y2 * y,
        ddd: -S::cst(6.0) * y2 * y2,
    }
}

/// `a.floor()`: piecewise constant.
#[inline]
pub fn floor<S: Scalar>(_a: S, _y: S) -> D1<S> {
    flat1()
}

/// `a.ceil()`: piecewise constant.
#[inline]
pub fn ceil<S: Scalar>(_a: S, _y: S) -> D1<S> {
    flat1()
}

/// `a.round()`: piecewise constant.
#[inline]
pub fn round<S: Scalar>(_a: S, _y: S) -> D1<S> {
    flat1()
}

/// `a.trunc()`: piecewise constant.
#[inline]
pub fn trunc<S: Scalar>(_a: S, _y: S) -> D1<S> {
    flat1()
}

/// `a.fract()` = a - trunc(a): slope 1.
#[inline]
pub fn fract<S: Scalar>(_a: S, _y: S) -> D1<S> {
    linear1(S::one())
}

/// `a.to_degrees()`: slope 180/π.
#[inline]
pub fn to_degrees<S: Scalar>(_a: S, _y: S) -> D1<S> {
    linear1(S::cst(180.0 / core::f64::consts::PI))
}

/// `a.to_radians()`: slope π/180.
#[inline]
pub fn to_radians<S: Scalar>(_a: S, _y: S) -> D1<S> {
    linear1(S::cst(core::f64::consts::PI / 180.0))
}

/// `a.powi(n)`, in `a` (the integer exponent carries no derivative).
#[inline]
pub fn powi<S: Scalar>(a: S, n: i32, _y: S) -> D1<S> {
    // powi' = n aⁿ⁻¹, powi'' = n(n-1) aⁿ⁻², powi''' = n(n-1)(n-2) aⁿ⁻³ (0 where the
    // power is a polynomial of lower degree)
    D1 {
        d: rules::powi_d(a, n),
        dd: rules::powi_dd(a, n),
        ddd: rules::powi_ddd(a, n),
    }
}

/// `a + b`.
#[inline]
pub fn add<S: Scalar>(_a: S, _b: S, _y: S) -> D2<S> {
    linear2([S::one(), S::one()]) // d(a+b) = (1, 1)
}

/// `a - b`.
#[inline]
pub fn sub<S: Scalar>(_a: S, _b: S, _y: S) -> D2<S> {
    linear2([S::one(), -S::one()]) // d(a-b) = (1, -1)
}

/// `a * b`: ∂a reads `b` only and ∂b reads `a` only.
#[inline]
pub fn mul<S: Scalar>(a: S, b: S, _y: S) -> D2<S> {
    // d(ab) = (b, a), ∂ab = 1, no third partial
    D2 {
        d: [b, a],
        dd: [S::zero(), S::one(), S::zero()],
        ddd: [S::zero(); 4],
    }
}

/// `a / b`, never reading `a`.
#[inline]
pub fn div<S: Scalar>(_a: S, b: S, y: S) -> D2<S> {
    // d(a/b) = (1/b, -y/b), ∂ab = -1/b², ∂bb = 2a/b³ = 2(y/b)/b (b² over- or underflows),
    // ∂abb = 2/b³, ∂bbb = -6a/b⁴ = -6(y/b)/b²
    let r = b.recip();
    let z = S::zero();
    D2 {
        d: [r, -y / b],
        dd: [z, -(b * b).recip(), S::cst(2.0) * (y / b) / b],
        ddd: [
            z,
            z,
            S::cst(2.0) * r * r * r,
            -S::cst(6.0) * (y / b) / b / b,
        ],
    }
}

/// The partials of `a - q·b` for the integer `q = (a - y)/b`, constant in a neighbourhood.
#[inline]
fn remainder<S: Scalar>(a: S, b: S, y: S) -> D2<S> {
    linear2([S::one(), -((a - y) / b).round()]) // (1, -q)
}

/// `a % b` = a - q·b, q = trunc(a/b).
#[inline]
pub fn rem<S: Scalar>(a: S, b: S, y: S) -> D2<S> {
    remainder(a, b, y)
}

/// `a.rem_euclid(b)` = a - q·b, q = a.div_euclid(b).
#[inline]
pub fn rem_euclid<S: Scalar>(a: S, b: S, y: S) -> D2<S> {
    remainder(a, b, y)
}

/// `a.div_euclid(b)`: piecewise constant.
#[inline]
pub fn div_euclid<S: Scalar>(_a: S, _b: S, _y: S) -> D2<S> {
    linear2([S::zero(); 2])
}

/// `a.atan2(b)`, in `a/h` and `b/h` with h = hypot(a, b) (a² + b² over- or underflows).
#[inline]
pub fn atan2<S: Scalar>(a: S, b: S, _y: S) -> D2<S> {
    // ∂ = (b/r², -a/r²), ∂aa = -2ab/r⁴, ∂ab = (a²-b²)/r⁴, ∂bb = 2ab/r⁴, r = h;
    // ∂aaa = 2b(3a²-b²)/r⁶ = -∂abb, ∂aab = 2a(3b²-a²)/r⁶ = -∂bbb
    let h = a.hypot(b);
    let (u, v) = (a / h, b / h);
    let (two, three) = (S::cst(2.0), S::cst(3.0));
    let aaa = two * v * (three * u * u - v * v) / h / h / h;
    let aab = two * u * (three * v * v - u * u) / h / h / h;
    D2 {
        d: [b / h / h, -a / h / h],
        dd: [
            -two * u * v / h / h,
            (u * u - v * v) / h / h,
            two * u * v / h / h,
        ],
        ddd: [aaa, aab, -aaa, -aab],
    }
}

/// `a.log(b)` = ln a / ln b.
#[inline]
pub fn log<S: Scalar>(a: S, b: S, _y: S) -> D2<S> {
    // L = ln b: ∂a = 1/(a L), ∂b = -ln a/(b L²),
    // ∂aa = -1/(a² L), ∂ab = -1/(a b L²), ∂bb = ln a (L+2)/(b² L³),
    // ∂aaa = 2/(a³ L), ∂aab = 1/(a² b L²), ∂abb = (L+2)/(a b² L³),
    // ∂bbb = -2 ln a (L² + 3L + 3)/(b³ L⁴)
    let l = b.ln();
    let la = a.ln();
    let two = S::cst(2.0);
    D2 {
        d: [(a * l).recip(), -la / (b * l * l)],
        dd: [
            -(a * a * l).recip(),
            -(a * b * l * l).recip(),
            la * (l + two) / (b * b * l.powi(3)),
        ],
        ddd: [
            two / (a * a * a * l),
            (a * a * b * l * l).recip(),
            (l + two) / (a * b * b * l.powi(3)),
            -two * la * (l * l + S::cst(3.0) * l + S::cst(3.0)) / (b * b * b * l.powi(4)),
        ],
    }
}

/// `a.powf(p)`; at a = 0 the limits where the function is smooth (see
/// [`powf_da`](rules::powf_da) and the other `powf_*` helpers).
#[inline]
pub fn powf<S: Scalar>(a: S, p: S, y: S) -> D2<S> {
    // ∂a = p aᵖ⁻¹, ∂p = aᵖ ln a, ∂aa = p(p-1) aᵖ⁻², ∂ap = aᵖ⁻¹ (1 + p ln a), ∂pp = aᵖ ln² a;
    // the third partials (see `rules::powf_third`)
    D2 {
        d: [rules::powf_da(a, p), rules::powf_dp(a, y)],
        dd: [
            rules::powf_daa(a, p),
            rules::powf_dap(a, p),
            rules::powf_dpp(a, y),
        ],
        ddd: rules::powf_third(a, p, y),
    }
}

/// `a.hypot(b)`, in `a/h` and `b/h` (h³ overflows); NaN at (0, 0).
#[inline]
pub fn hypot<S: Scalar>(a: S, b: S, y: S) -> D2<S> {
    // ∂ = (a/h, b/h), ∂aa = b²/h³, ∂ab = -ab/h³, ∂bb = a²/h³,
    // ∂aaa = -3ab²/h⁵, ∂aab = b(2a²-b²)/h⁵, ∂abb = a(2b²-a²)/h⁵, ∂bbb = -3a²b/h⁵
    let (u, v) = (a / y, b / y);
    let (two, three) = (S::cst(2.0), S::cst(3.0));
    let h2 = y * y;
    D2 {
        d: [u, v],
        dd: [v * v / y, -u * v / y, u * u / y],
        ddd: [
            -three * u * v * v / h2,
            v * (two * u * u - v * v) / h2,
            u * (two * v * v - u * u) / h2,
            -three * u * u * v / h2,
        ],
    }
}

/// `a.max(b)`: the selected operand gets 1, ties the receiver (see [`max_d`](rules::max_d)).
#[inline]
pub fn max<S: Scalar>(a: S, b: S, _y: S) -> D2<S> {
    let d = rules::max_d(a, b);
    linear2([d, S::one() - d])
}

/// `a.min(b)`: the selected operand gets 1, ties the receiver (see [`min_d`](rules::min_d)).
#[inline]
pub fn min<S: Scalar>(a: S, b: S, _y: S) -> D2<S> {
    let d = rules::min_d(a, b);
    linear2([d, S::one() - d])
}

/// `a.mul_add(b, c)` = ab + c: ∂a reads `b` only and ∂b reads `a` only.
#[inline]
pub fn mul_add<S: Scalar>(a: S, b: S, _c: S, _y: S) -> D3<S> {
    // d(ab+c) = (b, a, 1), ∂ab = 1
    let z = S::zero();
    D3 {
        d: [b, a, S::one()],
        dd: [z, S::one(), z, z, z, z],
        ddd: [z; 10],
    }
}

/// `a.clamp(lo, hi)`: the selected operand gets 1; on a bound, the receiver (see
/// [`clamp_d`](rules::clamp_d)).
#[inline]
pub fn clamp<S: Scalar>(a: S, lo: S, hi: S, _y: S) -> D3<S> {
    D3 {
        d: [
            rules::clamp_d(a, lo, hi),
            rules::clamp_lo_d(a, lo),
            rules::clamp_hi_d(a, hi),
        ],
        dd: [S::zero(); 6],
        ddd: [S::zero(); 10],
    }
}

#[cfg(test)]
mod tests;
