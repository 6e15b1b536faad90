//! Partial derivatives that need a branch, called by generated code. Each
//! states the convention at the point where the function is not differentiable.

use num_traits::Float;

/// d/da aⁿ = n·aⁿ⁻¹, and 0 for n = 0 (also at a = 0, where aⁿ⁻¹ is infinite).
///
/// ```
/// use jacobian_runtime::__private::rules::powi_d;
/// assert_eq!(powi_d(2.0_f64, 3), 12.0); // 3·2² = 12
/// assert_eq!(powi_d(0.0_f64, 0), 0.0); // a⁰ is constant
/// ```
#[inline]
pub fn powi_d<S: Float>(a: S, n: i32) -> S {
    if n == 0 {
        return S::zero();
    }
    // aⁿ⁻¹, without overflowing n - 1 at i32::MIN.
    let power = match n.checked_sub(1) {
        Some(m) => a.powi(m),
        None => a.powi(n) / a,
    };
    S::from(n).unwrap_or_else(S::nan) * power
}

/// d²/da² aⁿ = n(n-1)·aⁿ⁻², and 0 for n = 0 and n = 1 (also at a = 0).
///
/// ```
/// use jacobian_runtime::__private::rules::powi_dd;
/// assert_eq!(powi_dd(2.0_f64, 3), 12.0); // 3·2·2 = 12
/// assert_eq!(powi_dd(0.0_f64, 1), 0.0);  // a¹ is linear
/// ```
#[inline]
pub fn powi_dd<S: Float>(a: S, n: i32) -> S {
    if n == 0 || n == 1 {
        return S::zero();
    }
    let n = i64::from(n);
    let power = match i32::try_from(n - 2) {
        Ok(m) => a.powi(m),
        Err(_) => a.powi(i32::MIN) / (a * a),
    };
    S::from(n * (n - 1)).unwrap_or_else(S::nan) * power
}

/// d³/da³ aⁿ = n(n-1)(n-2)·aⁿ⁻³, and 0 for n = 0, 1 and 2 (also at a = 0).
///
/// ```
/// use jacobian_runtime::__private::rules::powi_ddd;
/// assert_eq!(powi_ddd(2.0_f64, 4), 48.0); // 4·3·2·2 = 48
/// assert_eq!(powi_ddd(0.0_f64, 2), 0.0);  // a² is quadratic
/// ```
#[inline]
pub fn powi_ddd<S: Float>(a: S, n: i32) -> S {
    if (0..=2).contains(&n) {
        return S::zero();
    }
    let n = i64::from(n);
    let power = match i32::try_from(n - 3) {
        Ok(m) => a.powi(m),
        Err(_) => a.powi(i32::MIN) / (a * a * a),
    };
    S::from(n * (n - 1) * (n - 2)).unwrap_or_else(S::nan) * power
}

/// d/da |a| = sign(a), and 0 at a = ±0 (the middle of the subdifferential [-1, 1]);
/// NaN for NaN.
///
/// ```
/// use jacobian_runtime::__private::rules::abs_d;
/// assert_eq!(abs_d(-3.0_f64), -1.0);
/// assert_eq!(abs_d(0.0_f64), 0.0);
/// ```
#[inline]
pub fn abs_d<S: Float>(a: S) -> S {
    if a > S::zero() {
        S::one()
    } else if a < S::zero() {
        -S::one()
    } else if a.is_nan() {
        a
    } else {
        S::zero()
    }
}

/// ∂ max(a, b)/∂a: 1 when `a` is selected, else 0; ∂/∂b is `1 - max_d(a, b)`. Ties select
/// `a` (the receiver of `a.max(b)`); a NaN operand is never selected, as in `f64::max`.
///
/// ```
/// use jacobian_runtime::__private::rules::max_d;
/// assert_eq!(max_d(2.0_f64, 1.0), 1.0);
/// assert_eq!(max_d(1.0_f64, 1.0), 1.0); // tie: the receiver
/// assert_eq!(max_d(1.0_f64, 2.0), 0.0);
/// ```
#[inline]
pub fn max_d<S: Float>(a: S, b: S) -> S {
    if a >= b || b.is_nan() {
        S::one()
    } else {
        S::zero()
    }
}

/// ∂ min(a, b)/∂a: 1 when `a` is selected, else 0; ∂/∂b is `1 - min_d(a, b)`. Ties select
/// `a`; a NaN operand is never selected, as in `f64::min`.
///
/// ```
/// use jacobian_runtime::__private::rules::min_d;
/// assert_eq!(min_d(1.0_f64, 2.0), 1.0);
/// assert_eq!(min_d(1.0_f64, 1.0), 1.0); // tie: the receiver
/// assert_eq!(min_d(2.0_f64, 1.0), 0.0);
/// ```
#[inline]
pub fn min_d<S: Float>(a: S, b: S) -> S {
    if a <= b || b.is_nan() {
        S::one()
    } else {
        S::zero()
    }
}

/// ∂/∂a aᵖ = p·aᵖ⁻¹, and 0 for p = 0 (a⁰ = 1 is constant, also at a = 0,
/// where aᵖ⁻¹ is infinite).
///
/// ```
/// use jacobian_runtime::__private::rules::powf_da;
/// assert_eq!(powf_da(2.0_f64, 3.0), 12.0); // 3·2² = 12
/// assert_eq!(powf_da(0.0_f64, 1.0), 1.0); // a¹ = a, also at 0
/// assert_eq!(powf_da(0.0_f64, 0.0), 0.0); // a⁰ is constant
/// ```
#[inline]
pub fn powf_da<S: Float>(a: S, p: S) -> S {
    if p == S::zero() {
        return S::zero();
    }
    p * a.powf(p - S::one())
}

/// ∂/∂p aᵖ = aᵖ·ln a, and 0 where aᵖ = 0 (at a = 0 with p > 0 the function is
/// 0 for every nearby p; `aᵖ·ln a` would be 0·(−∞) = NaN there).
///
/// ```
/// use jacobian_runtime::__private::rules::powf_dp;
/// let y = 2.0_f64.powf(3.0);
/// assert_eq!(powf_dp(2.0_f64, y), 8.0 * 2.0_f64.ln()); // 2³·ln 2
/// assert_eq!(powf_dp(0.0_f64, 0.0), 0.0); // 0ᵖ = 0 for p > 0
/// ```
#[inline]
pub fn powf_dp<S: Float>(a: S, y: S) -> S {
    if y == S::zero() {
        return S::zero();
    }
    y * a.ln()
}

/// ∂²/∂a² aᵖ = p(p−1)·aᵖ⁻², and 0 for p = 0 and p = 1 (constant and linear in
/// `a`, also at a = 0).
///
/// ```
/// use jacobian_runtime::__private::rules::powf_daa;
/// assert_eq!(powf_daa(2.0_f64, 3.0), 12.0); // 3·2·2 = 12
/// assert_eq!(powf_daa(0.0_f64, 1.0), 0.0); // a¹ is linear
/// assert_eq!(powf_daa(0.0_f64, 2.0), 2.0); // (a²)'' = 2
/// ```
#[inline]
pub fn powf_daa<S: Float>(a: S, p: S) -> S {
    if p == S::zero() || p == S::one() {
        return S::zero();
    }
    p * (p - S::one()) * a.powf(p - S::one() - S::one())
}

/// ∂²/∂a∂p aᵖ = aᵖ⁻¹·(1 + p·ln a), and 0 where aᵖ⁻¹ = 0 (at a = 0 with p > 1,
/// where ∂/∂a aᵖ = 0 for every nearby p).
///
/// ```
/// use jacobian_runtime::__private::rules::powf_dap;
/// assert_eq!(powf_dap(1.0_f64, 3.0), 1.0); // 1²·(1 + 3·0)
/// assert_eq!(powf_dap(0.0_f64, 2.0), 0.0);
/// ```
#[inline]
pub fn powf_dap<S: Float>(a: S, p: S) -> S {
    let q = a.powf(p - S::one());
    if q == S::zero() {
        return S::zero();
    }
    q * (S::one() + p * a.ln())
}

/// ∂²/∂p² aᵖ = aᵖ·ln² a, and 0 where aᵖ = 0 (as [`powf_dp`]).
///
/// ```
/// use jacobian_runtime::__private::rules::powf_dpp;
/// assert_eq!(powf_dpp(1.0_f64, 1.0), 0.0); // ln 1 = 0
/// assert_eq!(powf_dpp(0.0_f64, 0.0), 0.0);
/// ```
#[inline]
pub fn powf_dpp<S: Float>(a: S, y: S) -> S {
    if y == S::zero() {
        return S::zero();
    }
    let l = a.ln();
    y * l * l
}

/// The third partials of y = aᵖ, (∂aaa, ∂aap, ∂app, ∂ppp) = (p(p−1)(p−2)·aᵖ⁻³,
/// aᵖ⁻²·(2p − 1 + p(p−1)·ln a), aᵖ⁻¹·ln a·(2 + p·ln a), aᵖ·ln³ a), with the limits of
/// the lower partials where the function is smooth: each is 0 where its power of `a`
/// is 0 (a = 0 with a positive exponent), and ∂aaa is 0 for p ∈ {0, 1, 2}.
///
/// ```
/// use jacobian_runtime::__private::rules::powf_third;
/// // a³ at a = 2: ∂aaa = 6, ∂aap = 2·(5 + 6 ln 2), ∂app = 4 ln 2 (2 + 3 ln 2), ∂ppp = 8 ln³ 2
/// let l = 2.0_f64.ln();
/// let t = powf_third(2.0_f64, 3.0, 8.0);
/// assert!((t[0] - 6.0).abs() < 1e-12 && (t[3] - 8.0 * l * l * l).abs() < 1e-12);
/// assert_eq!(powf_third(0.0_f64, 3.0, 0.0), [6.0 * 0.0_f64.powf(0.0), 0.0, 0.0, 0.0]);
/// ```
#[inline]
pub fn powf_third<S: Float>(a: S, p: S, y: S) -> [S; 4] {
    let (one, two) = (S::one(), S::one() + S::one());
    let aaa = if p == S::zero() || p == one || p == two {
        S::zero()
    } else {
        p * (p - one) * (p - two) * a.powf(p - one - two)
    };
    let q2 = a.powf(p - two);
    let aap = if q2 == S::zero() {
        S::zero()
    } else {
        q2 * (two * p - one + p * (p - one) * a.ln())
    };
    let q1 = a.powf(p - one);
    let app = if q1 == S::zero() {
        S::zero()
    } else {
        let l = a.ln();
        q1 * l * (two + p * l)
    };
    let ppp = if y == S::zero() {
        S::zero()
    } else {
        let l = a.ln();
        y * l * l * l
    };
    [aaa, aap, app, ppp]
}

/// ∂ clamp(a, lo, hi)/∂a: 1 when `a` itself is the result (lo ≤ a ≤ hi, the
/// bounds included, and NaN), else 0 — the operand `f64::clamp` returns.
///
/// ```
/// use jacobian_runtime::__private::rules::clamp_d;
/// assert_eq!(clamp_d(0.5_f64, 0.0, 1.0), 1.0);
/// assert_eq!(clamp_d(1.0_f64, 0.0, 1.0), 1.0); // on a bound: the receiver
/// assert_eq!(clamp_d(2.0_f64, 0.0, 1.0), 0.0);
/// ```
#[inline]
pub fn clamp_d<S: Float>(a: S, lo: S, hi: S) -> S {
    if a < lo || a > hi {
        S::zero()
    } else {
        S::one()
    }
}

/// ∂ clamp(a, lo, hi)/∂lo: 1 when `a < lo` (the lower bound is the result), else 0.
///
/// ```
/// use jacobian_runtime::__private::rules::clamp_lo_d;
/// assert_eq!(clamp_lo_d(-1.0_f64, 0.0), 1.0);
/// assert_eq!(clamp_lo_d(0.0_f64, 0.0), 0.0);
/// ```
#[inline]
pub fn clamp_lo_d<S: Float>(a: S, lo: S) -> S {
    if a < lo {
        S::one()
    } else {
        S::zero()
    }
}

/// ∂ clamp(a, lo, hi)/∂hi: 1 when `a > hi` (the upper bound is the result), else 0.
///
/// ```
/// use jacobian_runtime::__private::rules::clamp_hi_d;
/// assert_eq!(clamp_hi_d(2.0_f64, 1.0), 1.0);
/// assert_eq!(clamp_hi_d(1.0_f64, 1.0), 0.0);
/// ```
#[inline]
pub fn clamp_hi_d<S: Float>(a: S, hi: S) -> S {
    if a > hi {
        S::one()
    } else {
        S::zero()
    }
}

#[cfg(test)]
mod tests {
    use super::{abs_d, clamp_d, clamp_hi_d, clamp_lo_d, max_d, min_d, powi_d};
    use crate::finite_difference;

    #[test]
    fn powi_d_matches_finite_differences() {
        for n in [-3, -1, 1, 2, 5] {
            for a in [-1.7_f64, 0.4, 2.5] {
                let fd = finite_difference::gradient(|x: &[f64]| x[0].powi(n), &[a])[0];
                let d = powi_d(a, n);
                let context = format!("n = {n}, a = {a}: {d} vs {fd}");
                assert!((d - fd).abs() <= 1e-7 * d.abs().max(1.0), "{context}");
            }
        }
    }

    #[test]
    fn powi_d_at_the_edges() {
        assert_eq!(powi_d(0.0_f64, 0), 0.0); // a⁰ is constant
        assert_eq!(powi_d(0.0_f64, 1), 1.0); // d/da a = 1, also at 0
        assert_eq!(powi_d(0.0_f32, 2), 0.0);
        assert_eq!(powi_d(2.0_f64, -1), -0.25);
        // n = i32::MIN must not overflow n - 1: |a| = 1 keeps the power finite.
        assert_eq!(powi_d(1.0_f64, i32::MIN), f64::from(i32::MIN));
    }

    #[test]
    fn abs_d_is_the_sign_and_zero_at_zero() {
        let signs = [abs_d(-3.0_f64), abs_d(-0.0), abs_d(0.0), abs_d(1e-300)];
        assert_eq!(signs, [-1.0, 0.0, 0.0, 1.0]);
        assert!(abs_d(f32::NAN).is_nan());
    }

    #[test]
    fn clamp_partials_follow_the_operand_std_selects() {
        let values = [-2.0_f64, -0.0, 0.0, 0.5, 1.0, 3.0, f64::NAN];
        for a in values {
            let (lo, hi) = (0.0, 1.0);
            let r = a.clamp(lo, hi);
            let picks = [clamp_d(a, lo, hi), clamp_lo_d(a, lo), clamp_hi_d(a, hi)];
            assert_eq!(picks.iter().sum::<f64>(), 1.0, "clamp({a}): one operand");
            let chosen = [a, lo, hi][picks.iter().position(|&d| d == 1.0).unwrap()];
            assert_eq!(chosen.to_bits(), r.to_bits(), "clamp({a})");
        }
    }

    #[test]
    fn max_d_and_min_d_follow_the_operand_std_selects() {
        let values = [-2.0_f64, -0.0, 0.0, 1.0, f64::INFINITY, f64::NAN];
        for a in values {
            for b in values {
                let tie = a == b || (a.is_nan() && b.is_nan());
                let selects_a = |r: f64| tie || r.to_bits() == a.to_bits();
                assert_eq!(max_d(a, b) == 1.0, selects_a(a.max(b)), "max({a}, {b})");
                assert_eq!(min_d(a, b) == 1.0, selects_a(a.min(b)), "min({a}, {b})");
            }
        }
    }
}
