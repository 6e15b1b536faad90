//! Bugs found by the random-program differential tests (`random-programs/`),
//! each reduced to the smallest function that showed it. Every test checks the
//! full battery (forward = reverse = finite differences, dot-product test) and
//! the closed form.

// The differentiated functions loop over indices and spell out assignments (the
// macro has no iterator chains or slice copies).
#![allow(
    clippy::needless_range_loop,
    clippy::assign_op_pattern,
    clippy::manual_memcpy
)]

mod common;

use common::{assert_slice_close, check, close};
use jacobian::differentiate;

const TOL: f64 = 1e-6;

/// v₀ · Σ vᵢ².
#[differentiate]
fn weighted_norm2(v: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..v.len() {
        s += v[i] * v[i];
    }
    v[0] * s
}

// B1: the derivative code passed an array's tangent where the callee's slice
// parameter expected a `Vec` (did not compile).

/// g(a) + g(b) for b = (a₀, 2a₁, a₂) and g = `weighted_norm2`.
#[differentiate]
fn array_to_slice(a: &[f64; 3]) -> f64 {
    let b = [a[0], a[1] * 2.0, a[2]];
    weighted_norm2(a) + weighted_norm2(&b)
}

#[test]
fn b1_an_array_passed_to_a_slice_parameter() {
    let a = [1.0, 2.0, 3.0];
    check(&array_to_slice::bind(&a), TOL);
    // ∂/∂a₀ = (Σaᵢ² + 2a₀²) + (Σbᵢ² + 2b₀²), ∂/∂a₁ = 2a₀a₁ + 8b₀a₁, ∂/∂a₂ = 2a₀a₂ + 2b₀a₂.
    assert_slice_close(
        &array_to_slice::gradient(&a),
        &[16.0 + 28.0, 4.0 + 16.0, 6.0 + 6.0],
        1e-12,
        "gradient",
    );
    // Hessian diagonal: 6a₀ + 6b₀, 2a₀ + 8b₀, 2a₀ + 2b₀.
    assert!(close(
        array_to_slice::laplacian(&a),
        12.0 + 10.0 + 4.0,
        1e-12
    ));
}

// B2: under `wrt(..)`, a slice parameter passed on to a callee's slice
// parameter (expected `&Vec<f64>`, found `&&[f64]`).

/// x · g(v), differentiated in v only.
#[differentiate(wrt(v))]
fn slice_through_under_wrt(x: f64, v: &[f64]) -> f64 {
    x * weighted_norm2(v)
}

#[test]
fn b2_a_slice_parameter_passed_on_under_wrt() {
    let v = [1.0, 2.0, 3.0];
    check(&slice_through_under_wrt::bind(2.0, &v), TOL);
    // x · (Σvᵢ² + 2v₀², 2v₀v₁, 2v₀v₂)
    assert_slice_close(
        &slice_through_under_wrt::gradient(2.0, &v),
        &[32.0, 8.0, 12.0],
        1e-12,
        "gradient",
    );
}

// B3: a tuple result with a `Vec` element (the adjoint borrowed the `Vec` the
// tuple had taken).

/// (sin x, [x, x²]).
#[differentiate]
fn tuple_with_vec(x: f64) -> (f64, Vec<f64>) {
    let v = vec![x, x * x];
    (x.sin(), v)
}

#[test]
fn b3_a_tuple_with_a_vec_element() {
    check(&tuple_with_vec::bind(0.5), TOL);
    // J = (cos x, 1, 2x)ᵀ
    let j = tuple_with_vec::jacobian(0.5);
    assert_slice_close(j.as_slice(), &[0.5_f64.cos(), 1.0, 1.0], 1e-12, "jacobian");
}

// B4: a tuple `let` whose constant element is never read (its type, and its
// derivative's, could not be inferred).

/// 2x².
#[differentiate]
fn tuple_let_with_unused_constant(x: f64) -> f64 {
    let (a, _b) = (x * 2.0, 3.0);
    a * x
}

#[test]
fn b4_a_tuple_let_with_an_unused_constant() {
    check(&tuple_let_with_unused_constant::bind(0.5), TOL);
    // d/dx 2x² = 4x, d²/dx² = 4
    assert!(close(
        tuple_let_with_unused_constant::gradient(0.5),
        2.0,
        1e-12
    ));
    assert!(close(
        tuple_let_with_unused_constant::laplacian(0.5),
        4.0,
        1e-12
    ));
}

// B5: a `Vec` result that does not depend on the inputs (its zero tangent was
// built from the `Vec` after the result had taken it).

/// A constant (1, 2).
#[differentiate]
fn constant_vec(_x: f64) -> Vec<f64> {
    let v = vec![1.0, 2.0];
    v
}

#[test]
fn b5_a_vec_result_independent_of_the_inputs() {
    check(&constant_vec::bind(0.5), TOL);
    assert_eq!(constant_vec::jacobian(0.5).as_slice(), &[0.0, 0.0]);
    assert_eq!(
        constant_vec::tangent(0.5, 1.0),
        (vec![1.0, 2.0], vec![0.0, 0.0])
    );
}

// B6: a `mut` parameter outside `wrt(..)` assigned an active value (the code
// referred to its tangent, which was never declared).

/// sin(x·y), differentiated in x only.
#[differentiate(wrt(x))]
fn inactive_mut_param_becomes_active(x: f64, mut y: f64) -> f64 {
    y = y * x;
    y.sin()
}

#[test]
fn b6_an_inactive_mut_parameter_assigned_an_active_value() {
    check(&inactive_mut_param_becomes_active::bind(0.5, 2.0), TOL);
    // d/dx sin(xy) = y cos(xy); d²/dx² = −y² sin(xy)
    let (x, y) = (0.5_f64, 2.0_f64);
    let g = inactive_mut_param_becomes_active::gradient(x, y);
    assert!(close(g, y * (x * y).cos(), 1e-12));
    let lap = inactive_mut_param_becomes_active::laplacian(x, y);
    assert!(close(lap, -y * y * (x * y).sin(), 1e-12));
    // The Hessian goes through the tangent of the adjoint (its own zero tangent of y).
    let h = inactive_mut_param_becomes_active::hessian(x, y);
    assert!(close(h[(0, 0)], -y * y * (x * y).sin(), 1e-12));
    let (_, t) = inactive_mut_param_becomes_active::tangent(x, y, 1.0);
    assert!(close(t, g, 1e-12));
}

// B7: a `Vec` overwritten whole by one of another length: the reverse sweep
// kept the new length's cotangent (the gradient came back with 3 entries for 2
// inputs, or `add_assign` panicked).

/// v ← (v₀v₁, v₁, 2v₀); then v₀v₁ + v₂ = v₀v₁² + 2v₀.
#[differentiate]
fn vec_param_resized(mut v: Vec<f64>) -> f64 {
    let s = v[0] * v[1];
    v = vec![s, v[1], 2.0 * v[0]];
    v[0] * v[1] + v[2]
}

/// The same with a local copy of a slice, resized inside a loop.
#[differentiate]
fn vec_local_resized(v: &[f64]) -> f64 {
    let mut w = vec![0.0; v.len()];
    for i in 0..v.len() {
        w[i] = v[i];
    }
    for _ in 0..2 {
        let s = w[0] * w[1];
        w = vec![s, w[1], 2.0 * w[0]];
    }
    w[0] + w[2]
}

#[test]
fn b7_a_vec_overwritten_by_one_of_another_length() {
    let v = vec![1.5, 2.0];
    check(&vec_param_resized::bind(v.clone()), TOL);
    // (v₁² + 2, 2v₀v₁)
    let g = vec_param_resized::gradient(v.clone());
    assert_slice_close(&g, &[6.0, 6.0], 1e-12, "gradient");
    check(&vec_local_resized::bind(&v), TOL);
    // After two rounds: w₀ = v₀v₁², w₂ = 2v₀v₁, so ∇ = (v₁² + 2v₁, 2v₀v₁ + 2v₀).
    let g = vec_local_resized::gradient(&v);
    assert_slice_close(&g, &[8.0, 9.0], 1e-12, "gradient");
}

// B8 (found by the `f32` copies of the random programs): a float literal passed
// to a callee from an `f32` function: its zero tangent was built as an `f64`
// (did not compile).

/// k · sin x.
#[differentiate]
fn scaled_sin(k: f32, x: f32) -> f32 {
    k * x.sin()
}

/// 1.5 · x · sin x.
#[differentiate]
fn float_literal_argument_in_f32(x: f32) -> f32 {
    scaled_sin(1.5, x) * x
}

#[test]
fn b8_a_float_literal_argument_in_an_f32_function() {
    let x = 0.5_f32;
    // d/dx = 1.5 (sin x + x cos x); d²/dx² = 1.5 (2 cos x − x sin x)
    let g = float_literal_argument_in_f32::gradient(x);
    let want = 1.5 * (x.sin() + x * x.cos());
    assert!((g - want).abs() <= 1e-6, "{g} vs {want}");
    let lap = float_literal_argument_in_f32::laplacian(x);
    let want = 1.5 * (2.0 * x.cos() - x * x.sin());
    assert!((lap - want).abs() <= 1e-5, "{lap} vs {want}");
    let j = float_literal_argument_in_f32::jacobian(x);
    assert!((j[(0, 0)] - g).abs() <= 1e-6);
}

/// a · b.
#[differentiate]
fn dot2(a: &[f32; 2], b: &[f32; 2]) -> f32 {
    a[0] * b[0] + a[1] * b[1]
}

/// 1.5 · (x − 0.25) · sin x, with negative, parenthesized and `1.`-style literals
/// as arguments and inside an array literal argument.
#[differentiate]
fn negative_literal_arguments_in_f32(x: f32) -> f32 {
    let y = [(-0.25), 1.];
    let shifted = dot2(&[x, (-0.25)], &[1., y[1]]);
    scaled_sin(-(-1.5), x) * shifted
}

#[test]
fn b8_negative_and_parenthesized_literal_arguments_in_an_f32_function() {
    let x = 0.5_f32;
    // d/dx = 1.5 (sin x + (x − 0.25) cos x); d²/dx² = 1.5 (2 cos x − (x − 0.25) sin x)
    let g = negative_literal_arguments_in_f32::gradient(x);
    let want = 1.5 * (x.sin() + (x - 0.25) * x.cos());
    assert!((g - want).abs() <= 1e-6, "{g} vs {want}");
    let lap = negative_literal_arguments_in_f32::laplacian(x);
    let want = 1.5 * (2.0 * x.cos() - (x - 0.25) * x.sin());
    assert!((lap - want).abs() <= 1e-5, "{lap} vs {want}");
}
