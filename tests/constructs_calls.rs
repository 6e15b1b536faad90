//! Calls between differentiated functions (same module, paths, imports, array,
//! slice, `Vec`, tuple and constant arguments, `wrt` callees, calls in loops) and
//! the generated module's public API (explicit `tangent` / `adjoint` /
//! `adjoint_with` calls, gradients, `jacobian_into`, forced modes). Generic and
//! `f32` functions are in `constructs_generic.rs`.

// The differentiated functions loop over indices (the macro has no iterator chains) and
// spell out each construct on purpose (`a = a * b` beside `a *= b`).
#![allow(clippy::needless_range_loop, clippy::assign_op_pattern)]

mod common;

use common::{assert_matrix_close, assert_slice_close, check, close};
use jacobian::{differentiate, Matrix, Mode, Stack};
use num_traits::Float;

const TOL: f64 = 1e-6;

// ---------------------------------------------------------------- callees

/// x² + y.
#[differentiate]
fn sq_plus(x: f64, y: f64) -> f64 {
    x * x + y
}

/// |v|².
#[differentiate]
fn norm2(v: &[f64; 3]) -> f64 {
    v[0] * v[0] + v[1] * v[1] + v[2] * v[2]
}

/// Only `x` is active; `k` is a constant to the callee.
#[differentiate(wrt(x))]
fn scale(x: &[f64; 2], k: f64) -> [f64; 2] {
    [x[0] * k, x[1] * k]
}

/// One explicit Euler step of the pendulum s = (θ, ω): θ' = ω, ω' = −sin θ.
#[differentiate]
fn step(s: &[f64; 2], h: f64) -> [f64; 2] {
    [s[0] + h * s[1], s[1] - h * s[0].sin()]
}

/// A callee returning a tuple.
#[differentiate]
fn sum_and_product(a: f64, b: f64) -> (f64, f64) {
    (a + b, a * b)
}

/// A callee taking a slice.
#[differentiate]
fn slice_sum(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..x.len() {
        s += x[i];
    }
    s
}

mod inner {
    use jacobian::differentiate;

    /// x₀ sin x₁.
    #[differentiate]
    pub fn g(x: &[f64; 2]) -> f64 {
        x[0] * x[1].sin()
    }

    pub mod deeper {
        use jacobian::differentiate;

        /// eˣ.
        #[differentiate]
        pub fn h(x: f64) -> f64 {
            x.exp()
        }
    }

    /// xⁿ for n ≥ 1, through a reference.
    #[differentiate]
    pub(crate) fn power(x: &f64, n: usize) -> f64 {
        let mut p = *x;
        for _ in 1..n {
            p *= *x;
        }
        p
    }
}

use inner::power;

/// x sin x, generic: called from concrete `f64` code.
#[differentiate]
fn generic_callee<T: Float>(x: T) -> T {
    x.sin() * x
}

/// a·b of a tuple parameter.
#[differentiate]
fn tuple_param(p: (f64, f64)) -> f64 {
    let (a, b) = p;
    a * b
}

// ---------------------------------------------------------------- calls

/// (x² + y)(y² + x), and a call whose argument is another call.
#[differentiate]
fn same_module_calls(x: f64, y: f64) -> [f64; 2] {
    let a = sq_plus(x, y);
    let nested = sq_plus(sq_plus(y, x), x);
    [a * sq_plus(y, x), nested]
}

#[test]
fn calls_in_the_same_module() {
    let (x, y) = (0.7, -1.3);
    let fd = check(&same_module_calls::bind(x, y), TOL);
    let (p, q) = (x * x + y, y * y + x);
    // nested = (y² + x)² + x
    #[rustfmt::skip]
    let want = [
        2.0 * x * q + p, q + 2.0 * y * p,
        2.0 * q + 1.0, 4.0 * y * q,
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// Calls through module paths: relative, `crate::` and `self::`.
#[differentiate]
fn path_calls(x: &[f64; 2]) -> f64 {
    let a = inner::g(x);
    let b = crate::inner::g(x);
    let c = self::inner::deeper::h(x[0]);
    a + b * c
}

#[test]
fn calls_through_paths() {
    let x = [0.8, 1.7];
    let fd = check(&path_calls::bind(&x), TOL);
    let (s, c, e) = (x[1].sin(), x[1].cos(), x[0].exp());
    let want = [s + s * e + x[0] * s * e, x[0] * c * (1.0 + e)];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// Array arguments by reference: a local array and the parameter itself.
#[differentiate]
fn array_args(v: &[f64; 3], t: f64) -> f64 {
    let w = [v[0] * t, v[1], v[2] + t];
    norm2(&w) + norm2(v) * t
}

#[test]
fn array_arguments_by_reference() {
    let (v, t) = ([0.5, -1.0, 2.0], 0.3);
    let fd = check(&array_args::bind(&v, t), TOL);
    let n: f64 = v.iter().map(|x| x * x).sum();
    #[rustfmt::skip]
    let want = [
        2.0 * v[0] * t * t + 2.0 * v[0] * t,
        2.0 * v[1] + 2.0 * v[1] * t,
        2.0 * (v[2] + t) + 2.0 * v[2] * t,
        2.0 * v[0] * v[0] * t + 2.0 * (v[2] + t) + n,
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// A callee with `wrt(x)`, given a constant and, separately, an active value for `k`.
#[differentiate]
fn wrt_callee(x: &[f64; 2], k: f64) -> [f64; 2] {
    let a = scale(x, 3.0);
    let b = scale(x, k);
    [a[0] + b[1], a[1] * b[0]]
}

#[test]
fn calls_to_a_callee_with_a_wrt_subset() {
    let (x, k) = ([0.4, -0.9], 1.6);
    let fd = check(&wrt_callee::bind(&x, k), TOL);
    // y0 = 3x0 + k x1, y1 = 3k x0 x1
    #[rustfmt::skip]
    let want = [
        3.0, k, x[1],
        3.0 * k * x[1], 3.0 * k * x[0], 3.0 * x[0] * x[1],
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// `n` Euler steps, each call's result overwriting the loop state.
#[differentiate]
fn integrate(s0: &[f64; 2], h: f64, n: usize) -> [f64; 2] {
    let mut s = *s0;
    for _ in 0..n {
        s = step(&s, h);
    }
    s
}

#[test]
fn callee_inside_a_loop_overwriting_the_state() {
    let s0 = [0.6, -0.2];
    for n in [0, 1, 7] {
        let fd = check(&integrate::bind(&s0, 0.1, n), TOL);
        if n == 0 {
            assert_slice_close(
                fd.as_slice(),
                &[1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
                1e-6,
                "identity",
            );
        }
    }
    // one step: ∂/∂(θ, ω, h) = [[1, h, ω], [−h cos θ, 1, −sin θ]]
    let fd = check(&integrate::bind(&s0, 0.1, 1), TOL);
    let want = [1.0, 0.1, -0.2, -0.1 * 0.6_f64.cos(), 1.0, -0.6_f64.sin()];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "one step");
}

/// Calls with constant arguments, in a branch, with a tuple result and a slice argument.
#[differentiate]
fn mixed_calls(x: &[f64], y: f64) -> f64 {
    let c = sq_plus(2.0, y);
    let s = step(&[x[0], 0.5], 0.1);
    let (p, q) = sum_and_product(x[1], y);
    let mut r = slice_sum(x);
    if y > 0.0 {
        r = r * sq_plus(y, 1.0);
    }
    c * s[1] + p * q + r
}

#[test]
fn calls_with_constant_arguments_tuples_and_slices() {
    let x = [0.3, 1.1, -0.4];
    for y in [0.8, -0.8] {
        let fd = check(&mixed_calls::bind(&x, y), TOL);
        let c = 4.0 + y;
        let s1 = 0.5 - 0.1 * x[0].sin();
        let sum: f64 = x.iter().sum();
        let m = if y > 0.0 { y * y + 1.0 } else { 1.0 };
        let dm = if y > 0.0 { 2.0 * y } else { 0.0 };
        let (p, q) = (x[1] + y, x[1] * y);
        let want = [
            -0.1 * c * x[0].cos() + m,
            q + p * y + m,
            m,
            s1 + q + p * x[1] + sum * dm,
        ];
        assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
    }
}

/// The same array passed as two arguments, and a temporary array argument.
#[differentiate]
fn aliased_arguments(x: &[f64; 3]) -> f64 {
    let swapped = [x[2], x[1], x[0]];
    norm2(x) * dot3(x, x) + dot3(&swapped, x)
}

/// a · b.
#[differentiate]
fn dot3(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

#[test]
fn same_array_as_two_arguments() {
    let x = [0.7, 1.0, -0.3];
    let fd = check(&aliased_arguments::bind(&x), TOL);
    // |x|⁴ + 2x₀x₂ + x₁²
    let n: f64 = x.iter().map(|v| v * v).sum();
    let want = [
        4.0 * n * x[0] + 2.0 * x[2],
        4.0 * n * x[1] + 2.0 * x[1],
        4.0 * n * x[2] + 2.0 * x[0],
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// `s[i] = step(&s[i], h)`: the argument and the destination are the same row.
#[differentiate]
fn rows_stepped_in_place(m: &[[f64; 2]; 3], h: f64) -> [[f64; 2]; 3] {
    let mut s = *m;
    for i in 0..3 {
        s[i] = step(&s[i], h);
        s[i] = step(&s[i], h);
    }
    s
}

#[test]
fn callee_result_written_over_its_argument() {
    let m = [[0.5, 1.5], [-2.0, 0.3], [0.1, 0.2]];
    let fd = check(&rows_stepped_in_place::bind(&m, 0.1), TOL);
    let two_steps = integrate::jacobian(&m[1], 0.1, 2);
    // row 1 of the output depends on row 1 of m and on h like two steps of `integrate`
    for r in 0..2 {
        for c in 0..2 {
            assert!(close(fd[(2 + r, 2 + c)], two_steps[(r, c)], 1e-6));
        }
        assert!(close(fd[(2 + r, 6)], two_steps[(r, 2)], 1e-6));
    }
}

/// Expression arguments, results stored in elements, a call in a condition, `let _ =`.
#[differentiate]
fn call_positions(x: &[f64; 3]) -> [f64; 3] {
    let mut y = [0.0; 3];
    for i in 0..3 {
        y[i] = sq_plus(x[i] * 2.0, x[2 - i]);
    }
    if sq_plus(x[0], x[1]) > 0.0 {
        y[0] = y[0] * sq_plus(y[1], 1.0);
    }
    let _ = sq_plus(x[0], x[0]);
    y
}

#[test]
fn calls_in_various_positions() {
    check(&call_positions::bind(&[0.7, 1.0, -0.3]), TOL); // condition true
    let x = [0.1, -1.0, -0.3];
    let fd = check(&call_positions::bind(&x), TOL); // condition false: y = (4xᵢ² + x₂₋ᵢ)
    #[rustfmt::skip]
    let want = [
        8.0 * x[0], 0.0, 1.0,
        0.0, 8.0 * x[1] + 1.0, 0.0,
        1.0, 0.0, 8.0 * x[2],
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// A callee returning `Vec<f64>`, its result passed on as a slice.
#[differentiate]
fn squares(x: &[f64]) -> Vec<f64> {
    let mut v = vec![0.0; x.len()];
    for i in 0..x.len() {
        v[i] = x[i] * x[i];
    }
    v
}

#[differentiate]
fn vec_results(x: &[f64]) -> f64 {
    let v = squares(x);
    let w = squares(&v);
    slice_sum(&w) + v[0]
}

#[test]
fn vec_results_passed_as_slices() {
    let x = [0.7, 1.3, -0.5];
    let fd = check(&vec_results::bind(&x), TOL);
    // Σ xᵢ⁴ + x₀²
    let want = [
        4.0 * x[0].powi(3) + 2.0 * x[0],
        4.0 * x[1].powi(3),
        4.0 * x[2].powi(3),
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// x₀ x₁ of a `Vec` taken by value.
#[differentiate]
fn vec_by_value(v: Vec<f64>) -> f64 {
    v[0] * v[1]
}

/// Passes a clone of its `Vec` parameter to `vec_by_value`.
#[differentiate]
fn vec_by_value_caller(y: Vec<f64>) -> f64 {
    let z = vec_by_value(y.clone());
    z * y[0]
}

/// Moves a local `Vec` into `vec_by_value`.
#[differentiate]
fn vec_moved_into_callee(x: f64) -> f64 {
    let v = vec![x, x * x];
    vec_by_value(v)
}

#[test]
fn vec_argument_by_value() {
    let fd = check(&vec_moved_into_callee::bind(0.7), TOL);
    assert!(close(fd[(0, 0)], 3.0 * 0.7 * 0.7, 1e-6), "x³");
    let y = vec![0.3, 0.9];
    let fd = check(&vec_by_value_caller::bind(y.clone()), TOL);
    // y₀² y₁
    assert_slice_close(
        fd.as_slice(),
        &[2.0 * y[0] * y[1], y[0] * y[0]],
        1e-6,
        "closed form",
    );
}

/// An imported callee with a `&f64` argument, a generic callee, a tuple argument,
/// and a call inside a loop feeding an array literal that replaces the state.
#[differentiate]
fn assorted_callees(x: &[f64; 2], n: usize) -> f64 {
    let a = x[0];
    let mut acc = power(&a, 3) + generic_callee(x[1]) + tuple_param((a, x[1] * 2.0));
    let mut s = [x[0], x[1]];
    for i in 0..n {
        let t = inner::g(&s);
        acc += t;
        s = [s[1], t + i as f64 * 0.1];
    }
    acc
}

#[test]
fn imported_generic_and_tuple_callees() {
    let x = [0.7, 1.1];
    let fd = check(&assorted_callees::bind(&x, 0), TOL);
    // n = 0: x₀³ + x₁ sin x₁ + 2x₀x₁
    let want = [
        3.0 * x[0] * x[0] + 2.0 * x[1],
        x[1].sin() + x[1] * x[1].cos() + 2.0 * x[0],
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
    check(&assorted_callees::bind(&x, 4), TOL);
}

// ---------------------------------------------------------------- the generated API

/// Σ xᵢ² yᵢ with a loop, so the adjoint stores values.
#[differentiate]
fn weighted(x: &[f64; 3], y: &[f64; 3]) -> f64 {
    let mut s = 0.0;
    for i in 0..3 {
        s = s * 0.5 + x[i] * x[i] * y[i];
    }
    s
}

#[test]
fn explicit_tangent_and_adjoint_calls() {
    let (x, y) = ([1.0, 2.0, 3.0], [0.5, -1.0, 2.0]);
    // s = x0² y0 / 4 + x1² y1 / 2 + x2² y2
    let gx = [x[0] * y[0] / 2.0, x[1] * y[1], 2.0 * x[2] * y[2]];
    let gy = [x[0] * x[0] / 4.0, x[1] * x[1] / 2.0, x[2] * x[2]];
    let (v, d) = weighted::tangent(&x, &y, &[1.0, 0.0, 0.0], &[0.0, 0.0, 1.0]);
    assert!(close(v, 0.125 - 2.0 + 18.0, 1e-14));
    assert!(close(d, gx[0] + gy[2], 1e-14));
    let (v2, (xb, yb)) = weighted::adjoint(&x, &y, 2.0);
    assert_eq!(v, v2);
    assert_slice_close(&xb, &gx.map(|g| 2.0 * g), 1e-14, "x̄");
    assert_slice_close(&yb, &gy.map(|g| 2.0 * g), 1e-14, "ȳ");
}

#[test]
fn gradient_and_value_and_gradient() {
    let (x, y) = ([1.0, 2.0, 3.0], [0.5, -1.0, 2.0]);
    let fd = check(&weighted::bind(&x, &y), TOL);
    let (gx, gy) = weighted::gradient(&x, &y);
    let (v, (gx2, gy2)) = weighted::value_and_gradient(&x, &y);
    assert_eq!(v, weighted(&x, &y));
    assert_eq!((gx, gy), (gx2, gy2));
    let flat: Vec<f64> = gx.iter().chain(&gy).copied().collect();
    assert_slice_close(&flat, fd.as_slice(), 1e-6, "gradient vs finite differences");
    // a single active scalar: the gradient is a plain f64
    let g: f64 = inner::deeper::h::gradient(0.5);
    assert!(close(g, 0.5_f64.exp(), 1e-15));
}

#[test]
fn jacobian_into_reuses_the_matrix() {
    let mut jac = Matrix::default();
    let s0 = [0.6, -0.2];
    integrate::jacobian_into(&s0, 0.1, 3, &mut jac);
    assert_eq!(jac.shape(), (2, 3));
    let ptr = jac.as_slice().as_ptr();
    assert_eq!(jac, integrate::jacobian(&s0, 0.1, 3));
    let s1 = [-1.0, 0.4];
    integrate::jacobian_into(&s1, 0.2, 3, &mut jac);
    assert_eq!(jac.as_slice().as_ptr(), ptr, "fixed-size: no reallocation");
    let (value, fresh) = integrate::value_and_jacobian(&s1, 0.2, 3);
    assert_eq!(jac, fresh);
    assert_eq!(value, integrate(&s1, 0.2, 3));
    let fd = check(&integrate::bind(&s1, 0.2, 3), TOL);
    assert_matrix_close(&jac, &fd, 1e-6, "second call");
}

#[test]
fn adjoint_with_leaves_the_stack_empty() {
    let s0 = [0.6, -0.2];
    let mut stack = Stack::new();
    let (v, bar) = integrate::adjoint_with(&s0, 0.1, 5, &[1.0, -1.0], &mut stack);
    assert!(stack.is_empty());
    assert!(
        stack.peak_bytes() > 0,
        "a loop overwriting its state stores values"
    );
    assert_eq!((v, bar), integrate::adjoint(&s0, 0.1, 5, &[1.0, -1.0]));
    // reused: same result, still empty
    let again = integrate::adjoint_with(&s0, 0.1, 5, &[1.0, -1.0], &mut stack);
    assert!(stack.is_empty());
    assert_eq!(again, (v, bar));
}

#[test]
fn forced_modes_agree_with_auto() {
    let (x, y) = ([0.4, -0.9], 1.6);
    let b = wrt_callee::bind(&x, y);
    let f = jacobian::jacobian(&b, Mode::Forward);
    let r = jacobian::jacobian(&b, Mode::Reverse);
    assert_eq!(f.shape(), (2, 3));
    assert!(f.max_abs_diff(&r) < 1e-14);
    assert!(f.max_abs_diff(&wrt_callee::jacobian(&x, y)) < 1e-14);
}

/// Σ xᵢ² over a slice.
#[differentiate]
fn sum_sq_slice(x: &[f64]) -> f64 {
    x.iter().map(|v| v * v).sum()
}

/// Sub-slices passed to a callee: y = Σᵢ<k xᵢ² · Σᵢ≥k xᵢ² for k = x.len() / 2.
#[differentiate]
fn split_product(x: &[f64]) -> f64 {
    let k = x.len() / 2;
    let a = sum_sq_slice(&x[..k]);
    let b = sum_sq_slice(&x[k..]);
    a * b
}

#[test]
fn sub_slices_are_call_arguments() {
    let x = [1.0, 2.0, 0.5, -1.0];
    let g = split_product::gradient(&x);
    // a = 5, b = 1.25: ∂/∂xᵢ = 2xᵢ b for i < 2, 2xᵢ a otherwise.
    assert_slice_close(&g, &[2.5, 5.0, 5.0, -10.0], 1e-14, "closed form");
    check(&split_product::bind(&x), 1e-6);
    check(&split_product::bind(&[3.0]), 1e-6);
}
