//! Silent wrong derivatives and compile errors found by test cases ported from
//! other AD tools' suites (Enzyme, Clad, JAX, CppAD, cmpad, GradBench) and by
//! adversarial edge cases. Each is reduced to a named test that checks the full
//! battery (forward = reverse = finite differences, the dot-product test), the
//! second order (Hessian symmetric and equal to finite differences of the
//! gradient, Laplacian = trace) where the function is smooth at the point, and
//! the closed form, in `f64`, `f32` and generic `T: Float`.

// The differentiated functions loop over indices and spell out assignments (the
// macro has no iterator chains).
#![allow(
    clippy::needless_range_loop,
    clippy::assign_op_pattern,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

mod common;

use common::{assert_slice_close, check, check_second, close};
use jacobian::differentiate;
use num_traits::Float;

const TOL: f64 = 1e-6;

// ---------------------------------------------------------------------------
// 1. A write whose index is computed from the array being written: the reverse
//    sweep evaluated the index again after the write had changed the array
//    (reverse mode and the Hessian were wrong; forward mode was right).
// ---------------------------------------------------------------------------

/// a = x; a[⌊2a₀⌋] = a₁ + ½; a₀ + 10a₁.
#[differentiate]
fn index_from_written_array(x: &[f64; 2]) -> f64 {
    let mut a = *x;
    a[(a[0] * 2.0) as usize] = a[1] + 0.5;
    a[0] + 10.0 * a[1]
}

#[test]
fn i1_an_index_computed_from_the_array_it_writes() {
    // At (0.2, 0.3) the index is 0: a₀ = x₁ + ½, so ∇ = (0, 11) (reverse gave (1, 10)).
    let x = [0.2, 0.3];
    check(&index_from_written_array::bind(&x), TOL);
    assert_eq!(index_from_written_array::gradient(&x), [0.0, 11.0]);
    // At (0.6, 0.3) the index is 1: a₁ = x₁ + ½, so ∇ = (1, 10).
    let x = [0.6, 0.3];
    check(&index_from_written_array::bind(&x), TOL);
    assert_eq!(index_from_written_array::gradient(&x), [1.0, 10.0]);
}

/// a = x; a[⌊2a₀⌋] += a₁ + ½; a₀² + 10a₁.
#[differentiate]
fn index_from_written_array_add(x: &[f64; 2]) -> f64 {
    let mut a = *x;
    a[(a[0] * 2.0) as usize] += a[1] + 0.5;
    a[0] * a[0] + 10.0 * a[1]
}

#[test]
fn i1_an_index_computed_from_the_array_it_adds_to() {
    let x = [0.2, 0.3];
    check(&index_from_written_array_add::bind(&x), TOL);
    // a₀ = x₀ + x₁ + ½ = 1: ∇ = 2a₀·(1, 1) + (0, 10), H = 2·[[1, 1], [1, 1]]
    assert_eq!(index_from_written_array_add::gradient(&x), [2.0, 12.0]);
    let h = index_from_written_array_add::hessian(&x);
    assert_eq!(h.as_slice(), [2.0, 2.0, 2.0, 2.0]);
    let grad = |x: &[f64]| index_from_written_array_add::gradient(&[x[0], x[1]]).to_vec();
    let lap = index_from_written_array_add::laplacian(&x);
    check_second(&h, lap, &grad, &x, TOL);
}

/// a = x; a₀ = a[⌊2a₀ + 0.6⌋]·a₀; a₀² + 10a₁: the operand's index reads the target.
#[differentiate]
fn operand_index_from_written_array(x: &[f64; 2]) -> f64 {
    let mut a = *x;
    a[0] = a[(a[0] * 2.0 + 0.6) as usize] * a[0];
    a[0] * a[0] + 10.0 * a[1]
}

#[test]
fn i1_an_operand_index_computed_from_the_array_being_written() {
    // At x₀ = 0.3 the operand's index is ⌊1.2⌋ = 1: a₀ = x₁x₀.
    let x = [0.3, 0.3];
    check(&operand_index_from_written_array::bind(&x), TOL);
    // ∇ = 2x₀x₁·(x₁, x₀) + (0, 10), H = [[2x₁², 4x₀x₁], [4x₀x₁, 2x₀²]]
    let g = operand_index_from_written_array::gradient(&x);
    assert_slice_close(&g, &[0.054, 10.054], 1e-14, "gradient");
    let h = operand_index_from_written_array::hessian(&x);
    assert_slice_close(h.as_slice(), &[0.18, 0.36, 0.36, 0.18], 1e-14, "Hessian");
    let grad = |x: &[f64]| operand_index_from_written_array::gradient(&[x[0], x[1]]).to_vec();
    let lap = operand_index_from_written_array::laplacian(&x);
    check_second(&h, lap, &grad, &x, TOL);
}

/// m = rows of x; m[⌊2m₀₀⌋][0] = m₁₁·m₀₁; Σ m²: nested arrays.
#[differentiate]
fn index_from_written_nested_array(x: &[f64; 4]) -> f64 {
    let mut m = [[x[0], x[1]], [x[2], x[3]]];
    m[(m[0][0] * 2.0) as usize][0] = m[1][1] * m[0][1];
    m[0][0] * m[0][0] + m[0][1] * m[0][1] + m[1][0] * m[1][0] + m[1][1] * m[1][1]
}

#[test]
fn i1_an_index_computed_from_the_nested_array_it_writes() {
    // Row 0: the write changes m₀₀ from 0.2 to 0.72, so the index read after it is 1.
    for (x, row) in [([0.2, 0.8, 0.4, 0.9], 0), ([0.7, 0.3, 0.4, 0.5], 1)] {
        check(&index_from_written_nested_array::bind(&x), TOL);
        // The written element w = x₁x₃ replaces x₀ (row 0) or x₂ (row 1).
        let w = x[1] * x[3];
        let mut want = [2.0 * x[0], 2.0 * x[1], 2.0 * x[2], 2.0 * x[3]];
        want[2 * row] = 0.0;
        want[1] += 2.0 * w * x[3];
        want[3] += 2.0 * w * x[1];
        let g = index_from_written_nested_array::gradient(&x);
        assert_slice_close(&g, &want, 1e-14, "gradient");
        let h = index_from_written_nested_array::hessian(&x);
        let grad = |x: &[f64]| {
            index_from_written_nested_array::gradient(&[x[0], x[1], x[2], x[3]]).to_vec()
        };
        let lap = index_from_written_nested_array::laplacian(&x);
        check_second(&h, lap, &grad, &x, TOL);
    }
}

/// Scatter-add inside a loop, the index read from the array each time.
#[differentiate]
fn index_from_written_array_in_a_loop(x: &[f64; 3]) -> f64 {
    let mut a = *x;
    for i in 0..4 {
        a[((a[i % 3] * 7.0) as usize) % 3] += a[(i + 1) % 3] * a[0];
    }
    a[0] * a[1] + a[2]
}

/// The same, called from another function.
#[differentiate]
fn calls_index_from_written_array(x: &[f64; 3]) -> f64 {
    let y = [x[0] * 1.5, x[1], x[2]];
    index_from_written_array_in_a_loop(&y).sin()
}

#[test]
fn i1_an_index_computed_from_the_array_it_writes_in_a_loop_and_through_a_call() {
    for x in [[0.1, 0.2, 0.3], [0.25, 0.05, 0.4]] {
        check(&index_from_written_array_in_a_loop::bind(&x), TOL);
        check(&calls_index_from_written_array::bind(&x), TOL);
        let h = index_from_written_array_in_a_loop::hessian(&x);
        let grad =
            |x: &[f64]| index_from_written_array_in_a_loop::gradient(&[x[0], x[1], x[2]]).to_vec();
        let lap = index_from_written_array_in_a_loop::laplacian(&x);
        check_second(&h, lap, &grad, &x, TOL);
        let h = calls_index_from_written_array::hessian(&x);
        let grad =
            |x: &[f64]| calls_index_from_written_array::gradient(&[x[0], x[1], x[2]]).to_vec();
        let lap = calls_index_from_written_array::laplacian(&x);
        check_second(&h, lap, &grad, &x, TOL);
    }
}

/// The shape of the first case in `f32`.
#[differentiate]
fn index_from_written_array_32(x: &[f32; 2]) -> f32 {
    let mut a = *x;
    a[(a[0] * 2.0) as usize] += a[1] + 0.5;
    a[0] * a[0] + 10.0 * a[1]
}

/// And in a generic `T: Float`.
#[differentiate]
fn index_from_written_array_t<T: Float>(x: &[T; 2]) -> T {
    let mut a = *x;
    let two = T::from(2.0).unwrap();
    let k = (a[0] * two).to_usize().unwrap();
    a[(a[0] * two).to_usize().unwrap()] = a[k] + a[1] + T::from(0.5).unwrap();
    a[0] * a[0] + T::from(10.0).unwrap() * a[1]
}

#[test]
fn i1_an_index_computed_from_the_array_it_writes_in_f32_and_generic() {
    let g32 = index_from_written_array_32::gradient(&[0.2, 0.3]);
    assert_eq!(g32, [2.0, 12.0]);
    assert_eq!(
        index_from_written_array_32::hessian(&[0.2, 0.3]).as_slice(),
        [2.0; 4]
    );
    let gt = index_from_written_array_t::gradient(&[0.2, 0.3]);
    assert_eq!(gt, [2.0, 12.0]);
    check(&index_from_written_array_t::bind(&[0.2, 0.3]), TOL);
    check(&index_from_written_array_t::bind(&[0.6_f32, 0.3]), 1e-2);
    assert_eq!(
        index_from_written_array_t::hessian(&[0.2, 0.3]).as_slice(),
        [2.0; 4]
    );
}

// ---------------------------------------------------------------------------
// 2. `x.powf(y)` at a zero base: ∂/∂y = xʸ·ln x was 0·(−∞) = NaN, and the
//    forward sweep carried it into ∂/∂x.
// ---------------------------------------------------------------------------

#[differentiate]
fn powf_64(x: f64, y: f64) -> f64 {
    x.powf(y)
}

#[differentiate]
fn powf_32(x: f32, y: f32) -> f32 {
    x.powf(y)
}

#[differentiate]
fn powf_t<T: Float>(x: T, y: T) -> T {
    x.powf(y)
}

#[differentiate(wrt(x))]
fn powf_in_x(x: f64, y: f64) -> f64 {
    x.powf(y)
}

#[test]
fn i2_powf_at_a_zero_base() {
    // 0ʸ = 0 for every y > 0: ∂/∂y = 0; ∂/∂x = y·0ʸ⁻¹ (1 at y = 1, 0 for y > 1).
    for (y, dx) in [(1.0, 1.0), (2.0, 0.0), (3.5, 0.0)] {
        let forward = [
            powf_64::tangent(0.0, y, 1.0, 0.0).1,
            powf_64::tangent(0.0, y, 0.0, 1.0).1,
        ];
        assert_eq!(forward, [dx, 0.0], "forward at (0, {y})");
        assert_eq!(powf_64::gradient(0.0, y), (dx, 0.0), "reverse at (0, {y})");
        assert_eq!(powf_64::jacobian(0.0, y).as_slice(), [dx, 0.0]);
        assert_eq!(powf_32::gradient(0.0, y as f32), (dx as f32, 0.0));
        assert_eq!(powf_t::gradient(0.0, y), (dx, 0.0));
    }
    // Second order at (0, 2): x² has ∂xx = 2; ∂xy = 2x·ln x + x → 0; ∂yy = x² ln² x → 0.
    for h in [powf_64::hessian(0.0, 2.0), powf_t::hessian(0.0, 2.0)] {
        assert_eq!(h.as_slice(), [2.0, 0.0, 0.0, 0.0]);
    }
    assert_eq!(powf_32::hessian(0.0, 2.0).as_slice(), [2.0, 0.0, 0.0, 0.0]);
    assert_eq!(powf_64::laplacian(0.0, 2.0), 2.0);
    // At (0, 3): ∂xx = 6x = 0.
    assert_eq!(powf_64::hessian(0.0, 3.0).as_slice(), [0.0; 4]);
    // x⁰ = 1 is constant in x, also at x = 0 (0ʸ is not differentiable in y at y = 0).
    assert_eq!(powf_64::gradient(0.0, 0.0).0, 0.0);
    assert_eq!(powf_in_x::tangent(0.0, 0.0, 1.0).1, 0.0);
    assert_eq!(powf_in_x::tangent(0.0, 1.0, 1.0).1, 1.0);
    // Away from zero, the full battery still holds.
    for (x, y) in [(0.5, 2.0), (1.5, 0.3)] {
        check(&powf_64::bind(x, y), TOL);
        let h = powf_64::hessian(x, y);
        let grad = |p: &[f64]| {
            let (a, b) = powf_64::gradient(p[0], p[1]);
            vec![a, b]
        };
        check_second(&h, powf_64::laplacian(x, y), &grad, &[x, y], TOL);
    }
}

// ---------------------------------------------------------------------------
// 3. `rem_euclid` on a differentiated value compiled and dropped its
//    derivative (it was treated as an integer method).
// ---------------------------------------------------------------------------

/// x.rem_euclid(y) + x·y.
#[differentiate]
fn rem_euclid_plus_product(x: f64, y: f64) -> f64 {
    x.rem_euclid(y) + x * y
}

/// The same through the path spellings.
#[differentiate]
fn rem_euclid_path(x: f64, y: f64) -> f64 {
    f64::rem_euclid(x, y) + x * y
}

#[differentiate]
fn rem_euclid_32(x: f32, y: f32) -> f32 {
    x.rem_euclid(y) + x * y
}

#[test]
fn i3_rem_euclid_carries_its_derivative() {
    // rem_euclid(x, y) = x − q·y with q = x.div_euclid(y): ∂ = (1 + y, −q + x).
    for (x, y) in [(5.0_f64, 3.0), (-5.0, 3.0), (5.5, -2.0)] {
        let q = x.div_euclid(y);
        let want = (1.0 + y, x - q);
        assert_eq!(
            rem_euclid_plus_product::gradient(x, y),
            want,
            "at ({x}, {y})"
        );
        assert_eq!(rem_euclid_path::gradient(x, y), want, "path at ({x}, {y})");
        let t = rem_euclid_plus_product::tangent(x, y, 1.0, 0.0).1;
        assert_eq!(t, want.0);
        assert_eq!(
            rem_euclid_32::gradient(x as f32, y as f32),
            (want.0 as f32, want.1 as f32)
        );
        check(&rem_euclid_plus_product::bind(x + 0.25, y), TOL);
        // Piecewise linear plus x·y: H = [[0, 1], [1, 0]].
        assert_eq!(
            rem_euclid_plus_product::hessian(x, y).as_slice(),
            [0.0, 1.0, 1.0, 0.0]
        );
    }
    // (5, 3): (4, 4), not (3, 5).
    assert_eq!(rem_euclid_plus_product::gradient(5.0, 3.0), (4.0, 4.0));
}

/// Clamp and `div_euclid`, also spelled as paths (`f64::clamp` was a rustc
/// error from inside the generated code).
#[differentiate]
fn clamp_and_div_euclid(x: f64, y: f64) -> f64 {
    f64::clamp(x, 0.0, 1.0) + y.clamp(-1.0, 1.0) * x.div_euclid(0.5) + Float::clamp(x * y, 0.0, 2.0)
}

#[differentiate]
fn clamp_t<T: Float>(x: T, y: T) -> T {
    T::clamp(x, T::zero(), T::one()) + Float::clamp(x * y, T::zero(), T::one() + T::one())
}

#[test]
fn i3_clamp_and_div_euclid_in_every_spelling() {
    for (x, y) in [(0.3, 0.6), (1.3, -2.0), (-0.2, 0.4)] {
        check(&clamp_and_div_euclid::bind(x, y), TOL);
        let inside = |v: f64, lo: f64, hi: f64| if (lo..=hi).contains(&v) { 1.0 } else { 0.0 };
        let q: f64 = x.div_euclid(0.5);
        let p = inside(x * y, 0.0, 2.0);
        let want = (
            inside(x, 0.0, 1.0) + p * y,
            inside(y, -1.0, 1.0) * q + p * x,
        );
        assert_eq!(clamp_and_div_euclid::gradient(x, y), want, "at ({x}, {y})");
        let (gx, gy) = clamp_t::gradient(x, y);
        assert_eq!((gx, gy), (inside(x, 0.0, 1.0) + p * y, p * x));
    }
}

// ---------------------------------------------------------------------------
// 4. Second partials that overflow for large finite operands (hypot: b²/h³),
//    and first partials that did (atan2, asinh, acosh: a² + 1).
// ---------------------------------------------------------------------------

/// hypot(3x₀, 4x₁).
#[differentiate]
fn hypot_34(x: &[f64; 2]) -> f64 {
    (x[0] * 3.0).hypot(x[1] * 4.0)
}

#[differentiate]
fn hypot_34_32(x: &[f32; 2]) -> f32 {
    (x[0] * 3.0).hypot(x[1] * 4.0)
}

#[differentiate]
fn hypot_34_t<T: Float>(x: &[T; 2]) -> T {
    (x[0] * T::from(3.0).unwrap()).hypot(x[1] * T::from(4.0).unwrap())
}

/// At (s, s): ∇ = (9/5, 16/5), H = 144/(125 s)·[[1, −1], [−1, 1]].
fn hypot_34_closed(s: f64) -> ([f64; 2], [f64; 4], f64) {
    let k = 144.0 / (125.0 * s);
    ([1.8, 3.2], [k, -k, -k, k], 2.0 * k)
}

#[test]
fn i4_hypot_second_partials_do_not_overflow() {
    for s in [1.0, 1e110, 1e160, 1e300, 1e-150, 1e-300] {
        let (g, h, lap) = hypot_34_closed(s);
        let x = [s, s];
        assert_slice_close(
            &hypot_34::gradient(&x),
            &g,
            1e-14,
            &format!("gradient at {s}"),
        );
        let got = hypot_34::hessian(&x);
        let rel = |a: f64, b: f64| (a - b).abs() <= 1e-13 * b.abs();
        for k in 0..4 {
            assert!(
                rel(got.as_slice()[k], h[k]),
                "Hessian at {s}: {got:?}, expected {h:?}"
            );
        }
        assert!(rel(hypot_34::laplacian(&x), lap), "Laplacian at {s}");
        assert!(
            rel(hypot_34_t::laplacian(&x), lap),
            "generic Laplacian at {s}"
        );
    }
    // f32 overflows h³ from s ≈ 1e13.
    for s in [1.0_f32, 1e13, 1e20, 1e35] {
        let lap = hypot_34_32::laplacian(&[s, s]);
        let want = 288.0 / (125.0 * f64::from(s));
        assert!(
            (f64::from(lap) - want).abs() <= 1e-5 * want,
            "f32 Laplacian at {s}: {lap} vs {want}"
        );
    }
    let x = [0.7, -0.4];
    check(&hypot_34::bind(&x), TOL);
    let grad = |x: &[f64]| hypot_34::gradient(&[x[0], x[1]]).to_vec();
    check_second(
        &hypot_34::hessian(&x),
        hypot_34::laplacian(&x),
        &grad,
        &x,
        TOL,
    );
}

/// atan2(x₀, x₁) + asinh x₀ + acosh x₁.
#[differentiate]
fn inverse_functions(x: &[f64; 2]) -> f64 {
    x[0].atan2(x[1]) + x[0].asinh() + x[1].acosh()
}

#[test]
fn i4_inverse_functions_at_huge_operands() {
    for s in [2.0, 1e60, 1e155, 1e200, 1e300] {
        let x = [s, s];
        // ∇ = (b/r² + 1/√(a²+1), −a/r² + 1/√(b²−1)) with r² = 2s²: (3/(2s), 1/(2s)) for s ≫ 1.
        let r2 = |s: f64| 2.0 * s * s;
        let want = if s < 1e100 {
            [
                s / r2(s) + 1.0 / (s * s + 1.0).sqrt(),
                -s / r2(s) + 1.0 / (s * s - 1.0).sqrt(),
            ]
        } else {
            [1.5 / s, 0.5 / s]
        };
        assert_slice_close(
            &inverse_functions::gradient(&x),
            &want,
            1e-14,
            &format!("at {s}"),
        );
        // ∂aa = −2ab/r⁴ − a/(a²+1)^{3/2}, ∂bb = 2ab/r⁴ − b/(b²−1)^{3/2}, ∂ab = 0: (−3/(2s²), −1/(2s²)).
        let h = inverse_functions::hessian(&x);
        let want = if s < 1e10 {
            let r4 = 4.0 * s.powi(4);
            let (ash, ach) = ((s * s + 1.0).powf(1.5), (s * s - 1.0).powf(1.5));
            [
                -2.0 * s * s / r4 - s / ash,
                0.0,
                0.0,
                2.0 * s * s / r4 - s / ach,
            ]
        } else {
            [-1.5 / (s * s), 0.0, 0.0, -0.5 / (s * s)]
        };
        for k in 0..4 {
            let ok = if s < 1e150 {
                (h.as_slice()[k] - want[k]).abs() <= 1e-12 * want[0].abs()
            } else {
                h.as_slice()[k].abs() <= 1e-300 // the exact entries underflow
            };
            assert!(ok, "Hessian at {s}: {h:?}, expected {want:?}");
        }
    }
    let x = [0.7, 1.4];
    check(&inverse_functions::bind(&x), TOL);
    let grad = |x: &[f64]| inverse_functions::gradient(&[x[0], x[1]]).to_vec();
    check_second(
        &inverse_functions::hessian(&x),
        inverse_functions::laplacian(&x),
        &grad,
        &x,
        TOL,
    );
}

// ---------------------------------------------------------------------------
// 5. Integer and `bool` array, slice and `Vec` parameters did not compile
//    ("expected `&[()]`, found `&()`" from inside the generated code).
// ---------------------------------------------------------------------------

/// Σₖ wₖ·x[idx[k]]² over the k where mask[k]; `cols` only passed on.
#[differentiate(wrt(x))]
fn stencil(x: &[f64], idx: &[usize], w: [i32; 3], mask: &[bool], cols: Vec<usize>) -> f64 {
    let mut s = 0.0;
    for k in 0..idx.len() {
        if mask[k] {
            s += (w[k % 3] as f64) * x[idx[k]] * x[idx[k]];
        }
    }
    s + gather(x, &cols, cols.len())
}

/// Σ x[cols[k]]·x[0] over the first n columns.
#[differentiate]
fn gather(x: &[f64], cols: &[usize], n: usize) -> f64 {
    let mut s = 0.0;
    for k in 0..n {
        s += x[cols[k]] * x[0];
    }
    s
}

/// Every parameter active except the integer and `bool` ones.
#[differentiate]
fn all_active_with_tables(
    x: &[f64; 3],
    flags: Vec<bool>,
    order: [usize; 3],
    tab: &[i64],
) -> [f64; 2] {
    let mut y = [0.0; 2];
    for k in 0..3 {
        if flags[k] {
            y[0] += x[order[k]] * (tab[k] as f64);
        } else {
            y[1] += x[order[k]].sin();
        }
    }
    y
}

#[differentiate]
fn tables_32(x: &[f32; 2], idx: &[usize], flags: [bool; 2]) -> f32 {
    let mut s = 0.0;
    for k in 0..idx.len() {
        if flags[k % 2] {
            s += x[idx[k]] * x[idx[k]];
        }
    }
    s
}

#[differentiate]
fn tables_t<T: Float>(x: &[T], idx: &[u32], flags: &[bool]) -> T {
    let mut s = T::zero();
    for k in 0..idx.len() {
        if flags[k] {
            s = s + x[idx[k] as usize].exp();
        }
    }
    s
}

#[test]
fn i5_integer_and_bool_array_slice_and_vec_parameters() {
    let x = [0.5, -1.0, 2.0];
    let (idx, w, mask, cols) = (
        [0, 2, 1, 2],
        [1, 2, 3],
        [true, true, false, true],
        vec![1, 2],
    );
    check(&stencil::bind(&x, &idx, w, &mask, cols.clone()), TOL);
    // ∂/∂x: k = 0: 2x₀; k = 1: 4x₂; k = 3: 2x₂ (w[0] = 1); gather: x₀(x₁ + x₂) → (x₁ + x₂, x₀, x₀).
    let want = [2.0 * x[0] + x[1] + x[2], x[0], 6.0 * x[2] + x[0]];
    assert_slice_close(
        &stencil::gradient(&x, &idx, w, &mask, cols.clone()),
        &want,
        1e-14,
        "gradient",
    );
    let h = stencil::hessian(&x, &idx, w, &mask, cols.clone());
    let hw = [2.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 6.0];
    assert_slice_close(h.as_slice(), &hw, 1e-14, "Hessian");
    assert_eq!(stencil::laplacian(&x, &idx, w, &mask, cols.clone()), 8.0);
    let (_, t) = stencil::tangent(&x, &idx, w, &mask, cols.clone(), &[1.0, 0.0, 0.0]);
    assert_eq!(t, want[0]);
    check(&gather::bind(&x, &cols, 2), TOL);

    let (flags, order, tab) = (vec![true, false, true], [2, 0, 1], [3_i64, 5, -2]);
    check(
        &all_active_with_tables::bind(&x, flags.clone(), order, &tab),
        TOL,
    );
    // y₀ = 3x₂ − 2x₁, y₁ = sin x₀
    let j = all_active_with_tables::jacobian(&x, flags.clone(), order, &tab);
    assert_slice_close(
        j.as_slice(),
        &[0.0, -2.0, 3.0, x[0].cos(), 0.0, 0.0],
        1e-15,
        "Jacobian",
    );
    let lap = all_active_with_tables::laplacian(&x, flags.clone(), order, &tab);
    assert_slice_close(&lap, &[0.0, -x[0].sin()], 1e-15, "Laplacian");

    let g = tables_32::gradient(&[0.5, 2.0], &[1, 0, 1], [true, false]);
    assert_eq!(g, [0.0, 8.0]); // k = 0 and k = 2 pick x₁: 2·2x₁
    let xs = [0.1, 0.2];
    let g = tables_t::gradient(&xs, &[1, 1, 0], &[true, true, false]);
    assert_slice_close(&g, &[0.0, 2.0 * xs[1].exp()], 1e-15, "generic gradient");
    assert!(close(
        tables_t::laplacian(&xs, &[1, 1, 0], &[true, true, false]),
        2.0 * xs[1].exp(),
        1e-15
    ));
}

// ---------------------------------------------------------------------------
// Found by the extended random programs: in `f32`, a tuple `let` whose unused
// element is constant arithmetic (`1.34 - 1.07`) did not compile (the
// temporary holding it defaulted to `f64`).
// ---------------------------------------------------------------------------

/// x (the first element is never read).
#[differentiate]
fn unused_constant_arithmetic_in_f32(x: f32) -> f32 {
    let (_u, w): (f32, f32) = (1.34 - 1.07, x);
    w * w
}

#[test]
fn m1_unused_constant_arithmetic_in_an_f32_tuple_let() {
    // d/dx x² = 2x, d²/dx² = 2
    assert_eq!(unused_constant_arithmetic_in_f32::gradient(1.5), 3.0);
    assert_eq!(unused_constant_arithmetic_in_f32::laplacian(1.5), 2.0);
    assert_eq!(
        unused_constant_arithmetic_in_f32::hessian(1.5).as_slice(),
        [2.0]
    );
    check(&unused_constant_arithmetic_in_f32::bind(0.5), 1e-2);
}
