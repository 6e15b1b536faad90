//! Every primitive of the rule table at the edges of its domain: 0, ±tiny,
//! ±huge, negative operands, bounds and zero bases, wherever the function is
//! differentiable, against the exact first and second derivatives; and the
//! documented conventions where it is not. Each case checks forward mode
//! (`tangent` in each unit direction), reverse mode (`gradient`), the Hessian
//! (tangent over adjoint) and the Laplacian (collapsed Taylor mode).
//!
//! A partial derivative that is infinite where the function's own derivative is
//! (`sqrt` at 0, `ln` at tiny operands, `1/b` at tiny `b`) is expected, and so
//! is 0 where the exact value underflows; a NaN, ∞ or 0 that the function does
//! not have (a partial computed as `0·∞`, a square or cube that overflows) is a
//! failure. `EDGE_AUDIT=1 cargo test --test domain_edges -- --nocapture` prints
//! every comparison as a table row.

mod common;

use jacobian::{differentiate, Matrix};
use std::f64::consts::{LN_10, LN_2};

// ---------------------------------------------------------------------------
// The oracle
// ---------------------------------------------------------------------------

/// `got` is `want`: equal (infinities included), both NaN, within 1e-12
/// relative, or both below the normal range (an exact value that underflows).
fn same(got: f64, want: f64) -> bool {
    got == want
        || (got.is_nan() && want.is_nan())
        || (want.is_finite() && (got - want).abs() <= 1e-12 * want.abs())
        || (got.abs() < 1e-300 && want.abs() < 1e-300)
}

/// How a comparison came out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// [`same`].
    Ok,
    /// NaN where the exact value overflows: ∞·0 in the chain rule of a
    /// value that is itself not representable (documented).
    Overflow,
    /// Within 1e-15 absolute but not 1e-12 relative: `tanh` and `exp_m1`
    /// partials read the result (1 − y², y + 1), which rounds near ±1.
    Rounded,
    Wrong,
}

/// Collects the comparisons of every case, printing them with `EDGE_AUDIT=1`,
/// and fails the test at the end if any differed.
#[derive(Default)]
struct Audit {
    failures: Vec<String>,
    /// NaN is accepted where the exact value overflows (also in the other
    /// entries of a Hessian with an overflowing entry: ∞·0).
    overflow: bool,
    /// 1e-15 absolute is accepted (see [`Verdict::Rounded`]).
    rounded: bool,
}

impl Audit {
    fn verdict(&self, got: f64, want: f64) -> Verdict {
        if same(got, want) {
            Verdict::Ok
        } else if got.is_nan() && (!want.is_finite() || self.overflow) {
            Verdict::Overflow
        } else if self.rounded && (got - want).abs() <= 1e-15 {
            Verdict::Rounded
        } else {
            Verdict::Wrong
        }
    }

    fn compare(&mut self, prim: &str, point: &str, what: &str, got: f64, want: f64) {
        let verdict = self.verdict(got, want);
        if std::env::var("EDGE_AUDIT").is_ok_and(|v| v == "1") {
            let mark = match verdict {
                Verdict::Ok => "ok",
                Verdict::Overflow => "overflow (∞·0)",
                Verdict::Rounded => "rounded (< 1e-15)",
                Verdict::Wrong => "WRONG",
            };
            println!("| {prim} | {point} | {what} | {want:e} | {got:e} | {mark} |");
        }
        if verdict == Verdict::Wrong {
            self.failures.push(format!(
                "{prim} at {point}: {what} is {got:e}, exact {want:e}"
            ));
        }
    }

    fn finish(self) {
        assert!(
            self.failures.is_empty(),
            "{} wrong:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

/// The generated functions of a differentiated `fn(f64) -> f64`.
struct Unary {
    name: &'static str,
    tangent: fn(f64, f64) -> (f64, f64),
    gradient: fn(f64) -> f64,
    hessian: fn(f64) -> Matrix<f64>,
    laplacian: fn(f64) -> f64,
}

macro_rules! unary {
    ($f:ident, $name:literal) => {
        Unary {
            name: $name,
            tangent: $f::tangent,
            gradient: $f::gradient,
            hessian: $f::hessian,
            laplacian: $f::laplacian,
        }
    };
}

/// The generated functions of a differentiated `fn(f64, f64) -> f64`.
struct Binary {
    name: &'static str,
    tangent: fn(f64, f64, f64, f64) -> (f64, f64),
    gradient: fn(f64, f64) -> (f64, f64),
    hessian: fn(f64, f64) -> Matrix<f64>,
    laplacian: fn(f64, f64) -> f64,
}

macro_rules! binary {
    ($f:ident, $name:literal) => {
        Binary {
            name: $name,
            tangent: $f::tangent,
            gradient: $f::gradient,
            hessian: $f::hessian,
            laplacian: $f::laplacian,
        }
    };
}

impl Audit {
    /// `f` at `x` has the derivatives `d1`, `d2`.
    fn unary(&mut self, f: &Unary, x: f64, d1: f64, d2: f64) {
        let point = format!("{x:e}");
        self.compare(f.name, &point, "forward", (f.tangent)(x, 1.0).1, d1);
        self.compare(f.name, &point, "reverse", (f.gradient)(x), d1);
        self.compare(f.name, &point, "Hessian", (f.hessian)(x)[(0, 0)], d2);
        self.compare(f.name, &point, "Laplacian", (f.laplacian)(x), d2);
    }

    /// `f` at `(a, b)` has the gradient `g` and the Hessian `h` (`None` where
    /// the function has no second derivative).
    fn binary(&mut self, f: &Binary, (a, b): (f64, f64), g: [f64; 2], h: Option<[f64; 3]>) {
        let point = format!("({a:e}, {b:e})");
        // Forward mode multiplies every partial by its direction: ∞·0 = NaN.
        let forward = [g[0] * 1.0 + g[1] * 0.0, g[0] * 0.0 + g[1] * 1.0];
        let t = [(f.tangent)(a, b, 1.0, 0.0).1, (f.tangent)(a, b, 0.0, 1.0).1];
        self.compare(f.name, &point, "forward ∂a", t[0], forward[0]);
        self.compare(f.name, &point, "forward ∂b", t[1], forward[1]);
        let (ga, gb) = (f.gradient)(a, b);
        self.compare(f.name, &point, "reverse ∂a", ga, g[0]);
        self.compare(f.name, &point, "reverse ∂b", gb, g[1]);
        let Some([haa, hab, hbb]) = h else { return };
        self.overflow = !(haa.is_finite() && hab.is_finite() && hbb.is_finite());
        let hess = (f.hessian)(a, b);
        self.compare(f.name, &point, "Hessian ∂aa", hess[(0, 0)], haa);
        self.compare(f.name, &point, "Hessian ∂ab", hess[(0, 1)], hab);
        self.compare(f.name, &point, "Hessian ∂ba", hess[(1, 0)], hab);
        self.compare(f.name, &point, "Hessian ∂bb", hess[(1, 1)], hbb);
        self.compare(f.name, &point, "Laplacian", (f.laplacian)(a, b), haa + hbb);
        self.overflow = false;
    }
}

// ---------------------------------------------------------------------------
// One operand
// ---------------------------------------------------------------------------

macro_rules! unary_fns {
    ($($f:ident: $x:ident => $e:expr;)*) => {$(
        #[differentiate]
        fn $f($x: f64) -> f64 {
            $e
        }
    )*};
}

unary_fns! {
    sin: x => x.sin();
    cos: x => x.cos();
    tan: x => x.tan();
    asin: x => x.asin();
    acos: x => x.acos();
    atan: x => x.atan();
    sinh: x => x.sinh();
    cosh: x => x.cosh();
    tanh: x => x.tanh();
    asinh: x => x.asinh();
    acosh: x => x.acosh();
    atanh: x => x.atanh();
    exp: x => x.exp();
    exp2: x => x.exp2();
    exp_m1: x => x.exp_m1();
    ln: x => x.ln();
    ln_1p: x => x.ln_1p();
    log2: x => x.log2();
    log10: x => x.log10();
    sqrt: x => x.sqrt();
    cbrt: x => x.cbrt();
    recip: x => x.recip();
    abs: x => x.abs();
    signum: x => x.signum();
    floor: x => x.floor();
    ceil: x => x.ceil();
    round: x => x.round();
    trunc: x => x.trunc();
    fract: x => x.fract();
    to_degrees: x => x.to_degrees();
    to_radians: x => x.to_radians();
    powi0: x => x.powi(0);
    powi1: x => x.powi(1);
    powi2: x => x.powi(2);
    powi3: x => x.powi(3);
    powi_m1: x => x.powi(-1);
    neg: x => -x;
}

const TINY: f64 = 1e-300;
const HUGE: f64 = 1e300;

#[test]
fn trigonometric() {
    let mut a = Audit::default();
    let (s, c, t) = (unary!(sin, "sin"), unary!(cos, "cos"), unary!(tan, "tan"));
    for x in [0.0, -0.0, TINY, -TINY, 1e-150, 1e300] {
        a.unary(&s, x, x.cos(), -x.sin());
        a.unary(&c, x, -x.sin(), -x.cos());
    }
    for x in [0.0, TINY, -1e-150, 1.5] {
        let y = x.tan();
        a.unary(&t, x, 1.0 + y * y, 2.0 * y * (1.0 + y * y));
    }
    let (asin_, acos_) = (unary!(asin, "asin"), unary!(acos, "acos"));
    for x in [0.0, TINY, -1e-150, 0.999_999_9, -0.999_999_9] {
        let q: f64 = (1.0 - x) * (1.0 + x);
        let (d1, d2) = (1.0 / q.sqrt(), x / (q * q.sqrt()));
        a.unary(&asin_, x, d1, d2);
        a.unary(&acos_, x, -d1, -d2);
    }
    let atan_ = unary!(atan, "atan");
    for x in [0.0, TINY, -1e-150, 1e20, 1e100, -1e100, 1e160, 1e300] {
        // 1/(1 + x²) and −2x/(1 + x²)², for huge x as 1/x² and −2/x³
        let (d1, d2) = if x.abs() > 1e10 {
            (1.0 / x / x, -2.0 / x / x / x)
        } else {
            (
                1.0 / (1.0 + x * x),
                -2.0 * x / ((1.0 + x * x) * (1.0 + x * x)),
            )
        };
        a.unary(&atan_, x, d1, d2);
    }
    a.finish();
}

#[test]
fn hyperbolic() {
    let mut a = Audit::default();
    let (sh, ch) = (unary!(sinh, "sinh"), unary!(cosh, "cosh"));
    for x in [0.0, TINY, -1e-150, 700.0, -700.0] {
        a.unary(&sh, x, x.cosh(), x.sinh());
        a.unary(&ch, x, x.sinh(), x.cosh());
    }
    let th = unary!(tanh, "tanh");
    // 1 − tanh² x: for |x| > 19 tanh x rounds to ±1 and the derivative to 0
    // (exact: 4e^(−2|x|) < 1.1e-16), a loss of precision kept for speed.
    a.rounded = true;
    for x in [0.0, TINY, -1e-150, 2.0, -3.0, 15.0, -25.0] {
        // sech² x = 4/(eˣ + e⁻ˣ)², and −2 tanh x sech² x
        let c = 2.0 / (x.exp() + (-x).exp());
        a.unary(&th, x, c * c, -2.0 * x.tanh() * c * c);
    }
    a.rounded = false;
    let ash = unary!(asinh, "asinh");
    for x in [0.0, TINY, -1e-150, 2.0, 1e100, -1e100, 1e155, 1e200, -1e300] {
        // 1/√(x² + 1) and −x/(x² + 1)^{3/2}; for huge x 1/|x| and −1/(x|x|)
        let (d1, d2) = if x.abs() > 1e10 {
            (1.0 / x.abs(), -1.0 / x / x.abs())
        } else {
            let s = (x * x + 1.0).sqrt();
            (1.0 / s, -x / (s * s * s))
        };
        a.unary(&ash, x, d1, d2);
    }
    let ach = unary!(acosh, "acosh");
    for x in [1.0 + 1e-10_f64, 2.0, 1e100, 1e155, 1e200, 1e300] {
        // 1/√(x² − 1) and −x/(x² − 1)^{3/2}, with x² − 1 = (x − 1)(x + 1)
        let (d1, d2) = if x > 1e10 {
            (1.0 / x, -1.0 / x / x)
        } else {
            let s = ((x - 1.0) * (x + 1.0)).sqrt();
            (1.0 / s, -x / (s * s * s))
        };
        a.unary(&ach, x, d1, d2);
    }
    let ath = unary!(atanh, "atanh");
    for x in [0.0, TINY, -1e-150, 0.999_999_9, -0.5] {
        let q = (1.0 - x) * (1.0 + x);
        a.unary(&ath, x, 1.0 / q, 2.0 * x / (q * q));
    }
    a.finish();
}

#[test]
fn exponential_and_logarithmic() {
    let mut a = Audit::default();
    let e = unary!(exp, "exp");
    for x in [0.0, TINY, -700.0, 700.0, -800.0] {
        a.unary(&e, x, x.exp(), x.exp());
    }
    let e2 = unary!(exp2, "exp2");
    for x in [0.0_f64, -1000.0, 1000.0, -1100.0] {
        let y = x.exp2();
        a.unary(&e2, x, y * LN_2, y * LN_2 * LN_2);
    }
    let em1 = unary!(exp_m1, "exp_m1");
    // y + 1 = eˣ: for x < −37, y rounds to −1 and the derivative to 0 (exact
    // eˣ < 1e-16), a loss of precision kept (the rule reads only y).
    a.rounded = true;
    for x in [0.0, TINY, -1e-150, 3.0, -30.0, -40.0] {
        a.unary(&em1, x, x.exp(), x.exp());
    }
    a.rounded = false;
    let l = unary!(ln, "ln");
    let l1p = unary!(ln_1p, "ln_1p");
    let l2 = unary!(log2, "log2");
    let l10 = unary!(log10, "log10");
    for x in [1.0, TINY, 1e-160, 1e-150, 1e150, HUGE, 1e308] {
        // 1/x, −1/x² (infinite where 1/x² overflows, as the exact value)
        let (d1, d2) = (1.0 / x, -(1.0 / x) * (1.0 / x));
        a.unary(&l, x, d1, d2);
        a.unary(&l2, x, d1 / LN_2, d2 / LN_2);
        a.unary(&l10, x, d1 / LN_10, d2 / LN_10);
    }
    for x in [0.0, TINY, -1e-150, -0.5, 1e150, HUGE] {
        let d1 = 1.0 / (1.0 + x);
        a.unary(&l1p, x, d1, -d1 * d1);
    }
    a.finish();
}

#[test]
fn roots_powers_and_reciprocal() {
    let mut a = Audit::default();
    let sq = unary!(sqrt, "sqrt");
    // At ±0: +∞ (the one-sided derivative); the second partial −1/(4y³) is −∞ at +0.
    a.unary(&sq, 0.0, f64::INFINITY, f64::NEG_INFINITY);
    a.compare(
        "sqrt",
        "-0e0",
        "forward",
        (sq.tangent)(-0.0, 1.0).1,
        f64::INFINITY,
    );
    a.compare(
        "sqrt",
        "-0e0",
        "reverse",
        (sq.gradient)(-0.0),
        f64::INFINITY,
    );
    for x in [TINY, 1e-150, 2.0, 1e150, HUGE] {
        let y = x.sqrt();
        a.unary(&sq, x, 0.5 / y, -0.25 / y / y / y);
    }
    let cb = unary!(cbrt, "cbrt");
    a.unary(&cb, 0.0, f64::INFINITY, f64::NEG_INFINITY);
    for x in [TINY, -8.0, 8.0, 1e150, HUGE, -HUGE] {
        let y = x.cbrt();
        a.unary(&cb, x, 1.0 / (3.0 * y * y), -2.0 / 9.0 / y.powi(5));
    }
    let r = unary!(recip, "recip");
    for x in [TINY, -1e-150, 2.0, 1e150, HUGE, -HUGE] {
        let y = 1.0 / x;
        a.unary(&r, x, -y * y, 2.0 * y * y * y);
    }
    let (p0, p1, p2, p3, pm1) = (
        unary!(powi0, "powi(_, 0)"),
        unary!(powi1, "powi(_, 1)"),
        unary!(powi2, "powi(_, 2)"),
        unary!(powi3, "powi(_, 3)"),
        unary!(powi_m1, "powi(_, -1)"),
    );
    for x in [0.0, -0.0, TINY, -2.0, 1e100] {
        a.unary(&p0, x, 0.0, 0.0);
        a.unary(&p1, x, 1.0, 0.0);
        a.unary(&p2, x, 2.0 * x, 2.0);
        a.unary(&p3, x, 3.0 * x * x, 6.0 * x);
    }
    for x in [TINY, -2.0, 1e150] {
        a.unary(&pm1, x, -1.0 / x / x, 2.0 / x / x / x);
    }
    a.finish();
}

#[test]
fn piecewise_and_linear() {
    let mut a = Audit::default();
    let ab = unary!(abs, "abs");
    // 0 at ±0 (the middle of the subdifferential), ±1 elsewhere, even for tiny operands.
    for (x, d) in [
        (0.0, 0.0),
        (-0.0, 0.0),
        (TINY, 1.0),
        (-TINY, -1.0),
        (-HUGE, -1.0),
    ] {
        a.unary(&ab, x, d, 0.0);
    }
    let fs = [
        unary!(signum, "signum"),
        unary!(floor, "floor"),
        unary!(ceil, "ceil"),
        unary!(round, "round"),
        unary!(trunc, "trunc"),
    ];
    for f in &fs {
        for x in [0.0, -0.0, 0.5, -1.5, HUGE] {
            a.unary(f, x, 0.0, 0.0);
        }
    }
    let fr = unary!(fract, "fract");
    let (deg, rad, n) = (
        unary!(to_degrees, "to_degrees"),
        unary!(to_radians, "to_radians"),
        unary!(neg, "neg"),
    );
    for x in [0.0, TINY, -2.5, HUGE] {
        a.unary(&fr, x, 1.0, 0.0);
        a.unary(&deg, x, 180.0 / std::f64::consts::PI, 0.0);
        a.unary(&rad, x, std::f64::consts::PI / 180.0, 0.0);
        a.unary(&n, x, -1.0, 0.0);
    }
    a.finish();
}

// ---------------------------------------------------------------------------
// Two operands
// ---------------------------------------------------------------------------

macro_rules! binary_fns {
    ($($f:ident: ($a:ident, $b:ident) => $e:expr;)*) => {$(
        #[differentiate]
        fn $f($a: f64, $b: f64) -> f64 {
            $e
        }
    )*};
}

binary_fns! {
    atan2: (a, b) => a.atan2(b);
    hypot: (a, b) => a.hypot(b);
    powf: (a, b) => a.powf(b);
    div: (a, b) => a / b;
    mul: (a, b) => a * b;
    rem: (a, b) => a % b;
    log: (a, b) => a.log(b);
    max: (a, b) => a.max(b);
    min: (a, b) => a.min(b);
}

#[test]
fn atan2_and_hypot_at_every_scale() {
    let mut a = Audit::default();
    let (at, hy) = (binary!(atan2, "atan2"), binary!(hypot, "hypot"));
    // (0, 1): ∇ = (1, 0), ∂ab = −1.
    a.binary(&at, (0.0, 1.0), [1.0, 0.0], Some([0.0, -1.0, 0.0]));
    for s in [1.0, 1e-160, 1e-100, 1e100, 1e160, 1e300, TINY] {
        // atan2(3s, 4s): ∇ = (4, −3)/(25s); ∂aa = −24/(625s²), ∂ab = −7/(625s²), ∂bb = 24/(625s²)
        let g = [4.0 / 25.0 / s, -3.0 / 25.0 / s];
        let k = 1.0 / 625.0 / s / s;
        a.binary(
            &at,
            (3.0 * s, 4.0 * s),
            g,
            Some([-24.0 * k, -7.0 * k, 24.0 * k]),
        );
        // hypot(3s, 4s): ∇ = (3/5, 4/5); ∂aa = 16/(125s), ∂ab = −12/(125s), ∂bb = 9/(125s)
        let k = 1.0 / 125.0 / s;
        a.binary(
            &hy,
            (3.0 * s, 4.0 * s),
            [0.6, 0.8],
            Some([16.0 * k, -12.0 * k, 9.0 * k]),
        );
    }
    // Where the functions are not differentiable: NaN (0/0), as documented.
    let nan = f64::NAN;
    a.binary(&hy, (0.0, 0.0), [nan, nan], None);
    a.binary(&at, (0.0, 0.0), [nan, nan], None);
    a.finish();
}

#[test]
fn powf_at_zero_bases_and_large_operands() {
    let mut a = Audit::default();
    let p = binary!(powf, "powf");
    // 0ᵖ = 0 for p > 0, whatever p: ∂p = 0, and ∂a = p·0ᵖ⁻¹.
    a.binary(&p, (0.0, 1.0), [1.0, 0.0], None); // ∂ap has no limit at (0, 1)
    a.binary(&p, (0.0, 2.0), [0.0, 0.0], Some([2.0, 0.0, 0.0]));
    a.binary(&p, (0.0, 3.0), [0.0, 0.0], Some([0.0, 0.0, 0.0]));
    a.binary(&p, (0.0, 2.5), [0.0, 0.0], Some([0.0, 0.0, 0.0]));
    a.binary(&p, (0.0, 0.5), [f64::INFINITY, 0.0], None);
    // a⁰ = 1 for every a: ∂a = 0 (0ᵖ is not differentiable in p at p = 0: ∂p = −∞).
    a.binary(&p, (0.0, 0.0), [0.0, f64::NEG_INFINITY], None);
    a.binary(&p, (2.0, 0.0), [0.0, LN_2], Some([0.0, 0.5, LN_2 * LN_2]));
    // a¹ = a: ∂aa = 0.
    let l = HUGE.ln();
    a.binary(
        &p,
        (HUGE, 1.0),
        [1.0, HUGE * l],
        Some([0.0, 1.0 + l, HUGE * l * l]),
    );
    a.binary(&p, (TINY, 1.0), [1.0, TINY * TINY.ln()], None);
    // A negative base with an integer exponent: (−2)² = 4, ∂a = −4; aᵖ is not
    // defined near p = 2 for a < 0, so ∂p is NaN.
    a.binary(&p, (-2.0, 2.0), [-4.0, f64::NAN], None);
    a.finish();
}

#[test]
fn arithmetic_at_extreme_operands() {
    let mut a = Audit::default();
    let d = binary!(div, "/");
    for (x, y) in [
        (1.0, 2.0),
        (1e300, 1e160),
        (1e-300, 1e-160),
        (1e-300, 1e150),
        (HUGE, 0.5),
        (1.0, TINY),
    ] {
        // ∇ = (1/b, −a/b²); ∂ab = −1/b², ∂bb = 2a/b³
        let ib = 1.0 / y;
        let g = [ib, -(x * ib) * ib];
        let h = [0.0, -ib * ib, 2.0 * (x * ib) * ib * ib];
        a.binary(&d, (x, y), g, Some(h));
    }
    let m = binary!(mul, "*");
    for (x, y) in [(0.0, 0.0), (1e150, 1e150), (TINY, HUGE)] {
        a.binary(&m, (x, y), [y, x], Some([0.0, 1.0, 0.0]));
    }
    let r = binary!(rem, "%");
    for (x, y) in [(5.5, 2.0), (-5.5, 2.0), (1e300, 3.0), (TINY, 1.0)] {
        let q = ((x - x % y) / y).round();
        a.binary(&r, (x, y), [1.0, -q], Some([0.0, 0.0, 0.0]));
    }
    let lg = binary!(log, "log");
    for (x, y) in [
        (1.0, 2.0),
        (8.0, 2.0),
        (HUGE, 10.0),
        (TINY, 10.0),
        (2.0, HUGE),
    ] {
        // log_b a = ln a / L: ∂a = 1/(a L), ∂b = −ln a/(b L²)
        let (la, lb) = (x.ln(), y.ln());
        let g = [1.0 / (x * lb), -la / (y * lb * lb)];
        let h = [
            -1.0 / (x * x * lb),
            -1.0 / (x * y * lb * lb),
            la * (lb + 2.0) / (y * y * lb * lb * lb),
        ];
        a.binary(&lg, (x, y), g, Some(h));
    }
    let (mx, mn) = (binary!(max, "max"), binary!(min, "min"));
    // Ties go to the receiver; zero Hessians.
    for (x, y) in [(1.0, 1.0), (0.0, -0.0), (HUGE, -HUGE), (TINY, 0.0)] {
        let sel = if x >= y { [1.0, 0.0] } else { [0.0, 1.0] };
        a.binary(&mx, (x, y), sel, Some([0.0; 3]));
        let sel = if x <= y { [1.0, 0.0] } else { [0.0, 1.0] };
        a.binary(&mn, (x, y), sel, Some([0.0; 3]));
    }
    a.finish();
}

// BEGIN primitives added with the audit (absent before it)

binary_fns! {
    rem_euclid: (a, b) => a.rem_euclid(b);
    div_euclid: (a, b) => a.div_euclid(b);
    clamp01: (a, b) => a.clamp(b - 1.0, b + 1.0);
}

#[test]
fn rem_euclid_div_euclid_and_clamp() {
    let mut a = Audit::default();
    let (re, de, cl) = (
        binary!(rem_euclid, "rem_euclid"),
        binary!(div_euclid, "div_euclid"),
        binary!(clamp01, "clamp(b - 1, b + 1)"),
    );
    for (x, y) in [
        (5.0, 3.0),
        (-5.0, 3.0),
        (5.0, -3.0),
        (-5.5, -2.0),
        (TINY, 1.0),
        (-TINY, 1.0),
    ] {
        // a − q·b with q = a.div_euclid(b): ∇ = (1, −q); div_euclid itself is piecewise constant.
        let q: f64 = x.div_euclid(y);
        a.binary(&re, (x, y), [1.0, -q], Some([0.0; 3]));
        a.binary(&de, (x, y), [0.0, 0.0], Some([0.0; 3]));
    }
    // Inside (and on a bound) the receiver is selected, outside the bound.
    for (x, g) in [
        (0.5, [1.0, 0.0]),
        (1.0, [1.0, 0.0]),
        (-1.0, [1.0, 0.0]),
        (2.0, [0.0, 1.0]),
        (-HUGE, [0.0, 1.0]),
    ] {
        a.binary(&cl, (x, 0.0), g, Some([0.0; 3]));
    }
    a.finish();
}

// END primitives added with the audit

// ---------------------------------------------------------------------------
// f32 and generic `T: Float` at the edges where f64's fixes were needed
// ---------------------------------------------------------------------------

#[differentiate]
fn hypot_32(a: f32, b: f32) -> f32 {
    a.hypot(b)
}

#[differentiate]
fn atan2_32(a: f32, b: f32) -> f32 {
    a.atan2(b)
}

#[differentiate]
fn asinh_t<T: num_traits::Float>(x: T) -> T {
    x.asinh()
}

#[differentiate]
fn powf_t<T: num_traits::Float>(a: T, p: T) -> T {
    a.powf(p)
}

#[test]
fn f32_and_generic_at_the_edges() {
    let mut a = Audit::default();
    // Scales where the exact f32 values are representable: the Hessians' 1/s and
    // 1/s², atan2's gradient 1/s.
    for s in [1.0_f32, 1e13, 1e-13, 1e30, 1e-30] {
        let h = hypot_32::hessian(3.0 * s, 4.0 * s);
        let k = 1.0 / 125.0 / f64::from(s);
        let point = format!("f32 ({:e}, {:e})", 3.0 * s, 4.0 * s);
        // f32 keeps about 7 digits: compare to 1e-6.
        let rel = |g: f32, w: f64| ((f64::from(g) - w).abs() <= 1e-6 * w.abs()) as u8 as f64;
        a.compare(
            "hypot",
            &point,
            "Hessian ∂aa (1 = within 1e-6)",
            rel(h[(0, 0)], 16.0 * k),
            1.0,
        );
        a.compare(
            "hypot",
            &point,
            "Hessian ∂ab (1 = within 1e-6)",
            rel(h[(0, 1)], -12.0 * k),
            1.0,
        );
        let h = atan2_32::hessian(3.0 * s, 4.0 * s);
        let k = k / 5.0 / f64::from(s);
        if (1e-13..=1e13).contains(&s) {
            a.compare(
                "atan2",
                &point,
                "Hessian ∂aa (1 = within 1e-6)",
                rel(h[(0, 0)], -24.0 * k),
                1.0,
            );
        }
        let (ga, _) = atan2_32::gradient(3.0 * s, 4.0 * s);
        let want = 4.0 / 25.0 / f64::from(s);
        a.compare(
            "atan2",
            &point,
            "reverse ∂a (1 = within 1e-6)",
            rel(ga, want),
            1.0,
        );
    }
    for x in [1e100, -1e155, 1e200] {
        let point = format!("generic {x:e}");
        a.compare(
            "asinh",
            &point,
            "reverse",
            asinh_t::gradient(x),
            1.0 / x.abs(),
        );
        a.compare(
            "asinh",
            &point,
            "Laplacian",
            asinh_t::laplacian(x),
            -1.0 / x / x.abs(),
        );
    }
    a.compare(
        "powf",
        "generic (0, 2)",
        "reverse ∂p",
        powf_t::gradient(0.0, 2.0).1,
        0.0,
    );
    a.compare(
        "powf",
        "generic (0, 2)",
        "Laplacian",
        powf_t::laplacian(0.0, 2.0),
        2.0,
    );
    a.compare(
        "powf",
        "f32 (0, 1)",
        "reverse ∂p",
        f64::from(powf_t::gradient(0.0_f32, 1.0).1),
        0.0,
    );
    a.finish();
}
