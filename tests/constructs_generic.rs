//! Generic `T: Float` functions instantiated in `f64` and `f32`, and concrete
//! `f32` functions compared with their `f64` twins (tolerance 1e-4).

// The differentiated functions loop over indices (the macro has no iterator chains).
#![allow(clippy::needless_range_loop)]

mod common;

use common::{assert_matrix_close, assert_slice_close, check, close, dot_product};
use jacobian::{differentiate, Mode};
use num_traits::Float;

const TOL: f64 = 1e-6;

// ---------------------------------------------------------------- generic and f32

/// x·y with only `T: Float`.
#[differentiate]
fn generic_bare<T: Float>(x: T, y: T) -> T {
    x * y
}

#[test]
fn generic_function_with_only_a_float_bound() {
    let fd = check(&generic_bare::bind(1.5, -2.0), TOL);
    assert_slice_close(fd.as_slice(), &[-2.0, 1.5], 1e-6, "closed form");
    let (v, (xb, yb)) = generic_bare::adjoint(1.5_f32, -2.0, 1.0);
    assert_eq!((v, xb, yb), (-3.0, -2.0, 1.5));
}

/// Horner in `a` over `x`, and sin(x₀ a) + 1, for any `T: Float`.
#[differentiate]
fn generic_poly<T: Float>(x: &[T; 3], a: T) -> [T; 2] {
    let two = T::from(2.0).unwrap();
    let mut s = T::zero();
    for i in 0..3 {
        s = s * a + x[i];
    }
    [s * two, (x[0] * a).sin() + T::one()]
}

/// A generic caller of a generic callee.
#[differentiate]
fn generic_caller<T: Float>(x: &[T; 3]) -> T {
    let y = generic_poly(x, T::one());
    y[0] * y[1]
}

#[test]
fn generic_function_in_f64() {
    let (x, a) = ([0.5, -1.0, 2.0], 0.7);
    let fd = check(&generic_poly::bind(&x, a), TOL);
    // s = x0 a² + x1 a + x2
    #[rustfmt::skip]
    let want = [
        2.0 * a * a, 2.0 * a, 2.0, 2.0 * (2.0 * x[0] * a + x[1]),
        a * (x[0] * a).cos(), 0.0, 0.0, x[0] * (x[0] * a).cos(),
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
    check(&generic_caller::bind(&x), TOL);
}

#[test]
fn generic_function_in_f32_matches_f64() {
    let (x, a) = ([0.5, -1.0, 2.0], 0.7);
    let (x32, a32) = (x.map(|v| v as f32), a as f32);
    let j64 = generic_poly::jacobian(&x, a);
    let j32 = generic_poly::jacobian(&x32, a32);
    assert_matrix_close(&j32, &j64, 1e-4, "f32 vs f64");
    let (_, d32) = generic_poly::tangent(&x32, a32, &[1.0, 0.0, 0.0], 1.0);
    let (_, d64) = generic_poly::tangent(&x, a, &[1.0, 0.0, 0.0], 1.0);
    assert_slice_close(&d32.map(f64::from), &d64, 1e-4, "tangent");
    let (_, (xb32, ab32)) = generic_poly::adjoint(&x32, a32, &[1.0, -1.0]);
    let (_, (xb64, ab64)) = generic_poly::adjoint(&x, a, &[1.0, -1.0]);
    assert_slice_close(&xb32.map(f64::from), &xb64, 1e-4, "adjoint x̄");
    assert!(close(f64::from(ab32), ab64, 1e-4));
    let g32 = generic_caller::gradient(&x32);
    let g64 = generic_caller::gradient(&x);
    assert_slice_close(&g32.map(f64::from), &g64, 1e-4, "generic caller");
    dot_product(&generic_poly::bind(&x32, a32), 1e-4);
}

/// The same body written for concrete `f32` and `f64`.
#[differentiate]
fn twin32(x: &[f32; 3], y: f32) -> [f32; 2] {
    let mut s = y;
    for i in 0..3 {
        s = s * x[i] + x[i].tanh();
    }
    [s, x[0].powi(3) / y + x[2].sqrt()]
}

#[differentiate]
fn twin64(x: &[f64; 3], y: f64) -> [f64; 2] {
    let mut s = y;
    for i in 0..3 {
        s = s * x[i] + x[i].tanh();
    }
    [s, x[0].powi(3) / y + x[2].sqrt()]
}

#[test]
fn f32_function_matches_its_f64_twin() {
    let (x, y) = ([0.8, -0.5, 1.3], 1.7);
    let (x32, y32) = (x.map(|v| v as f32), y as f32);
    check(&twin64::bind(&x, y), TOL);
    let j64 = twin64::jacobian(&x, y);
    assert_matrix_close(&twin32::jacobian(&x32, y32), &j64, 1e-4, "jacobian");
    let f32_forward = jacobian::jacobian(&twin32::bind(&x32, y32), Mode::Forward);
    let f32_reverse = jacobian::jacobian(&twin32::bind(&x32, y32), Mode::Reverse);
    assert_matrix_close(&f32_forward, &j64, 1e-4, "forward");
    assert_matrix_close(&f32_reverse, &j64, 1e-4, "reverse");
    let (v32, _) = twin32::tangent(&x32, y32, &[0.0; 3], 0.0);
    assert_slice_close(&v32.map(f64::from), &twin64(&x, y), 1e-4, "value");
    dot_product(&twin32::bind(&x32, y32), 1e-4);
}

/// Generic loop with `T::from(i)`, `T::epsilon()` and a slice.
#[differentiate]
fn generic_weights<T: Float>(x: &[T], n: usize) -> T {
    let mut s = T::epsilon();
    for i in 0..n {
        let w = T::from(i).unwrap();
        s = s + w * x[i % x.len()] * x[0];
    }
    s
}

/// Generic `Vec` output.
#[differentiate]
fn generic_scaled<T: Float>(x: &[T], y: T) -> Vec<T> {
    let mut v = vec![T::zero(); x.len()];
    for i in 0..x.len() {
        v[i] = x[i] * y;
    }
    v
}

/// Generic tuple output with an early return, and a `wrt` subset.
#[differentiate(wrt(x))]
fn generic_tuple<T: Float>(x: T, y: T) -> (T, [T; 2]) {
    let (a, b) = (x * y, x - y);
    if a > b {
        return (a, [b, a]);
    }
    (b, [a, b])
}

#[test]
fn generic_loops_vecs_tuples_and_wrt() {
    let x = [0.7, 1.3, -0.5];
    let fd = check(&generic_weights::bind(&x, 5), TOL);
    // s = ε + x₀ (0·x₀ + 1·x₁ + 2·x₂ + 3·x₀ + 4·x₁)
    let want = [5.0 * x[1] + 2.0 * x[2] + 6.0 * x[0], 5.0 * x[0], 2.0 * x[0]];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "weights");
    let j32 = generic_weights::jacobian(&x.map(|v| v as f32), 5);
    assert_matrix_close(&j32, &fd, 1e-4, "weights f32");
    let fd = check(&generic_scaled::bind(&x, 2.0), TOL);
    assert_eq!(fd.shape(), (3, 4));
    for (x, y) in [(0.5, 2.0), (0.5, -2.0)] {
        let fd = check(&generic_tuple::bind(x, y), TOL);
        assert_eq!(fd.shape(), (3, 1));
        let j32 = generic_tuple::jacobian(x as f32, y as f32);
        assert_matrix_close(&j32, &fd, 1e-4, "tuple f32");
    }
}

/// `std::f32::consts` in an `f32` function.
#[differentiate]
fn f32_constants(x: f32) -> f32 {
    x * std::f32::consts::PI + 2.0 * x * x
}

#[test]
fn f32_constants_and_literals() {
    let j = f32_constants::jacobian(0.5);
    assert!((j[(0, 0)] - (std::f32::consts::PI + 2.0)).abs() < 1e-5);
    let (_, b) = f32_constants::adjoint(0.5, 2.0);
    assert!((b - 2.0 * (std::f32::consts::PI + 2.0)).abs() < 1e-5);
}
