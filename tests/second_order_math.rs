//! Second derivatives of every primitive of the rule table
//! (`jacobian-macro/src/rules.rs`: `partials` and `second_partials`).
//!
//! Each method and operator is differentiated twice in `f64`, with every operand
//! active, both directly (`a.atan2(b)`) and composed with nonlinear inner
//! functions of two inputs (`(x + y²/4).atan2(y + x²/4)`), so that the Taylor
//! sweep's first-order term `∂y/∂a · Δa` and its cross terms `∇a·∇b` are
//! nonzero. At each point ([`check_second`]):
//! - `f::hessian` is symmetric and matches central finite differences of the
//!   generated gradient (`f::gradient`) and the closed form, obtained from the
//!   primitive's own first and second derivatives by the chain rule ([`chain`]);
//! - `f::laplacian` (collapsed Taylor mode) equals the trace of `f::hessian`;
//! - `f::hvp` gives the gradient and `H·v` for random directions.
//!
//! Piecewise-linear primitives have an exactly zero Hessian away from their
//! kinks. Then: `f32` versions against the `f64` results, a generic
//! `T: Float` function, a function with a vector output (each output's
//! Laplacian against finite differences of the Jacobian), functions mixing
//! methods with loops, branches, `while` and calls, and a test that every
//! method of the rule table is called by a `#[differentiate]` function here.

mod common;

use common::{close, fd_hessian, Rng};
use jacobian::{differentiate, Matrix};
use num_traits::Float;
use std::f64::consts::{LN_10, LN_2, PI};

// ---------------------------------------------------------------------------
// Oracles
// ---------------------------------------------------------------------------

type Grad = Box<dyn Fn(&[f64]) -> Vec<f64>>;
type Hessian = Box<dyn Fn(&[f64]) -> Matrix<f64>>;
type Laplacian = Box<dyn Fn(&[f64]) -> f64>;
type Hvp = Box<dyn Fn(&[f64], &[f64]) -> (Vec<f64>, Vec<f64>)>;

/// The generated first- and second-order functions of one scalar function,
/// over a flat input vector.
struct Ops {
    gradient: Grad,
    hessian: Hessian,
    laplacian: Laplacian,
    hvp: Hvp,
}

/// [`Ops`] of a generated module `f` whose active parameters are 1, 2 or 3
/// scalars, or one array `[n]`; trailing expressions are inactive arguments.
macro_rules! ops {
    ($f:ident, 1 $(, $e:expr)*) => {
        Ops {
            gradient: Box::new(move |x| vec![$f::gradient(x[0] $(, $e)*)]),
            hessian: Box::new(move |x| $f::hessian(x[0] $(, $e)*)),
            laplacian: Box::new(move |x| $f::laplacian(x[0] $(, $e)*)),
            hvp: Box::new(move |x, v| {
                let (g, hv) = $f::hvp(x[0] $(, $e)*, v[0]);
                (vec![g], vec![hv])
            }),
        }
    };
    ($f:ident, 2 $(, $e:expr)*) => {
        Ops {
            gradient: Box::new(move |x| {
                let (g0, g1) = $f::gradient(x[0], x[1] $(, $e)*);
                vec![g0, g1]
            }),
            hessian: Box::new(move |x| $f::hessian(x[0], x[1] $(, $e)*)),
            laplacian: Box::new(move |x| $f::laplacian(x[0], x[1] $(, $e)*)),
            hvp: Box::new(move |x, v| {
                let ((g0, g1), (h0, h1)) = $f::hvp(x[0], x[1] $(, $e)*, v[0], v[1]);
                (vec![g0, g1], vec![h0, h1])
            }),
        }
    };
    ($f:ident, 3) => {
        Ops {
            gradient: Box::new(|x| {
                let (g0, g1, g2) = $f::gradient(x[0], x[1], x[2]);
                vec![g0, g1, g2]
            }),
            hessian: Box::new(|x| $f::hessian(x[0], x[1], x[2])),
            laplacian: Box::new(|x| $f::laplacian(x[0], x[1], x[2])),
            hvp: Box::new(|x, v| {
                let ((g0, g1, g2), (h0, h1, h2)) = $f::hvp(x[0], x[1], x[2], v[0], v[1], v[2]);
                (vec![g0, g1, g2], vec![h0, h1, h2])
            }),
        }
    };
    ($f:ident, [$n:literal] $(, $e:expr)*) => {
        Ops {
            gradient: Box::new(move |x| $f::gradient(&arr::<$n>(x) $(, $e)*).to_vec()),
            hessian: Box::new(move |x| $f::hessian(&arr::<$n>(x) $(, $e)*)),
            laplacian: Box::new(move |x| $f::laplacian(&arr::<$n>(x) $(, $e)*)),
            hvp: Box::new(move |x, v| {
                let (g, hv) = $f::hvp(&arr::<$n>(x) $(, $e)*, &arr::<$n>(v));
                (g.to_vec(), hv.to_vec())
            }),
        }
    };
}

fn arr<const N: usize>(x: &[f64]) -> [f64; N] {
    x.try_into().expect("an input of the function's length")
}

/// The full second-order battery at `x`; `want` is the closed-form Hessian.
#[track_caller]
fn check_second(ops: &Ops, x: &[f64], want: Option<&Matrix<f64>>) {
    let n = x.len();
    let h = (ops.hessian)(x);
    assert_eq!(h.shape(), (n, n), "Hessian shape at {x:?}");
    for i in 0..n {
        for j in 0..n {
            assert!(
                close(h[(i, j)], h[(j, i)], 1e-12),
                "at {x:?}: H[{i}][{j}] = {} but H[{j}][{i}] = {}",
                h[(i, j)],
                h[(j, i)]
            );
        }
    }
    if let Some(want) = want {
        common::assert_matrix_close(&h, want, 1e-11, &format!("Hessian vs closed form at {x:?}"));
    }
    let fd = fd_hessian(&ops.gradient, x);
    common::assert_matrix_close(
        &h,
        &fd,
        1e-6,
        &format!("Hessian vs finite differences at {x:?}"),
    );
    let trace: f64 = (0..n).map(|i| h[(i, i)]).sum();
    let lap = (ops.laplacian)(x);
    assert!(
        close(lap, trace, 1e-12),
        "at {x:?}: Laplacian {lap} vs Hessian trace {trace}"
    );
    let mut rng = Rng::new(3);
    let grad = (ops.gradient)(x);
    for _ in 0..2 {
        let v: Vec<f64> = (0..n).map(|_| rng.next()).collect();
        let (g, hv) = (ops.hvp)(x, &v);
        common::assert_slice_close(&g, &grad, 1e-12, &format!("hvp's gradient at {x:?}"));
        let want: Vec<f64> = (0..n)
            .map(|i| (0..n).map(|j| h[(i, j)] * v[j]).sum())
            .collect();
        common::assert_slice_close(&hv, &want, 1e-12, &format!("hvp vs H·v at {x:?}"));
    }
}

/// A piecewise-linear function: Hessian, Laplacian and H·v exactly zero at `x`.
#[track_caller]
fn assert_zero(ops: &Ops, x: &[f64]) {
    let h = (ops.hessian)(x);
    assert!(
        h.as_slice().iter().all(|&e| e == 0.0),
        "Hessian at {x:?} is {h:?}, expected 0"
    );
    assert_eq!((ops.laplacian)(x), 0.0, "Laplacian at {x:?}");
    let v: Vec<f64> = (0..x.len()).map(|k| 0.5 - k as f64).collect();
    let hv = (ops.hvp)(x, &v).1;
    assert!(
        hv.iter().all(|&e| e == 0.0),
        "H·v at {x:?} is {hv:?}, expected 0"
    );
}

/// An inner function of the two inputs (x, y): value, gradient, Hessian.
#[derive(Clone, Copy)]
struct Inner {
    value: f64,
    grad: [f64; 2],
    hess: [[f64; 2]; 2],
}

/// u = x + y²/4
fn inner_u(x: f64, y: f64) -> Inner {
    Inner {
        value: x + 0.25 * y * y,
        grad: [1.0, 0.5 * y],
        hess: [[0.0, 0.0], [0.0, 0.5]],
    }
}

/// v = y + x²/4
fn inner_v(x: f64, y: f64) -> Inner {
    Inner {
        value: y + 0.25 * x * x,
        grad: [0.5 * x, 1.0],
        hess: [[0.5, 0.0], [0.0, 0.0]],
    }
}

/// w = x·y
fn inner_w(x: f64, y: f64) -> Inner {
    Inner {
        value: x * y,
        grad: [y, x],
        hess: [[0.0, 1.0], [1.0, 0.0]],
    }
}

/// The chain rule: the Hessian of g(a₀(x, y), …) is
/// Σₖⱼ ∂²g/∂aₖ∂aⱼ ∇aₖ∇aⱼᵀ + Σₖ ∂g/∂aₖ ∇²aₖ.
fn chain<const K: usize>(inner: [Inner; K], g1: [f64; K], g2: [[f64; K]; K]) -> Matrix<f64> {
    Matrix::from_fn(2, 2, |i, j| {
        let mut s = 0.0;
        for k in 0..K {
            s += g1[k] * inner[k].hess[i][j];
            for l in 0..K {
                s += g2[k][l] * inner[k].grad[i] * inner[l].grad[j];
            }
        }
        s
    })
}

/// A method of one operand, composed as g(x + y²/4), at the points where the
/// operand is `us`; `d(u)` is the closed form (g'(u), g''(u)).
#[track_caller]
fn unary(ops: &Ops, us: &[f64], d: impl Fn(f64) -> (f64, f64)) {
    for &u in us {
        let (x, y) = (u - 0.09, 0.6);
        let inner = inner_u(x, y);
        let (g1, g2) = d(inner.value);
        check_second(ops, &[x, y], Some(&chain([inner], [g1], [[g2]])));
    }
}

/// A primitive of two operands, directly as g(a, b) at `points` and composed as
/// g(x + y²/4, y + x²/4) at the same points, against [`closed2`].
#[track_caller]
fn binary(direct: &Ops, composed: &Ops, points: &[(f64, f64)], op: &str) {
    for &(a, b) in points {
        let (_, h) = closed2(op, a, b);
        let want = Matrix::from_fn(2, 2, |i, j| h[i][j]);
        check_second(direct, &[a, b], Some(&want));
        let (u, v) = (inner_u(a, b), inner_v(a, b));
        let (g1, g2) = closed2(op, u.value, v.value);
        check_second(composed, &[a, b], Some(&chain([u, v], g1, g2)));
    }
}

/// The usual operand values for unary methods defined on the whole line.
const LINE: [f64; 3] = [-1.2, 0.3, 1.0];

/// Operand pairs away from the origin and from a = b.
const PAIRS: [(f64, f64); 3] = [(0.7, -0.4), (-1.1, 0.9), (0.3, 1.6)];

// ---------------------------------------------------------------------------
// Smooth methods of one operand: g(x + y²/4)
// ---------------------------------------------------------------------------

/// Operand values inside (-1, 1).
const UNIT: [f64; 3] = [-0.7, 0.2, 0.6];

/// Operand values spread over the line, away from 0.
const WIDE: [f64; 3] = [-2.0, 0.3, 1.5];

/// Operand values above 0.
const POSITIVE: [f64; 3] = [0.3, 1.0, 2.5];

/// Operand values above 1.
const ABOVE_ONE: [f64; 3] = [1.3, 2.0, 3.5];

/// Operand values above -1.
const ABOVE_MINUS_ONE: [f64; 3] = [-0.5, 0.3, 2.0];

/// (g'(u), g''(u)) in closed form for each smooth method of one operand.
fn closed1(method: &str, u: f64) -> (f64, f64) {
    match method {
        "sin" => (u.cos(), -u.sin()),  // sin'' = -sin
        "cos" => (-u.sin(), -u.cos()), // cos'' = -cos
        "tan" => (1.0 / u.cos().powi(2), 2.0 * u.sin() / u.cos().powi(3)), // tan'' = 2 sin / cos³
        "asin" => ((1.0 - u * u).powf(-0.5), u * (1.0 - u * u).powf(-1.5)), // asin'' = u (1-u²)^-3/2
        "acos" => (-(1.0 - u * u).powf(-0.5), -u * (1.0 - u * u).powf(-1.5)), // acos'' = -u (1-u²)^-3/2
        "atan" => (1.0 / (1.0 + u * u), -2.0 * u / (1.0 + u * u).powi(2)), // atan'' = -2u/(1+u²)²
        "sinh" => (u.cosh(), u.sinh()),                                    // sinh'' = sinh
        "cosh" => (u.sinh(), u.cosh()),                                    // cosh'' = cosh
        "tanh" => (1.0 / u.cosh().powi(2), -2.0 * u.sinh() / u.cosh().powi(3)), // tanh'' = -2 sinh / cosh³
        "asinh" => ((u * u + 1.0).powf(-0.5), -u * (u * u + 1.0).powf(-1.5)), // asinh'' = -u (u²+1)^-3/2
        "acosh" => ((u * u - 1.0).powf(-0.5), -u * (u * u - 1.0).powf(-1.5)), // acosh'' = -u (u²-1)^-3/2
        "atanh" => (1.0 / (1.0 - u * u), 2.0 * u / (1.0 - u * u).powi(2)), // atanh'' = 2u/(1-u²)²
        "exp" => (u.exp(), u.exp()),                                       // exp'' = exp
        "exp2" => (2f64.powf(u) * LN_2, 2f64.powf(u) * LN_2 * LN_2),       // (2ᵘ)'' = 2ᵘ ln² 2
        "exp_m1" => (u.exp(), u.exp()),                                    // (eᵘ - 1)'' = eᵘ
        "ln" => (1.0 / u, -1.0 / (u * u)),                                 // ln'' = -1/u²
        "ln_1p" => (1.0 / (1.0 + u), -1.0 / (1.0 + u).powi(2)),            // ln(1+u)'' = -1/(1+u)²
        "log2" => (1.0 / (u * LN_2), -1.0 / (u * u * LN_2)),               // log2'' = -1/(u² ln 2)
        "log10" => (1.0 / (u * LN_10), -1.0 / (u * u * LN_10)), // log10'' = -1/(u² ln 10)
        "sqrt" => (0.5 / u.sqrt(), -0.25 * u.powf(-1.5)),       // √u'' = -u^-3/2 / 4
        "cbrt" => (u.cbrt().powi(-2) / 3.0, -2.0 / 9.0 * u.cbrt().powi(-5)), // ∛u'' = -2/9 u^-5/3, also for u < 0
        "recip" => (-1.0 / (u * u), 2.0 / (u * u * u)),                      // (1/u)'' = 2/u³
        _ => unreachable!("no closed form for {method}"),
    }
}

#[differentiate]
fn sin_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).sin()
}

#[test]
fn sin() {
    unary(&ops!(sin_c, 2), &LINE, |u| closed1("sin", u));
}

#[differentiate]
fn cos_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).cos()
}

#[test]
fn cos() {
    unary(&ops!(cos_c, 2), &LINE, |u| closed1("cos", u));
}

#[differentiate]
fn tan_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).tan()
}

#[test]
fn tan() {
    unary(&ops!(tan_c, 2), &LINE, |u| closed1("tan", u));
}

#[differentiate]
fn asin_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).asin()
}

#[test]
fn asin() {
    unary(&ops!(asin_c, 2), &UNIT, |u| closed1("asin", u));
}

#[differentiate]
fn acos_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).acos()
}

#[test]
fn acos() {
    unary(&ops!(acos_c, 2), &UNIT, |u| closed1("acos", u));
}

#[differentiate]
fn atan_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).atan()
}

#[test]
fn atan() {
    unary(&ops!(atan_c, 2), &WIDE, |u| closed1("atan", u));
}

#[differentiate]
fn sinh_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).sinh()
}

#[test]
fn sinh() {
    unary(&ops!(sinh_c, 2), &LINE, |u| closed1("sinh", u));
}

#[differentiate]
fn cosh_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).cosh()
}

#[test]
fn cosh() {
    unary(&ops!(cosh_c, 2), &LINE, |u| closed1("cosh", u));
}

#[differentiate]
fn tanh_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).tanh()
}

#[test]
fn tanh() {
    unary(&ops!(tanh_c, 2), &LINE, |u| closed1("tanh", u));
}

#[differentiate]
fn asinh_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).asinh()
}

#[test]
fn asinh() {
    unary(&ops!(asinh_c, 2), &WIDE, |u| closed1("asinh", u));
}

#[differentiate]
fn acosh_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).acosh()
}

#[test]
fn acosh() {
    unary(&ops!(acosh_c, 2), &ABOVE_ONE, |u| closed1("acosh", u));
}

#[differentiate]
fn atanh_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).atanh()
}

#[test]
fn atanh() {
    unary(&ops!(atanh_c, 2), &UNIT, |u| closed1("atanh", u));
}

#[differentiate]
fn exp_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).exp()
}

#[test]
fn exp() {
    unary(&ops!(exp_c, 2), &LINE, |u| closed1("exp", u));
}

#[differentiate]
fn exp2_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).exp2()
}

#[test]
fn exp2() {
    unary(&ops!(exp2_c, 2), &LINE, |u| closed1("exp2", u));
}

#[differentiate]
fn exp_m1_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).exp_m1()
}

#[test]
fn exp_m1() {
    unary(&ops!(exp_m1_c, 2), &LINE, |u| closed1("exp_m1", u));
}

#[differentiate]
fn ln_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).ln()
}

#[test]
fn ln() {
    unary(&ops!(ln_c, 2), &POSITIVE, |u| closed1("ln", u));
}

#[differentiate]
fn ln_1p_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).ln_1p()
}

#[test]
fn ln_1p() {
    unary(&ops!(ln_1p_c, 2), &ABOVE_MINUS_ONE, |u| closed1("ln_1p", u));
}

#[differentiate]
fn log2_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).log2()
}

#[test]
fn log2() {
    unary(&ops!(log2_c, 2), &POSITIVE, |u| closed1("log2", u));
}

#[differentiate]
fn log10_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).log10()
}

#[test]
fn log10() {
    unary(&ops!(log10_c, 2), &POSITIVE, |u| closed1("log10", u));
}

#[differentiate]
fn sqrt_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).sqrt()
}

#[test]
fn sqrt() {
    unary(&ops!(sqrt_c, 2), &POSITIVE, |u| closed1("sqrt", u));
}

#[differentiate]
fn cbrt_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).cbrt()
}

#[test]
fn cbrt() {
    unary(&ops!(cbrt_c, 2), &WIDE, |u| closed1("cbrt", u));
}

#[differentiate]
fn recip_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).recip()
}

#[test]
fn recip() {
    unary(&ops!(recip_c, 2), &WIDE, |u| closed1("recip", u));
}

#[differentiate]
fn powi_c(x: f64, y: f64, n: i32) -> f64 {
    (x + 0.25 * y * y).powi(n)
}

#[test]
fn powi() {
    for n in [-3, -1, 0, 1, 2, 5] {
        // (uⁿ)'' = n(n-1) uⁿ⁻², zero for n = 0 and n = 1
        let nf = f64::from(n);
        let ops = ops!(powi_c, 2, n);
        for &u in &WIDE {
            let (x, y) = (u - 0.09, 0.6);
            let inner = inner_u(x, y);
            let u = inner.value;
            let (g1, g2) = (nf * u.powi(n - 1), nf * (nf - 1.0) * u.powi(n - 2));
            check_second(&ops, &[x, y], Some(&chain([inner], [g1], [[g2]])));
        }
    }
}

// ---------------------------------------------------------------------------
// Piecewise-linear methods of one operand
// ---------------------------------------------------------------------------

/// Operand values away from 0, the integers and the half-integers.
const KINKLESS: [f64; 3] = [-1.3, 0.4, 1.7];

/// g(x + y²/4) has the Hessian g'·diag(0, 1/2); g(x) alone has H = 0 exactly.
#[track_caller]
fn piecewise(composed: &Ops, alone: &Ops, slope: fn(f64) -> f64) {
    unary(composed, &KINKLESS, |u| (slope(u), 0.0));
    for x in KINKLESS {
        assert_zero(alone, &[x]);
    }
}

#[differentiate]
fn neg_c(x: f64, y: f64) -> f64 {
    -(x + 0.25 * y * y)
}

#[differentiate]
fn neg_1(x: f64) -> f64 {
    -x
}

#[test]
fn unary_minus() {
    piecewise(&ops!(neg_c, 2), &ops!(neg_1, 1), |_| -1.0);
}

#[differentiate]
fn abs_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).abs()
}

#[differentiate]
fn abs_1(x: f64) -> f64 {
    x.abs()
}

#[test]
fn abs() {
    piecewise(&ops!(abs_c, 2), &ops!(abs_1, 1), f64::signum);
}

#[differentiate]
fn signum_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).signum()
}

#[differentiate]
fn signum_1(x: f64) -> f64 {
    x.signum()
}

#[test]
fn signum() {
    piecewise(&ops!(signum_c, 2), &ops!(signum_1, 1), |_| 0.0);
}

#[differentiate]
fn floor_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).floor()
}

#[differentiate]
fn floor_1(x: f64) -> f64 {
    x.floor()
}

#[test]
fn floor() {
    piecewise(&ops!(floor_c, 2), &ops!(floor_1, 1), |_| 0.0);
}

#[differentiate]
fn ceil_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).ceil()
}

#[differentiate]
fn ceil_1(x: f64) -> f64 {
    x.ceil()
}

#[test]
fn ceil() {
    piecewise(&ops!(ceil_c, 2), &ops!(ceil_1, 1), |_| 0.0);
}

#[differentiate]
fn round_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).round()
}

#[differentiate]
fn round_1(x: f64) -> f64 {
    x.round()
}

#[test]
fn round() {
    piecewise(&ops!(round_c, 2), &ops!(round_1, 1), |_| 0.0);
}

#[differentiate]
fn trunc_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).trunc()
}

#[differentiate]
fn trunc_1(x: f64) -> f64 {
    x.trunc()
}

#[test]
fn trunc() {
    piecewise(&ops!(trunc_c, 2), &ops!(trunc_1, 1), |_| 0.0);
}

#[differentiate]
fn fract_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).fract()
}

#[differentiate]
fn fract_1(x: f64) -> f64 {
    x.fract()
}

#[test]
fn fract() {
    piecewise(&ops!(fract_c, 2), &ops!(fract_1, 1), |_| 1.0);
}

#[differentiate]
fn to_degrees_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).to_degrees()
}

#[differentiate]
fn to_degrees_1(x: f64) -> f64 {
    x.to_degrees()
}

#[test]
fn to_degrees() {
    piecewise(&ops!(to_degrees_c, 2), &ops!(to_degrees_1, 1), |_| {
        180.0 / PI
    });
}

#[differentiate]
fn to_radians_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).to_radians()
}

#[differentiate]
fn to_radians_1(x: f64) -> f64 {
    x.to_radians()
}

#[test]
fn to_radians() {
    piecewise(&ops!(to_radians_c, 2), &ops!(to_radians_1, 1), |_| {
        PI / 180.0
    });
}

// ---------------------------------------------------------------------------
// Operators and methods of two operands: g(a, b) and g(x + y²/4, y + x²/4)
// ---------------------------------------------------------------------------

/// The gradient and Hessian of each primitive of two operands, in closed form.
fn closed2(op: &str, a: f64, b: f64) -> ([f64; 2], [[f64; 2]; 2]) {
    let zero = [[0.0; 2]; 2];
    match op {
        "+" => ([1.0, 1.0], zero),
        "-" => ([1.0, -1.0], zero),
        "*" => ([b, a], [[0.0, 1.0], [1.0, 0.0]]),
        // ∂ab = -1/b², ∂bb = 2a/b³
        "/" => {
            let ab = -1.0 / (b * b);
            (
                [1.0 / b, -a / (b * b)],
                [[0.0, ab], [ab, 2.0 * a / (b * b * b)]],
            )
        }
        // a % b = a - trunc(a/b)·b
        "%" => ([1.0, -(a / b).trunc()], zero),
        // a.rem_euclid(b) = a - q·b, q = a.div_euclid(b) piecewise constant
        "rem_euclid" => ([1.0, -a.div_euclid(b)], zero),
        "div_euclid" => ([0.0, 0.0], zero),
        // ∇ = (b, -a)/r²; ∂aa = -2ab/r⁴, ∂ab = (a² - b²)/r⁴, ∂bb = 2ab/r⁴
        "atan2" => {
            let r2 = a * a + b * b;
            let (r4, ab) = (r2 * r2, a * a - b * b);
            (
                [b / r2, -a / r2],
                [[-2.0 * a * b / r4, ab / r4], [ab / r4, 2.0 * a * b / r4]],
            )
        }
        // log_b a = ln a / L with L = ln b; ∂bb = ln a · (1/L² + 2/L³)/b²
        "log" => {
            let (la, l) = (a.ln(), b.ln());
            let ab = -1.0 / (a * b * l * l);
            let bb = la * (l + 2.0) / (b * b * l * l * l);
            (
                [1.0 / (a * l), -la / (b * l * l)],
                [[-1.0 / (a * a * l), ab], [ab, bb]],
            )
        }
        // aᵖ: ∂aa = p(p-1)aᵖ⁻², ∂ap = aᵖ⁻¹(1 + p ln a), ∂pp = aᵖ ln² a
        "powf" => {
            let (p, y, la) = (b, a.powf(b), a.ln());
            let ap = a.powf(p - 1.0) * (1.0 + p * la);
            let h = [[p * (p - 1.0) * a.powf(p - 2.0), ap], [ap, y * la * la]];
            ([p * a.powf(p - 1.0), y * la], h)
        }
        // ∂aa = b²/r³, ∂ab = -ab/r³, ∂bb = a²/r³
        "hypot" => {
            let r = (a * a + b * b).sqrt();
            let r3 = r * r * r;
            (
                [a / r, b / r],
                [[b * b / r3, -a * b / r3], [-a * b / r3, a * a / r3]],
            )
        }
        "max" => (
            [f64::from(u8::from(a > b)), f64::from(u8::from(a <= b))],
            zero,
        ),
        "min" => (
            [f64::from(u8::from(a < b)), f64::from(u8::from(a >= b))],
            zero,
        ),
        _ => unreachable!("no closed form for {op}"),
    }
}

/// Points for `/`, away from b = 0 also when composed.
const DIV_POINTS: [(f64, f64); 3] = [(0.7, -0.4), (-1.1, 0.9), (2.0, 1.3)];

/// Points for `%`, with a/b away from the integers also when composed.
const REM_POINTS: [(f64, f64); 3] = [(0.7, -0.4), (-1.1, 0.9), (2.5, 0.7)];

/// Points for `log` and `powf`: positive operands, bases away from 1.
const POSITIVE_PAIRS: [(f64, f64); 3] = [(0.7, 2.5), (2.0, 0.4), (1.3, 3.0)];

/// Points where `max` and `min` select either operand, directly and composed.
const SELECT_POINTS: [(f64, f64); 3] = [(0.7, -0.4), (-1.1, 0.9), (1.5, 1.2)];

#[differentiate]
fn add_2(a: f64, b: f64) -> f64 {
    a + b
}

#[differentiate]
fn add_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y) + (y + 0.25 * x * x)
}

#[test]
fn add() {
    binary(&ops!(add_2, 2), &ops!(add_c, 2), &PAIRS, "+");
    for (a, b) in PAIRS {
        assert_zero(&ops!(add_2, 2), &[a, b]);
    }
}

#[differentiate]
fn sub_2(a: f64, b: f64) -> f64 {
    a - b
}

#[differentiate]
fn sub_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y) - (y + 0.25 * x * x)
}

#[test]
fn sub() {
    binary(&ops!(sub_2, 2), &ops!(sub_c, 2), &PAIRS, "-");
    for (a, b) in PAIRS {
        assert_zero(&ops!(sub_2, 2), &[a, b]);
    }
}

#[differentiate]
fn mul_2(a: f64, b: f64) -> f64 {
    a * b
}

#[differentiate]
fn mul_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y) * (y + 0.25 * x * x)
}

#[test]
fn mul() {
    binary(&ops!(mul_2, 2), &ops!(mul_c, 2), &PAIRS, "*");
}

#[differentiate]
fn div_2(a: f64, b: f64) -> f64 {
    a / b
}

#[differentiate]
fn div_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y) / (y + 0.25 * x * x)
}

#[test]
fn div() {
    binary(&ops!(div_2, 2), &ops!(div_c, 2), &DIV_POINTS, "/");
}

#[differentiate]
fn rem_2(a: f64, b: f64) -> f64 {
    a % b
}

#[differentiate]
fn rem_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y) % (y + 0.25 * x * x)
}

#[test]
fn rem() {
    binary(&ops!(rem_2, 2), &ops!(rem_c, 2), &REM_POINTS, "%");
    for (a, b) in REM_POINTS {
        assert_zero(&ops!(rem_2, 2), &[a, b]);
    }
}

#[differentiate]
fn atan2_2(a: f64, b: f64) -> f64 {
    a.atan2(b)
}

#[differentiate]
fn atan2_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).atan2(y + 0.25 * x * x)
}

#[test]
fn atan2() {
    binary(&ops!(atan2_2, 2), &ops!(atan2_c, 2), &PAIRS, "atan2");
}

#[differentiate]
fn log_2(a: f64, b: f64) -> f64 {
    a.log(b)
}

#[differentiate]
fn log_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).log(y + 0.25 * x * x)
}

#[test]
fn log() {
    binary(&ops!(log_2, 2), &ops!(log_c, 2), &POSITIVE_PAIRS, "log");
}

#[differentiate]
fn powf_2(a: f64, p: f64) -> f64 {
    a.powf(p)
}

#[differentiate]
fn powf_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).powf(y + 0.25 * x * x)
}

#[test]
fn powf() {
    binary(&ops!(powf_2, 2), &ops!(powf_c, 2), &POSITIVE_PAIRS, "powf");
}

#[differentiate]
fn hypot_2(a: f64, b: f64) -> f64 {
    a.hypot(b)
}

#[differentiate]
fn hypot_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).hypot(y + 0.25 * x * x)
}

#[test]
fn hypot() {
    binary(&ops!(hypot_2, 2), &ops!(hypot_c, 2), &PAIRS, "hypot");
}

#[differentiate]
fn max_2(a: f64, b: f64) -> f64 {
    a.max(b)
}

#[differentiate]
fn max_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).max(y + 0.25 * x * x)
}

#[test]
fn max() {
    binary(&ops!(max_2, 2), &ops!(max_c, 2), &SELECT_POINTS, "max");
    for (a, b) in SELECT_POINTS {
        assert_zero(&ops!(max_2, 2), &[a, b]);
    }
}

#[differentiate]
fn min_2(a: f64, b: f64) -> f64 {
    a.min(b)
}

#[differentiate]
fn min_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).min(y + 0.25 * x * x)
}

#[test]
fn min() {
    binary(&ops!(min_2, 2), &ops!(min_c, 2), &SELECT_POINTS, "min");
    for (a, b) in SELECT_POINTS {
        assert_zero(&ops!(min_2, 2), &[a, b]);
    }
}

#[differentiate]
fn mul_add_3(a: f64, b: f64, c: f64) -> f64 {
    a.mul_add(b, c)
}

#[differentiate]
fn mul_add_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).mul_add(y + 0.25 * x * x, x * y)
}

#[test]
fn mul_add() {
    // ab + c: the only second partial is ∂ab = 1
    let want = Matrix::from_row_major(3, 3, vec![0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
    for (a, b) in PAIRS {
        check_second(&ops!(mul_add_3, 3), &[a, b, 1.3 - a], Some(&want));
        let (u, v, w) = (inner_u(a, b), inner_v(a, b), inner_w(a, b));
        let g2 = [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0; 3]];
        let want = chain([u, v, w], [v.value, u.value, 1.0], g2);
        check_second(&ops!(mul_add_c, 2), &[a, b], Some(&want));
    }
}

#[differentiate]
fn rem_euclid_2(a: f64, b: f64) -> f64 {
    a.rem_euclid(b)
}

#[differentiate]
fn rem_euclid_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).rem_euclid(y + 0.25 * x * x)
}

#[test]
fn rem_euclid() {
    let points = [(0.7, -0.4), (-1.1, 0.9), (2.5, 0.7), (-2.5, 0.7)];
    binary(
        &ops!(rem_euclid_2, 2),
        &ops!(rem_euclid_c, 2),
        &points,
        "rem_euclid",
    );
    for (a, b) in points {
        assert_zero(&ops!(rem_euclid_2, 2), &[a, b]);
    }
}

#[differentiate]
fn div_euclid_2(a: f64, b: f64) -> f64 {
    a.div_euclid(b)
}

#[differentiate]
fn div_euclid_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).div_euclid(y + 0.25 * x * x)
}

#[test]
fn div_euclid() {
    binary(
        &ops!(div_euclid_2, 2),
        &ops!(div_euclid_c, 2),
        &REM_POINTS,
        "div_euclid",
    );
    for (a, b) in REM_POINTS {
        assert_zero(&ops!(div_euclid_2, 2), &[a, b]);
    }
}

#[differentiate]
fn clamp_3(a: f64, lo: f64, hi: f64) -> f64 {
    a.clamp(lo, hi)
}

#[differentiate]
fn clamp_c(x: f64, y: f64) -> f64 {
    (x + 0.25 * y * y).clamp(y + 0.25 * x * x - 1.0, x * y + 1.0)
}

#[test]
fn clamp() {
    // Piecewise linear: a zero Hessian, whichever operand is selected; composed,
    // the Hessian is the selected inner function's.
    for p in [[0.5, 0.0, 1.0], [-0.5, 0.0, 1.0], [1.5, 0.0, 1.0]] {
        assert_zero(&ops!(clamp_3, 3), &p);
    }
    for (x, y) in [(0.3, 0.4), (-1.2, 0.5), (1.5, -0.5)] {
        let (u, v, w) = (inner_u(x, y), inner_v(x, y), inner_w(x, y));
        let (lo, hi) = (v.value - 1.0, w.value + 1.0);
        let g1 = if u.value < lo {
            [0.0, 1.0, 0.0]
        } else if u.value > hi {
            [0.0, 0.0, 1.0]
        } else {
            [1.0, 0.0, 0.0]
        };
        let want = chain([u, v, w], g1, [[0.0; 3]; 3]);
        check_second(&ops!(clamp_c, 2), &[x, y], Some(&want));
    }
}

// ---------------------------------------------------------------------------
// One variable in several operands, and constant operands
// ---------------------------------------------------------------------------

#[differentiate]
fn same_powf(x: f64) -> f64 {
    x.powf(x)
}

#[differentiate]
fn same_mul_add(x: f64) -> f64 {
    x.mul_add(x, x)
}

#[allow(clippy::eq_op)] // x / x on purpose
#[differentiate]
fn same_constant(x: f64) -> f64 {
    // atan2(x, x) = π/4, log_x x = 1, x/x = 1, hypot(x, x) = √2·x for x > 0
    x.atan2(x) + x.log(x) + x / x + x.hypot(x) + x % x + x.max(x) - x.min(x)
}

#[test]
fn one_variable_in_several_operands() {
    for x in [0.4, 1.7, 2.6] {
        // (xˣ)'' = xˣ ((1 + ln x)² + 1/x)
        let want = x.powf(x) * ((1.0 + x.ln()).powi(2) + 1.0 / x);
        check_second(
            &ops!(same_powf, 1),
            &[x],
            Some(&Matrix::from_row_major(1, 1, vec![want])),
        );
        let two = Matrix::from_row_major(1, 1, vec![2.0]); // x² + x
        check_second(&ops!(same_mul_add, 1), &[x], Some(&two));
        let zero = Matrix::zeros(1, 1);
        check_second(&ops!(same_constant, 1), &[x], Some(&zero));
    }
}

/// Every two-operand primitive with one operand an inactive parameter `c`.
#[differentiate(wrt(x))]
fn constant_operands(x: f64, c: f64) -> f64 {
    let p = x.powf(c) + c.powf(x) + x.log(c) + c.log(x) + x.atan2(c) + c.atan2(x);
    let q = c / x + x / c + x.hypot(c) + c.hypot(x) + x * c + c.mul_add(x, x) + x.mul_add(c, c);
    let r = x.max(c) * x.min(c) + (x % c) * (c % x) + x.powi(3) * c;
    p + q + r
}

/// The closed-form second derivative in `x` of [`constant_operands`] without
/// its `hypot` terms.
fn constant_operands_dd(x: f64, c: f64) -> f64 {
    let (lx, lc) = (x.ln(), c.ln());
    let p = c * (c - 1.0) * x.powf(c - 2.0) + c.powf(x) * lc * lc - 1.0 / (x * x * lc)
        + lc * (lx + 2.0) / (x * x * lx.powi(3));
    let r2 = x * x + c * c;
    let atan2 = -2.0 * x * c / (r2 * r2) + 2.0 * c * x / (r2 * r2);
    let q = 2.0 * c / (x * x * x);
    // max·min = x·c, (x % c)(c % x) is piecewise quadratic: 2·(∂(x % c))·(∂(c % x))
    let r = 2.0 * (-(c / x).trunc()) + 6.0 * x * c;
    p + atan2 + q + r
}

/// d²/dx² (hypot(x, c) + hypot(c, x)) = 2c²/(x² + c²)^3/2
fn hypot_pair_dd(x: f64, c: f64) -> f64 {
    2.0 * c * c / (x * x + c * c).powf(1.5)
}

#[test]
fn constant_operands_in_every_position() {
    for (x, c) in [(0.7, 2.5), (1.9, 0.45), (3.3, 1.6)] {
        let want = constant_operands_dd(x, c) + hypot_pair_dd(x, c);
        let want = Matrix::from_row_major(1, 1, vec![want]);
        check_second(&ops!(constant_operands, 1, c), &[x], Some(&want));
    }
}

/// Inactive operands overwritten after their use, in a loop: the reverse sweep
/// of the Hessian must still see the values the partials were taken at.
#[differentiate]
fn overwritten_operands(x: f64) -> f64 {
    let mut c = 1.3;
    let mut s = 0.0;
    for _ in 0..2 {
        s += x.powf(c) + c.powf(x) + x.log(c) + c.log(x) + x.atan2(c) + c.atan2(x);
        s += c / x + x / c + x * c + c.mul_add(x, x) + x.mul_add(c, c);
        s += x.max(c) * x.min(c) + (x % c) * (c % x) + x.powi(3) * c;
        c += 0.5;
    }
    s + c
}

#[test]
fn inactive_operands_overwritten_after_use() {
    for x in [0.7, 1.9, 3.3] {
        let want = constant_operands_dd(x, 1.3) + constant_operands_dd(x, 1.8);
        let want = Matrix::from_row_major(1, 1, vec![want]);
        check_second(&ops!(overwritten_operands, 1), &[x], Some(&want));
    }
}

/// The minimal case of the bug below: `c` is inactive and overwritten after `hypot`.
#[differentiate]
fn hypot_overwritten_operand(x: f64) -> f64 {
    let mut c = 1.3;
    let s = x.hypot(c) + c.hypot(x);
    c = 5.0;
    s + c
}

#[test]
fn hypot_with_an_inactive_operand_overwritten_after_use() {
    // Observed: H = 2·5²/(x² + 1.3²)^3/2 (the overwritten value 5 instead of 1.3).
    for x in [0.7, 1.9] {
        let want = Matrix::from_row_major(1, 1, vec![hypot_pair_dd(x, 1.3)]);
        check_second(&ops!(hypot_overwritten_operand, 1), &[x], Some(&want));
    }
}

// ---------------------------------------------------------------------------
// f32 against f64
// ---------------------------------------------------------------------------

/// Hessian, Laplacian and H·v (in the direction [`V32`]) of an `f32` function of two scalars.
type Second32 = fn(f32, f32) -> (Matrix<f32>, f32, (f32, f32));

const V32: [f32; 2] = [0.75, -0.5];

macro_rules! second32 {
    ($f:ident) => {
        |x, y| {
            let hv = $f::hvp(x, y, V32[0], V32[1]).1;
            ($f::hessian(x, y), $f::laplacian(x, y), hv)
        }
    };
}

/// The `f32` version's second derivatives agree with the `f64` version's to 1e-3.
#[track_caller]
fn agree32(f32_version: Second32, f64_version: &Ops, points: &[(f64, f64)]) {
    for &(a, b) in points {
        #[allow(clippy::cast_possible_truncation)]
        let (a32, b32) = (a as f32, b as f32);
        let x = [f64::from(a32), f64::from(b32)];
        let (h32, lap32, (hv0, hv1)) = f32_version(a32, b32);
        let h = (f64_version.hessian)(&x);
        common::assert_matrix_close(&h32, &h, 1e-3, &format!("f32 Hessian at {x:?}"));
        let lap = (f64_version.laplacian)(&x);
        assert!(
            close(f64::from(lap32), lap, 1e-3),
            "f32 Laplacian {lap32} vs {lap}"
        );
        let v = V32.map(f64::from);
        let hv = (f64_version.hvp)(&x, &v).1;
        let hv32 = [f64::from(hv0), f64::from(hv1)];
        common::assert_slice_close(&hv32, &hv, 1e-3, &format!("f32 H·v at {x:?}"));
    }
}

#[differentiate]
fn sin_32(x: f32, y: f32) -> f32 {
    (x + 0.25 * y * y).sin()
}

#[differentiate]
fn tanh_32(x: f32, y: f32) -> f32 {
    (x + 0.25 * y * y).tanh()
}

#[differentiate]
fn sqrt_32(x: f32, y: f32) -> f32 {
    (x + 0.25 * y * y).sqrt()
}

#[differentiate]
fn acosh_32(x: f32, y: f32) -> f32 {
    (x + 0.25 * y * y).acosh()
}

#[differentiate]
fn cbrt_32(x: f32, y: f32) -> f32 {
    (x + 0.25 * y * y).cbrt()
}

#[differentiate]
fn exp2_32(x: f32, y: f32) -> f32 {
    (x + 0.25 * y * y).exp2()
}

#[differentiate]
fn log2_32(x: f32, y: f32) -> f32 {
    (x + 0.25 * y * y).log2()
}

#[differentiate]
fn atan2_32(x: f32, y: f32) -> f32 {
    (x + 0.25 * y * y).atan2(y + 0.25 * x * x)
}

#[differentiate]
fn log_32(x: f32, y: f32) -> f32 {
    (x + 0.25 * y * y).log(y + 0.25 * x * x)
}

#[differentiate]
fn powf_32(x: f32, y: f32) -> f32 {
    (x + 0.25 * y * y).powf(y + 0.25 * x * x)
}

#[differentiate]
fn hypot_32(x: f32, y: f32) -> f32 {
    (x + 0.25 * y * y).hypot(y + 0.25 * x * x)
}

#[differentiate]
fn div_32(x: f32, y: f32) -> f32 {
    (x + 0.25 * y * y) / (y + 0.25 * x * x)
}

#[test]
fn f32_versions_agree_with_f64() {
    let at = |u: f64| (u - 0.09, 0.6); // x + y²/4 = u
    let line = LINE.map(at);
    agree32(second32!(sin_32), &ops!(sin_c, 2), &line);
    agree32(second32!(tanh_32), &ops!(tanh_c, 2), &line);
    agree32(second32!(sqrt_32), &ops!(sqrt_c, 2), &POSITIVE.map(at));
    agree32(second32!(acosh_32), &ops!(acosh_c, 2), &ABOVE_ONE.map(at));
    agree32(second32!(cbrt_32), &ops!(cbrt_c, 2), &WIDE.map(at));
    agree32(second32!(exp2_32), &ops!(exp2_c, 2), &line);
    agree32(second32!(log2_32), &ops!(log2_c, 2), &POSITIVE.map(at));
    agree32(second32!(atan2_32), &ops!(atan2_c, 2), &PAIRS);
    agree32(second32!(log_32), &ops!(log_c, 2), &POSITIVE_PAIRS);
    agree32(second32!(powf_32), &ops!(powf_c, 2), &POSITIVE_PAIRS);
    agree32(second32!(hypot_32), &ops!(hypot_c, 2), &PAIRS);
    agree32(second32!(div_32), &ops!(div_c, 2), &PAIRS);
}

// ---------------------------------------------------------------------------
// Generic scalars
// ---------------------------------------------------------------------------

/// Several methods over a generic `T: Float`.
#[differentiate]
fn generic_mix<T: Float>(x: &[T; 3]) -> T {
    let half = T::from(0.5).unwrap();
    let a = x[0].sin() * x[1].exp() + x[2].hypot(x[0]).ln();
    let b = x[1].atan2(x[2]).powi(3) + x[0].powf(x[2]) * half;
    let c = (x[2] * x[2] + T::one()).sqrt().tanh();
    a * b + c.cbrt() / x[1].cosh() - x[0].log(x[2] + T::one())
}

#[test]
fn generic_function_in_f64_and_f32() {
    let ops = ops!(generic_mix, [3]);
    for x in [[0.7, -0.3, 1.2], [1.4, 0.5, 0.4]] {
        check_second(&ops, &x, None);
        let x32 = x.map(|v| v as f32);
        let x64 = x32.map(f64::from);
        let h = generic_mix::hessian(&x64);
        common::assert_matrix_close(&generic_mix::hessian(&x32), &h, 1e-3, "f32 Hessian");
        let lap32 = f64::from(generic_mix::laplacian(&x32));
        assert!(
            close(lap32, generic_mix::laplacian(&x64), 1e-3),
            "f32 Laplacian {lap32}"
        );
        let v = [0.3, -0.8, 0.5];
        let hv32 = generic_mix::hvp(&x32, &v.map(|e| e as f32))
            .1
            .map(f64::from);
        let hv = generic_mix::hvp(&x64, &v).1;
        common::assert_slice_close(&hv32, &hv, 1e-3, "f32 H·v");
    }
}

/// The smooth methods of [`closed1`] and [`closed2`] in a generic function with
/// one output per method, on u = x + y²/4 and v = y + x²/4.
#[differentiate]
fn generic_all<T: Float>(x: T, y: T) -> [T; 29] {
    let quarter = T::from(0.25).unwrap();
    let (u, v) = (x + quarter * y * y, y + quarter * x * x);
    let u1 = u + T::one();
    [
        u.sin(),
        u.cos(),
        u.tan(),
        u.asin(),
        u.acos(),
        u.atan(),
        u.sinh(),
        u.cosh(),
        u.tanh(),
        u.asinh(),
        u1.acosh(),
        u.atanh(),
        u.exp(),
        u.exp2(),
        u.exp_m1(),
        u.ln(),
        u.ln_1p(),
        u.log2(),
        u.log10(),
        u.sqrt(),
        u.cbrt(),
        u.recip(),
        u.powi(3),
        u * v,
        u / v,
        u.atan2(v),
        u.log(v),
        u.powf(v),
        u.hypot(v),
    ]
}

/// The sum of [`generic_all`]'s outputs, through a call.
#[differentiate]
fn generic_all_sum<T: Float>(x: T, y: T) -> T {
    let all = generic_all(x, y);
    let mut s = T::zero();
    for i in 0..29 {
        s = s + all[i];
    }
    s
}

/// The closed-form Hessian of each output of [`generic_all`].
fn generic_all_hessians(x: f64, y: f64) -> Vec<Matrix<f64>> {
    let unary = [
        "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh",
        "atanh", "exp", "exp2", "exp_m1", "ln", "ln_1p", "log2", "log10", "sqrt", "cbrt", "recip",
    ];
    let (u, v) = (inner_u(x, y), inner_v(x, y));
    let mut out: Vec<Matrix<f64>> = unary
        .iter()
        .map(|&m| {
            let shift = if m == "acosh" { 1.0 } else { 0.0 };
            let (g1, g2) = closed1(m, u.value + shift);
            chain([u], [g1], [[g2]])
        })
        .collect();
    let w = u.value;
    out.push(chain([u], [3.0 * w * w], [[6.0 * w]])); // u³
    for op in ["*", "/", "atan2", "log", "powf", "hypot"] {
        let (g1, g2) = closed2(op, u.value, v.value);
        out.push(chain([u, v], g1, g2));
    }
    out
}

#[test]
fn generic_function_of_every_smooth_method() {
    // u in (0, 1), v > 0 and v ≠ 1: every method is in its domain.
    for (x, y) in [(0.36, 0.6), (0.55, 0.7), (0.1, 1.2)] {
        let want = generic_all_hessians(x, y);
        let trace = |h: &Matrix<f64>| h[(0, 0)] + h[(1, 1)];
        let laplacians: Vec<f64> = want.iter().map(trace).collect();
        let lap = generic_all::laplacian(x, y);
        common::assert_slice_close(&lap, &laplacians, 1e-11, "Laplacian of each output");
        let sum = Matrix::from_fn(2, 2, |i, j| want.iter().map(|h| h[(i, j)]).sum());
        check_second(&ops!(generic_all_sum, 2), &[x, y], Some(&sum));
        #[allow(clippy::cast_possible_truncation)]
        let (x32, y32) = (x as f32, y as f32);
        let (x64, y64) = (f64::from(x32), f64::from(y32));
        let lap32 = generic_all::laplacian(x32, y32).map(f64::from);
        let lap = generic_all::laplacian(x64, y64);
        common::assert_slice_close(&lap32, &lap, 1e-3, "f32 Laplacian of each output");
        let h = generic_all_sum::hessian(x64, y64);
        common::assert_matrix_close(&generic_all_sum::hessian(x32, y32), &h, 1e-3, "f32 Hessian");
    }
}

// ---------------------------------------------------------------------------
// A vector output: each output's Laplacian
// ---------------------------------------------------------------------------

/// Ten inputs (two chunks of direction lanes), one smooth method per output.
#[differentiate]
fn vector_out(x: &[f64; 10]) -> [f64; 8] {
    let a = x[0] * x[1] + x[9];
    let b = x[2] - x[3] * x[8];
    [
        a.sin() * b,
        a.atan2(b),
        (a * b).exp() / (1.0 + x[4] * x[4]),
        x[5].hypot(x[6] * a).sqrt(),
        x[7].powf(b + x[4]),
        x[4].tanh() * x[5].cosh() + x[6].asinh(),
        a.log(x[7] + 1.5) + b.exp2() * x[8].ln_1p(),
        x[9].asin() * x[3].acos() - (x[2] * x[6]).atan() + a.recip(),
    ]
}

#[test]
fn laplacian_of_each_output_matches_finite_differences() {
    let x = [0.4, 0.9, 0.7, -0.3, 0.5, 1.1, -0.6, 1.8, 0.25, 0.35];
    let lap = vector_out::laplacian(&x);
    // Δfᵢ = Σₖ ∂/∂xₖ (∂fᵢ/∂xₖ), by central differences of the (first-order) Jacobian.
    let mut fd = [0.0; 8];
    for k in 0..10 {
        let step = 1e-5 * x[k].abs().max(1.0);
        let (mut p, mut m) = (x, x);
        p[k] += step;
        m[k] -= step;
        let (jp, jm) = (vector_out::jacobian(&p), vector_out::jacobian(&m));
        for (i, d) in fd.iter_mut().enumerate() {
            *d += (jp[(i, k)] - jm[(i, k)]) / (2.0 * step);
        }
    }
    common::assert_slice_close(&lap, &fd, 1e-6, "Laplacian of each output");
}

// ---------------------------------------------------------------------------
// Methods mixed with loops, branches, `while`, `loop` and calls
// ---------------------------------------------------------------------------

/// Checks symmetry, finite differences and Laplacian = trace at each point.
#[track_caller]
fn mixed(ops: &Ops, points: &[&[f64]]) {
    for x in points {
        check_second(ops, x, None);
    }
}

/// Ten inputs, a branch per iteration and values overwritten by functions of themselves.
#[differentiate]
fn mix_loop(x: &[f64; 10]) -> f64 {
    let mut s = 0.0;
    let mut p = 1.0;
    let mut v = x[0];
    for i in 0..10 {
        let t = x[i].sin() * x[(i + 3) % 10].cosh(); // the sign of x[i]
        if t > 0.0 {
            s += t.tanh() * x[i].exp2();
        } else {
            s -= t.atan() * (x[(i + 1) % 10] * x[(i + 1) % 10] + 1.0).sqrt();
        }
        p = p * (0.1 * x[i] * x[i]).ln_1p().exp_m1() + x[i].asinh() * 0.1;
        v = (v * x[i]).sin() + v.cos().powi(3) * 0.5;
    }
    s * p + s.hypot(p) + v.cosh().log10()
}

#[test]
fn loop_with_branches_and_overwrites() {
    let a = [0.4, -0.7, 0.9, 0.3, -0.5, 1.2, 0.6, -0.2, 0.8, 0.5];
    let b = a.map(|e| 0.55 - e); // no zero: t changes sign with x[i]
    mixed(&ops!(mix_loop, [10]), &[&a, &b]);
}

#[differentiate]
fn helper(a: f64, b: f64) -> f64 {
    if a > b {
        (a - b).sqrt() * b.sin()
    } else {
        (b - a).ln_1p() * a.cos()
    }
}

/// `while`, early `return`, `loop` with `break`, and calls.
#[differentiate(wrt(x))]
fn mix_control(x: &[f64; 5], k: usize) -> f64 {
    let mut acc = x[0].sinh();
    let mut i = 0;
    while i < 5 {
        let j = (i + k) % 5;
        acc = acc * 0.5 + helper(x[i], x[j] * 0.7);
        if acc > 2.0 {
            return acc.ln() * x[4] + helper(x[1], acc);
        }
        i += 1;
    }
    let mut n = 0;
    loop {
        acc = acc.atan() + x[n].powi(2) * acc.cos();
        n += 1;
        if n == 3 {
            break;
        }
    }
    acc.tanh() * x[2].max(x[3]) + x[0].mul_add(x[1], acc)
}

#[test]
fn while_return_loop_and_calls() {
    let small: &[f64] = &[0.3, -0.4, 0.8, 0.5, -0.6];
    let large: &[f64] = &[2.2, 0.4, 1.5, 3.1, 0.9]; // returns early
    mixed(&ops!(mix_control, [5], 2), &[small, large]);
    mixed(&ops!(mix_control, [5], 4), &[small, large]);
}

/// Piecewise-linear methods around smooth ones.
#[differentiate]
fn mix_piecewise(x: &[f64; 4]) -> f64 {
    let m = x[0].max(x[1]).sin() * x[2].abs().sqrt();
    let f = x[3].floor() * x[3].exp() + x[3].fract().powi(2) + (x[0] % 0.7) * x[1].signum() * x[1];
    let r = (x[2].round() + x[2].trunc() + x[2].ceil()) * x[0].min(x[2]).to_degrees().to_radians();
    m * f + r.tanh() - (-x[1]).recip()
}

#[test]
fn piecewise_linear_methods_among_smooth_ones() {
    mixed(
        &ops!(mix_piecewise, [4]),
        &[&[0.3, -0.4, 1.3, 2.2], &[-0.9, 0.5, -2.3, -0.6]],
    );
}

/// Results that overwrite their operands, in a loop: the second-order sweeps
/// must restore each operand (or result) its rule reads.
#[differentiate]
fn overwrite(a: f64, b: f64) -> f64 {
    let mut s = a;
    let mut t = b;
    for _ in 0..3 {
        s = s.tanh() * t;
        t = t.exp().sqrt().recip() + s.tan().exp();
        s /= t;
        t = t.hypot(s).cbrt();
    }
    s.exp2() * t.sqrt()
}

#[test]
fn results_overwriting_their_operands() {
    mixed(
        &ops!(overwrite, 2),
        &[&[0.4, 0.9], &[-0.8, 1.6], &[1.1, -0.3]],
    );
}

// ---------------------------------------------------------------------------
// Every method of the rule table is called here
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
    include_str!("second_order_math.rs")
        .split("\n#[differentiate")
        .skip(1)
        .map(|item| &item[..item.find("\n}\n").unwrap_or(item.len())])
        .collect()
}

#[test]
fn every_method_of_the_rule_table_is_differentiated_twice_here() {
    let methods = rule_table_methods();
    assert!(
        methods.len() >= 39 && methods.contains(&"sin") && methods.contains(&"mul_add"),
        "the rule table was not parsed: {methods:?}"
    );
    let functions = differentiated_functions();
    let this = include_str!("second_order_math.rs");
    for name in &methods {
        let call = format!(".{name}(");
        assert!(
            functions.iter().any(|f| f.contains(&call)),
            "`{name}` is in the rule table but no `#[differentiate]` function of this file calls it"
        );
        assert!(
            this.contains(&format!("\n#[test]\nfn {name}() {{")),
            "`{name}` is in the rule table but this file has no `#[test] fn {name}()`"
        );
    }
}
