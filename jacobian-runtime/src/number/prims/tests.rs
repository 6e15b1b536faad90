//! Every rule against finite differences, the read contract, and the careful forms at the edges.

use super::*;

/// A rule's partials as vectors: the gradient and the Hessian's upper triangle, row by row.
#[derive(Debug)]
struct P {
    d: Vec<f64>,
    dd: Vec<f64>,
    ddd: Vec<f64>,
}

impl From<D1<f64>> for P {
    fn from(p: D1<f64>) -> Self {
        P {
            d: vec![p.d],
            dd: vec![p.dd],
            ddd: vec![p.ddd],
        }
    }
}

impl From<D2<f64>> for P {
    fn from(p: D2<f64>) -> Self {
        P {
            d: p.d.to_vec(),
            dd: p.dd.to_vec(),
            ddd: p.ddd.to_vec(),
        }
    }
}

impl From<D3<f64>> for P {
    fn from(p: D3<f64>) -> Self {
        P {
            d: p.d.to_vec(),
            dd: p.dd.to_vec(),
            ddd: p.ddd.to_vec(),
        }
    }
}

impl P {
    fn bits(&self) -> Vec<u64> {
        self.d
            .iter()
            .chain(&self.dd)
            .chain(&self.ddd)
            .map(|v| v.to_bits())
            .collect()
    }
}

/// Position of ∂²/∂xᵢ∂xⱼ (i ≤ j) in the upper triangle of an n×n Hessian, row by row.
fn tri(n: usize, i: usize, j: usize) -> usize {
    (0..i).map(|r| n - r).sum::<usize>() + (j - i)
}

/// Position of ∂³/∂xᵢ∂xⱼ∂xₖ (i ≤ j ≤ k) among the sorted index triples, in order.
fn tet(n: usize, i: usize, j: usize, k: usize) -> usize {
    let mut at = 0;
    for a in 0..n {
        for b in a..n {
            for c in b..n {
                if (a, b, c) == (i, j, k) {
                    return at;
                }
                at += 1;
            }
        }
    }
    unreachable!("({i}, {j}, {k}) is not sorted")
}

fn assert_close(got: f64, want: f64, what: &str) {
    let tol = 1e-6 * (want.abs() + 1e-2);
    assert!(
        (got - want).abs() <= tol,
        "{what}: rule {got} vs finite difference {want}"
    );
}

/// Central difference of `g` in coordinate `k` at `x`.
fn central(g: &dyn Fn(&[f64]) -> f64, x: &[f64], k: usize) -> f64 {
    let h = 1e-5 * x[k].abs().max(1.0);
    let (mut hi, mut lo) = (x.to_vec(), x.to_vec());
    hi[k] += h;
    lo[k] -= h;
    (g(&hi) - g(&lo)) / (hi[k] - lo[k])
}

/// Checks `rule` against finite differences of the primal `f` at `x`, and that setting the
/// inputs in `stale` to NaN (positions in `[x…, y]`; `x.len()` is `y`) changes nothing.
fn check(
    name: &str,
    f: &dyn Fn(&[f64]) -> f64,
    rule: &dyn Fn(&[f64], f64) -> P,
    x: &[f64],
    stale: &[usize],
) {
    let n = x.len();
    let at = |x: &[f64]| rule(x, f(x));
    let p = at(x);
    assert_eq!((p.d.len(), p.dd.len()), (n, n * (n + 1) / 2), "{name}");
    assert_eq!(p.ddd.len(), n * (n + 1) * (n + 2) / 6, "{name}");
    for k in 0..n {
        let what = format!("{name}{x:?}: d[{k}]");
        assert_close(p.d[k], central(f, x, k), &what);
    }
    for i in 0..n {
        for j in 0..n {
            // ∂/∂xⱼ of ∂y/∂xᵢ, both orders for the mixed partials
            let fd = central(&|x: &[f64]| at(x).d[i], x, j);
            let what = format!("{name}{x:?}: dd[{i}{j}]");
            assert_close(p.dd[tri(n, i.min(j), i.max(j))], fd, &what);
            for k in 0..n {
                // ∂/∂xₖ of ∂²y/∂xᵢ∂xⱼ, every order of the indices
                let fd = central(&|x: &[f64]| at(x).dd[tri(n, i.min(j), i.max(j))], x, k);
                let mut s = [i, j, k];
                s.sort_unstable();
                let what = format!("{name}{x:?}: ddd[{i}{j}{k}]");
                assert_close(p.ddd[tet(n, s[0], s[1], s[2])], fd, &what);
            }
        }
    }
    let with_nan = |set: &[usize]| {
        let mut v: Vec<f64> = x.to_vec();
        v.push(f(x));
        for &s in set {
            v[s] = f64::NAN;
        }
        rule(&v[..n], v[n])
    };
    let set: Vec<Vec<usize>> = stale
        .iter()
        .map(|&s| vec![s])
        .chain([stale.to_vec()])
        .collect();
    for s in &set {
        let what = format!("{name}{x:?} read stale inputs {s:?}");
        assert_eq!(with_nan(s).bits(), p.bits(), "{what}");
    }
}

fn check1(
    name: &str,
    f: impl Fn(f64) -> f64,
    rule: impl Fn(f64, f64) -> D1<f64>,
    points: &[f64],
    stale: &[usize],
) {
    for &a in points {
        let r = |x: &[f64], y| rule(x[0], y).into();
        check(name, &|x| f(x[0]), &r, &[a], stale);
    }
}

fn check2(
    name: &str,
    f: impl Fn(f64, f64) -> f64,
    rule: impl Fn(f64, f64, f64) -> D2<f64>,
    points: &[[f64; 2]],
    stale: &[usize],
) {
    for x in points {
        let r = |x: &[f64], y| rule(x[0], x[1], y).into();
        check(name, &|x| f(x[0], x[1]), &r, x, stale);
    }
}

fn check3(
    name: &str,
    f: impl Fn(f64, f64, f64) -> f64,
    rule: impl Fn(f64, f64, f64, f64) -> D3<f64>,
    points: &[[f64; 3]],
    stale: &[usize],
) {
    for x in points {
        let r = |x: &[f64], y| rule(x[0], x[1], x[2], y).into();
        check(name, &|x| f(x[0], x[1], x[2]), &r, x, stale);
    }
}

/// A unary rule that reads the operand only: `y` may be stale.
const UNARY_A: &[usize] = &[1];
/// A unary rule that reads the result only: `a` may be stale.
const UNARY_Y: &[usize] = &[0];
/// A unary rule that reads nothing.
const UNARY_N: &[usize] = &[0, 1];

#[test]
fn unary_rules_of_the_operand() {
    check1("sin", f64::sin, sin, &[-1.2, 0.3, 2.0], UNARY_A);
    check1("cos", f64::cos, cos, &[-1.2, 0.3, 2.0], UNARY_A);
    check1("asin", f64::asin, asin, &[-0.6, 0.3, 0.8], UNARY_A);
    check1("acos", f64::acos, acos, &[-0.6, 0.3, 0.8], UNARY_A);
    check1("atan", f64::atan, atan, &[-2.0, 0.5, 3.0], UNARY_A);
    check1("sinh", f64::sinh, sinh, &[-1.5, 0.4, 2.0], UNARY_A);
    check1("cosh", f64::cosh, cosh, &[-1.5, 0.4, 2.0], UNARY_A);
    check1("asinh", f64::asinh, asinh, &[-2.0, 0.5, 3.0], UNARY_A);
    check1("acosh", f64::acosh, acosh, &[1.5, 3.0], UNARY_A);
    check1("atanh", f64::atanh, atanh, &[-0.6, 0.3], UNARY_A);
    check1("ln", f64::ln, ln, &[0.5, 2.0, 7.0], UNARY_A);
    check1("ln_1p", f64::ln_1p, ln_1p, &[-0.5, 0.3, 4.0], UNARY_A);
    check1("log2", f64::log2, log2, &[0.5, 2.0, 7.0], UNARY_A);
    check1("log10", f64::log10, log10, &[0.5, 2.0, 7.0], UNARY_A);
    check1("abs", f64::abs, abs, &[-1.5, 2.0], UNARY_A);
    for n in [-3, -1, 0, 1, 2, 5] {
        let f = |a: f64| a.powi(n);
        let rule = |a, y| powi(a, n, y);
        check1(&format!("powi({n})"), f, rule, &[-1.7, 0.4, 2.5], UNARY_A);
    }
}

#[test]
fn unary_rules_of_the_result() {
    check1("tan", f64::tan, tan, &[-1.0, 0.3, 1.2], UNARY_Y);
    check1("tanh", f64::tanh, tanh, &[-1.0, 0.3, 1.2], UNARY_Y);
    check1("exp", f64::exp, exp, &[-1.0, 0.3, 2.0], UNARY_Y);
    check1("exp2", f64::exp2, exp2, &[-1.0, 0.3, 2.0], UNARY_Y);
    check1("exp_m1", f64::exp_m1, exp_m1, &[-1.0, 0.3, 2.0], UNARY_Y);
    check1("sqrt", f64::sqrt, sqrt, &[0.5, 2.0, 9.0], UNARY_Y);
    check1("cbrt", f64::cbrt, cbrt, &[-8.0, 0.5, 3.0], UNARY_Y);
    check1("recip", f64::recip, recip, &[-2.0, 0.5, 3.0], UNARY_Y);
}

#[test]
fn unary_rules_that_read_nothing() {
    check1("neg", |a: f64| -a, neg, &[-1.3, 2.7], UNARY_N);
    check1("signum", f64::signum, signum, &[-2.0, 3.0], UNARY_N);
    check1("floor", f64::floor, floor, &[-1.3, 2.7], UNARY_N);
    check1("ceil", f64::ceil, ceil, &[-1.3, 2.7], UNARY_N);
    check1("round", f64::round, round, &[-1.3, 2.2], UNARY_N);
    check1("trunc", f64::trunc, trunc, &[-1.3, 2.7], UNARY_N);
    check1("fract", f64::fract, fract, &[-1.3, 2.7], UNARY_N);
    check1(
        "to_degrees",
        f64::to_degrees,
        to_degrees,
        &[-1.3, 2.7],
        UNARY_N,
    );
    check1(
        "to_radians",
        f64::to_radians,
        to_radians,
        &[-1.3, 2.7],
        UNARY_N,
    );
}

#[test]
fn binary_rules() {
    let (a_only, nothing, all) = (&[2][..], &[0, 1, 2][..], &[][..]);
    let pts = [[1.0, 2.0], [-0.5, 0.7], [3.0, -1.0]];
    check2("add", |a, b| a + b, add, &pts, nothing);
    check2("sub", |a, b| a - b, sub, &pts, nothing);
    check2("mul", |a, b| a * b, mul, &pts, a_only);
    check2("div", |a, b| a / b, div, &pts, &[0]);
    check2("atan2", f64::atan2, atan2, &pts, a_only);
    check2("max", f64::max, max, &pts, a_only);
    check2("min", f64::min, min, &pts, a_only);
    check2("hypot", f64::hypot, hypot, &pts, all);
    let pos = [[2.0, 3.0], [0.5, 10.0], [5.0, 0.5]];
    check2("log", f64::log, log, &pos, a_only);
    check2(
        "powf",
        f64::powf,
        powf,
        &[[2.0, 3.0], [0.7, -1.5], [3.5, 0.5]],
        all,
    );
    let quotients = [[7.3, 2.1], [-7.3, 2.1], [5.5, -1.5]];
    check2("rem", |a, b| a % b, rem, &quotients, all);
    check2("rem_euclid", f64::rem_euclid, rem_euclid, &quotients, all);
    check2(
        "div_euclid",
        f64::div_euclid,
        div_euclid,
        &quotients,
        nothing,
    );
}

#[test]
fn ternary_rules() {
    let pts = [[1.0, 2.0, 3.0], [-0.5, 4.0, 1.0]];
    check3("mul_add", f64::mul_add, mul_add, &pts, &[3]);
    let pts = [[0.5, 0.0, 1.0], [-2.0, 0.0, 1.0], [3.0, 0.0, 1.0]];
    check3("clamp", f64::clamp, clamp, &pts, &[3]);
}

#[test]
fn each_partial_reads_only_what_its_first_order_counterpart_reads() {
    let nan = f64::NAN;
    // mul, mul_add: ∂a = b reads b only, ∂b = a reads a only, the rest nothing
    assert_eq!(mul(nan, 3.0, nan).d[0], 3.0);
    assert_eq!(mul(2.0, nan, nan).d[1], 2.0);
    assert_eq!(mul(nan, nan, nan).dd, [0.0, 1.0, 0.0]);
    let p = mul_add(nan, 3.0, nan, nan);
    assert_eq!((p.d[0], p.d[2]), (3.0, 1.0));
    assert_eq!(mul_add(2.0, nan, nan, nan).d[1], 2.0);
    assert_eq!(
        mul_add(nan, nan, nan, nan).dd,
        [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    );
    // div: ∂a = 1/b and ∂ab = -1/b² read b only
    let p = div(nan, 2.0, nan);
    assert_eq!((p.d[0], p.dd[0], p.dd[1]), (0.5, 0.0, -0.25));
    // powf: ∂a, ∂aa, ∂ap read the operands only
    let (good, stale) = (powf(2.0, 3.0, 8.0), powf(2.0, 3.0, nan));
    assert_eq!((stale.d[0], stale.dd[0]), (good.d[0], good.dd[0]));
    assert_eq!(stale.dd[1], good.dd[1]);
    // powf: ∂p and ∂pp read a and y, not p
    let stale = powf(2.0, nan, 8.0);
    assert_eq!((stale.d[1], stale.dd[2]), (good.d[1], good.dd[2]));
    // hypot: ∂a = a/h does not read b, ∂b = b/h does not read a
    assert_eq!(hypot(3.0, nan, 5.0).d[0], 0.6);
    assert_eq!(hypot(nan, 4.0, 5.0).d[1], 0.8);
    // rem: ∂a = 1 reads nothing
    assert_eq!(rem(nan, nan, nan).d[0], 1.0);
}

/// `got` within a few ulps of `want`, and finite.
fn assert_ulps(got: &[f64], want: &[f64]) {
    for (&g, &w) in got.iter().zip(want) {
        let tol = 4.0 * f64::EPSILON * w.abs();
        assert!(g.is_finite() && (g - w).abs() <= tol, "{got:?} vs {want:?}");
    }
}

#[test]
fn hypot_second_partials_do_not_overflow_or_underflow() {
    for s in [1e300_f64, 1e-300] {
        let p = hypot(3.0 * s, 4.0 * s, 5.0 * s);
        assert_ulps(&p.d, &[0.6, 0.8]);
        let k = 125.0 * s;
        assert_ulps(&p.dd, &[16.0 / k, -12.0 / k, 9.0 / k]);
    }
}

#[test]
fn atan2_gradient_does_not_underflow() {
    let s = 1e160_f64;
    let (a, b) = (3.0 * s, 4.0 * s);
    let p = atan2(a, b, a.atan2(b));
    assert_ulps(&p.d, &[4.0 / (25.0 * s), -3.0 / (25.0 * s)]);
    assert!(p.dd.iter().all(|v| v.is_finite()));
}

#[test]
fn powf_at_zero_takes_the_smooth_limits() {
    let p = powf(0.0_f64, 2.0, 0.0);
    assert_eq!(p.d, [0.0, 0.0]);
    assert_eq!(p.dd, [2.0, 0.0, 0.0]);
}

#[test]
fn sqrt_is_infinitely_steep_at_zero() {
    assert_eq!(sqrt(0.0_f64, 0.0).d, f64::INFINITY);
    assert_eq!(sqrt(-0.0_f64, -0.0).d, f64::INFINITY);
}

#[test]
fn rules_work_in_f32() {
    let a = 0.5_f32;
    let p = sin(a, a.sin());
    assert!((p.d - a.cos()).abs() <= 1e-6 && (p.dd + a.sin()).abs() <= 1e-6);
    let p = exp(a, a.exp());
    assert_eq!((p.d, p.dd), (a.exp(), a.exp()));
    let p = hypot(3.0_f32, 4.0, 5.0);
    assert_eq!(p.d, [0.6, 0.8]);
    let want = [16.0 / 125.0, -12.0 / 125.0, 9.0 / 125.0];
    for (got, want) in p.dd.iter().zip(want) {
        assert!((got - want).abs() <= 1e-6_f32, "{got} vs {want}");
    }
}
