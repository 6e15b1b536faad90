//! One small differentiated function per data construct the macro accepts
//! (arrays, `Vec`s, slices, nested arrays, tuples, constants, `*x` copies,
//! aliased element updates, computed indices), each checked by the full oracle
//! battery and, where easy, a closed form. Parameter lists and Jacobian shapes
//! are in `constructs_shapes.rs`.

// The differentiated functions loop over indices (the macro has no iterator chains) and
// spell out each construct on purpose (`a = a * b` beside `a *= b`).
#![allow(clippy::needless_range_loop, clippy::assign_op_pattern)]

mod common;

use common::{assert_slice_close, check, close};
use jacobian::differentiate;

const TOL: f64 = 1e-6;

// ---------------------------------------------------------------- arrays

/// Array literals of active and constant entries, read back by index.
#[differentiate]
fn array_literal(x: f64, y: f64) -> [f64; 3] {
    let a = [x, y * x, 2.0];
    [a[1], a[0] + a[2], a[0] * a[1]]
}

#[test]
fn array_literals() {
    let (x, y) = (1.2, -0.4);
    let fd = check(&array_literal::bind(x, y), TOL);
    let want = [y, x, 1.0, 0.0, 2.0 * x * y, x * x];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// `[0.0; N]` filled in reverse order with index-dependent weights.
#[differentiate]
fn repeat_array(x: &[f64; 4]) -> [f64; 4] {
    let mut a = [0.0; 4];
    for i in 0..4 {
        let w = i as f64 + 1.0;
        a[i] = x[3 - i] * w;
    }
    a
}

#[test]
fn zero_array_written_by_index() {
    let fd = check(&repeat_array::bind(&[0.1, 0.2, 0.3, 0.4]), TOL);
    for i in 0..4 {
        for j in 0..4 {
            let want = if j == 3 - i { i as f64 + 1.0 } else { 0.0 };
            assert!(close(fd[(i, j)], want, 1e-6), "({i}, {j})");
        }
    }
}

/// Prefix products in place: each write reads the element written just before.
#[differentiate]
fn prefix_products(x: &[f64; 4]) -> [f64; 4] {
    let mut a = [x[0], x[1], x[2], x[3]];
    for i in 1..4 {
        a[i] = a[i - 1] * a[i];
    }
    a
}

#[test]
fn array_elements_overwritten_in_a_loop() {
    let x = [1.5, -0.5, 2.0, 0.8];
    let fd = check(&prefix_products::bind(&x), TOL);
    for i in 0..4 {
        for j in 0..4 {
            let prod: f64 = (0..=i).filter(|&k| k != j).map(|k| x[k]).product();
            let want = if j <= i { prod } else { 0.0 };
            assert!(
                close(fd[(i, j)], want, 1e-6),
                "({i}, {j}): {} vs {want}",
                fd[(i, j)]
            );
        }
    }
}

/// `vec![0.0; n]` with a length parameter, reading a slice cyclically.
#[differentiate]
fn vec_zeros(x: &[f64], n: usize) -> Vec<f64> {
    let mut v = vec![0.0; n];
    for i in 0..n {
        let k = i % x.len();
        v[i] = x[k] * x[k];
    }
    v
}

#[test]
fn vec_of_zeros_with_parameter_length() {
    let x = [0.5, -1.5, 2.0];
    let fd = check(&vec_zeros::bind(&x, 5), TOL);
    assert_eq!(fd.shape(), (5, 3));
    for i in 0..5 {
        for j in 0..3 {
            let want = if j == i % 3 { 2.0 * x[j] } else { 0.0 };
            assert!(close(fd[(i, j)], want, 1e-6), "({i}, {j})");
        }
    }
    let (v, dv) = vec_zeros::tangent(&x, 5, &[1.0, 0.0, 0.0]);
    assert_eq!(v, vec![0.25, 2.25, 4.0, 0.25, 2.25]);
    assert_eq!(dv, vec![1.0, 0.0, 0.0, 1.0, 0.0]);
}

/// `vec![a, b, c]` of active values.
#[allow(clippy::useless_vec)] // the `vec!` literal is the construct under test
#[differentiate]
fn vec_literal(x: f64, y: f64) -> Vec<f64> {
    let v = vec![x * y, x + y, y];
    vec![v[0] * v[1], v[2], x]
}

#[test]
fn vec_literals() {
    let (x, y) = (0.7, 1.9);
    let fd = check(&vec_literal::bind(x, y), TOL);
    // xy(x + y): ∂x = 2xy + y², ∂y = x² + 2xy
    let want = [2.0 * x * y + y * y, x * x + 2.0 * x * y, 0.0, 1.0, 1.0, 0.0];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
    let (v, (xb, yb)) = vec_literal::adjoint(x, y, &[1.0, 10.0, 100.0]);
    assert_eq!(v.len(), 3);
    assert!(close(xb, want[0] + 100.0, 1e-12) && close(yb, want[1] + 10.0, 1e-12));
}

/// y = M v with `[[f64; 3]; 2]`, and Mᵀ in a nested local written by `t[j][i] = ..`.
#[differentiate]
fn nested_arrays(m: &[[f64; 3]; 2], v: &[f64; 3]) -> ([f64; 2], [[f64; 2]; 3]) {
    let mut y = [0.0; 2];
    let mut t = [[0.0; 2]; 3];
    for i in 0..2 {
        for j in 0..3 {
            y[i] += m[i][j] * v[j];
            t[j][i] = m[i][j] * m[i][j];
        }
    }
    (y, t)
}

#[test]
fn nested_array_parameters_and_locals() {
    let m = [[1.0, -2.0, 0.5], [0.3, 0.7, -1.1]];
    let v = [0.2, -0.6, 1.4];
    let fd = check(&nested_arrays::bind(&m, &v), TOL);
    // rows: y0, y1, then t flattened row-major (t[j][i] = m[i][j]²); columns: m (6), v (3)
    assert_eq!(fd.shape(), (2 + 6, 6 + 3));
    for i in 0..2 {
        for j in 0..3 {
            assert!(close(fd[(i, 3 * i + j)], v[j], 1e-6), "∂y{i}/∂m{i}{j}");
            assert!(close(fd[(i, 6 + j)], m[i][j], 1e-6), "∂y{i}/∂v{j}");
            assert!(
                close(fd[(2 + 2 * j + i, 3 * i + j)], 2.0 * m[i][j], 1e-6),
                "∂t{j}{i}"
            );
        }
    }
    let (_, (mb, vb)) = nested_arrays::adjoint(&m, &v, &([1.0, 0.0], [[0.0; 2]; 3]));
    assert_eq!(mb, [[v[0], v[1], v[2]], [0.0; 3]]);
    assert_eq!(vb, m[0]);
}

/// A dot product of two slices, with the loop bound from `.len()`.
#[differentiate]
fn slice_dot(a: &[f64], b: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..a.len() {
        s += a[i] * b[i];
    }
    s
}

#[test]
fn slice_parameters() {
    let (a, b) = ([0.5, 1.5, -2.0], [3.0, -1.0, 0.25]);
    let fd = check(&slice_dot::bind(&a, &b), TOL);
    assert_slice_close(
        fd.as_slice(),
        &[3.0, -1.0, 0.25, 0.5, 1.5, -2.0],
        1e-6,
        "closed form",
    );
    let (s, ds) = slice_dot::tangent(&a, &b, &[1.0, 0.0, 0.0], &[0.0, 0.0, 1.0]);
    assert!(close(s, -0.5, 1e-14) && close(ds, 3.0 - 2.0, 1e-14));
    let (_, (ab, bb)) = slice_dot::adjoint(&a, &b, 2.0);
    assert_eq!((ab, bb), (vec![6.0, -2.0, 0.5], vec![1.0, 3.0, -4.0]));
}

/// `Vec<f64>` in and out: running sums, with `.len()` on the `Vec`.
#[differentiate]
fn vec_cumsum(v: Vec<f64>, scale: f64) -> Vec<f64> {
    let mut out = vec![0.0; v.len()];
    let mut s = 0.0;
    for i in 0..v.len() {
        s += v[i] * scale;
        out[i] = s;
    }
    out
}

#[test]
fn vec_parameters_and_outputs() {
    let v = vec![1.0, -2.0, 0.5, 3.0];
    let scale = 0.5;
    let fd = check(&vec_cumsum::bind(v.clone(), scale), TOL);
    assert_eq!(fd.shape(), (4, 5));
    for i in 0..4 {
        for j in 0..4 {
            assert!(close(fd[(i, j)], if j <= i { scale } else { 0.0 }, 1e-6));
        }
        let partial: f64 = v[..=i].iter().sum();
        assert!(close(fd[(i, 4)], partial, 1e-6));
    }
}

/// Owned copies: `.to_vec()` of a slice and of an array, `.to_owned()` of an
/// array and of a `Vec`, each then overwritten without touching its source.
#[differentiate]
fn owned_copies(v: &[f64], a: &[f64; 2]) -> f64 {
    let mut w = v.to_vec();
    let mut b = a.to_owned();
    let mut c = a.to_vec();
    let u = w.to_owned();
    w[0] = w[0] * b[1];
    b[0] = b[0].sin() * c[1];
    c[1] = u[1] * u[0];
    w[0] * b[0] + c[1] * w[1] + v[0]
}

#[test]
fn to_vec_and_to_owned_copies() {
    let (v, a) = ([1.5, 2.0], [0.5, 0.25]);
    check(&owned_copies::bind(&v, &a), TOL);
    // f = v₀a₁·sin a₀·a₁ + v₀v₁² + v₀
    let (g, ga) = owned_copies::gradient(&v, &a);
    let (s, c) = (a[0].sin(), a[0].cos());
    let want_v = [a[1] * s * a[1] + v[1] * v[1] + 1.0, 2.0 * v[0] * v[1]];
    let want_a = [v[0] * a[1] * c * a[1], 2.0 * v[0] * s * a[1]];
    assert_slice_close(&g, &want_v, 1e-12, "gradient in v");
    assert_slice_close(&ga, &want_a, 1e-12, "gradient in a");
    // Second order through the copies: Laplacian = trace of the Hessian, and the
    // Hessian's (v₀, a₀) entry a₁² cos a₀.
    let h = owned_copies::hessian(&v, &a);
    let trace: f64 = (0..4).map(|i| h[(i, i)]).sum();
    assert!(close(owned_copies::laplacian(&v, &a), trace, 1e-12));
    assert!(close(h[(0, 2)], a[1] * a[1] * c, 1e-12));
    assert!(close(h[(2, 0)], h[(0, 2)], 1e-12));
}

/// `.len()` of a fixed-size array used in float math.
#[differentiate]
fn array_len(x: &[f64; 5]) -> f64 {
    let n = x.len() as f64;
    let mut s = 0.0;
    for i in 0..x.len() {
        s += x[i];
    }
    s / n
}

#[test]
fn len_of_fixed_array() {
    let fd = check(&array_len::bind(&[1.0, 2.0, 3.0, 4.0, 5.0]), TOL);
    assert_slice_close(fd.as_slice(), &[0.2; 5], 1e-6, "mean");
}

// ---------------------------------------------------------------- tuples

/// Tuples built, destructured and returned: `-> (f64, [f64; 2])`.
#[differentiate]
fn tuples(x: f64, y: f64) -> (f64, [f64; 2]) {
    let t = (x * y, x + y);
    let (a, b) = t;
    let (c, d) = (a * b, b - a);
    (c, [d, a])
}

#[test]
fn tuple_construct_destructure_return() {
    let (x, y) = (0.6, 1.4);
    let fd = check(&tuples::bind(x, y), TOL);
    // rows: c = xy(x + y), d = x + y − xy, a = xy
    assert_eq!(fd.shape(), (3, 2));
    #[rustfmt::skip]
    let want = [
        2.0 * x * y + y * y, x * x + 2.0 * x * y,
        1.0 - y, 1.0 - x,
        y, x,
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "rows concatenated");
    let ((c, [d, a]), (dc, [dd, da])) = tuples::tangent(x, y, 0.0, 1.0);
    assert!(
        close(c, x * y * (x + y), 1e-14)
            && close(d, x + y - x * y, 1e-14)
            && close(a, x * y, 1e-14)
    );
    assert!(close(dc, want[1], 1e-12) && close(dd, want[3], 1e-12) && close(da, want[5], 1e-12));
    let (_, (xb, yb)) = tuples::adjoint(x, y, &(1.0, [0.0, 1.0]));
    assert!(close(xb, want[0] + want[4], 1e-12) && close(yb, want[1] + want[5], 1e-12));
}

/// Tuple output of two arrays of different lengths.
#[differentiate]
fn tuple_of_arrays(x: &[f64; 2]) -> ([f64; 3], [f64; 1]) {
    ([x[0], x[1], x[0] * x[1]], [x[0] - x[1]])
}

#[test]
fn tuple_outputs_in_the_jacobian() {
    let x = [2.0, 3.0];
    let j = tuple_of_arrays::jacobian(&x);
    let want = [1.0, 0.0, 0.0, 1.0, 3.0, 2.0, 1.0, -1.0];
    assert_eq!(j.shape(), (4, 2));
    assert_slice_close(j.as_slice(), &want, 1e-15, "jacobian");
    check(&tuple_of_arrays::bind(&x), TOL);
}

// ---------------------------------------------------------------- constants

const K: f64 = 2.5;
const N: usize = 3;

/// Module constants, float literal forms and `std::f64::consts`.
#[differentiate]
fn constants(x: &[f64; N]) -> f64 {
    let mut s = 1e-3 + 2. + 0.5_f64;
    for i in 0..N {
        s += K * x[i] * std::f64::consts::PI;
    }
    s * x[0] + core::f64::consts::E * x[N - 1] + f64::EPSILON
}

#[test]
fn consts_and_literals() {
    let x = [0.5, -0.25, 1.5];
    let fd = check(&constants::bind(&x), TOL);
    let pi = std::f64::consts::PI;
    let s = 2.501 + K * pi * (x[0] + x[1] + x[2]);
    let want = [
        s + K * pi * x[0],
        K * pi * x[0],
        K * pi * x[0] + std::f64::consts::E,
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// `*x` copies: a scalar behind `&f64` and an array behind `&[f64; 3]`.
#[differentiate]
fn deref_copies(x: &f64, v: &[f64; 3]) -> [f64; 3] {
    let a = *x;
    let mut w = *v;
    w[0] = w[0] * a;
    w[2] = w[1] * *x + w[2];
    w
}

#[test]
fn deref_copies_of_references() {
    let (x, v) = (1.5, [2.0, -1.0, 0.5]);
    let fd = check(&deref_copies::bind(&x, &v), TOL);
    #[rustfmt::skip]
    let want = [
        v[0], x, 0.0, 0.0,
        0.0, 0.0, 1.0, 0.0,
        v[1], 0.0, x, 1.0,
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

// ---------------------------------------------------------------- aliasing and copies

/// Element updates whose source and target may be the same element (i = j).
#[differentiate]
fn element_aliasing(x: &[f64; 3], i: usize, j: usize) -> [f64; 3] {
    let mut a = [x[0], x[1], x[2]];
    a[i] *= a[j];
    a[j] += a[i];
    a[i] -= a[j] * 0.5;
    a[j] /= a[i];
    a[i] = a[j] * a[i];
    a
}

#[test]
fn element_updates_with_aliased_indices() {
    let x = [0.7, -1.3, 2.1];
    for (i, j) in [(0, 0), (1, 1), (0, 1), (2, 1)] {
        check(&element_aliasing::bind(&x, i, j), TOL);
    }
    // i = j = 0: a₀ ← x₀², 2x₀², x₀², 1, 1: constant, so the first row is zero
    let fd = check(&element_aliasing::bind(&x, 0, 0), TOL);
    assert_slice_close(fd.row(0), &[0.0; 3], 1e-6, "i = j");
}

/// `a[i][j] *= a[j][i]` on a nested local: the transpose element may already be updated.
#[differentiate]
fn nested_compound(m: &[[f64; 2]; 2]) -> [[f64; 2]; 2] {
    let mut a = [[m[0][0], m[0][1]], [m[1][0], m[1][1]]];
    for i in 0..2 {
        for j in 0..2 {
            a[i][j] *= a[j][i];
            a[i][j] += m[j][i];
        }
    }
    a
}

#[test]
fn compound_assignment_on_nested_elements() {
    let m = [[0.5, 1.5], [-2.0, 0.3]];
    let fd = check(&nested_compound::bind(&m), TOL);
    // a00 = m00² + m00; a01 = m01 m10 + m10; a10 = (m01 m10 + m10) m10 + m01; a11 = m11² + m11
    let (a, b, c, d) = (m[0][0], m[0][1], m[1][0], m[1][1]);
    #[rustfmt::skip]
    let want = [
        2.0 * a + 1.0, 0.0, 0.0, 0.0,
        0.0, c, b + 1.0, 0.0,
        0.0, c * c + 1.0, 2.0 * b * c + 2.0 * c, 0.0,
        0.0, 0.0, 0.0, 2.0 * d + 1.0,
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// Whole-array assignment copies: later writes to one do not reach the other.
#[differentiate]
fn array_copies(x: &[f64; 2]) -> [f64; 2] {
    let mut a = [x[0], x[1]];
    let mut b = a;
    b[0] = b[0] * 3.0;
    a = b;
    b[1] = a[0] * x[1];
    [a[0] + b[1], a[1] * b[0]]
}

#[test]
fn whole_array_assignment() {
    let x = [0.7, 1.3];
    let fd = check(&array_copies::bind(&x), TOL);
    // [3x₀ + 3x₀x₁, 3x₀x₁]
    let want = [3.0 + 3.0 * x[1], 3.0 * x[0], 3.0 * x[1], 3.0 * x[0]];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// Tuple fields read and written: `t.0 = ..`, `t.1 *= ..`.
#[differentiate]
fn tuple_fields(x: f64, y: f64) -> (f64, f64) {
    let mut t = (x * y, x + y);
    t.0 = t.0 * t.1;
    t.1 *= x;
    let u = t.0 + t.1;
    (u, t.1)
}

#[test]
fn tuple_field_reads_and_writes() {
    let (x, y) = (0.7, 1.3);
    let fd = check(&tuple_fields::bind(x, y), TOL);
    // t.0 = xy(x + y), t.1 = x(x + y)
    let d1 = [2.0 * x + y, x];
    let want = [
        2.0 * x * y + y * y + d1[0],
        x * x + 2.0 * x * y + d1[1],
        d1[0],
        d1[1],
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// Returning a parameter copy, a variable overwritten by a constant, and the same value twice.
#[differentiate]
fn trivial_outputs(x: &[f64; 2]) -> ([f64; 2], f64, f64, f64) {
    let mut c = x[0];
    let s = c * x[1];
    c = 1.0;
    (*x, 3.0 * c, s, s)
}

#[test]
fn copies_constants_and_repeated_outputs() {
    let x = [0.7, 1.3];
    let fd = check(&trivial_outputs::bind(&x), TOL);
    #[rustfmt::skip]
    let want = [
        1.0, 0.0,
        0.0, 1.0,
        0.0, 0.0,
        x[1], x[0],
        x[1], x[0],
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// A by-value array parameter, typed `let`s and `.len()` of nested arrays.
#[differentiate]
fn typed_and_by_value(a: [f64; 2], m: &[[f64; 3]; 2]) -> f64 {
    let p: f64 = a[0] * a[1];
    let b: [f64; 2] = [p, a[0]];
    let (q, r): (f64, f64) = (b[0], b[1]);
    let mut s: f64 = q + r;
    for i in 0..m.len() {
        for j in 0..m[i].len() {
            let w = (i + j) as f64;
            s += m[i][j] * w;
        }
    }
    s
}

#[test]
fn by_value_arrays_typed_lets_and_nested_len() {
    let a = [0.7, 1.3];
    let m = [[0.7, 1.3, -2.0], [0.5, 0.1, 0.2]];
    let fd = check(&typed_and_by_value::bind(a, &m), TOL);
    let want = [a[1] + 1.0, a[0], 0.0, 1.0, 2.0, 1.0, 2.0, 3.0];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

// ---------------------------------------------------------------- indices

/// Computed indices (`n - 1 - i`, `(i + 1) % n`) and an index from `floor() as usize`.
#[differentiate]
fn computed_indices(x: &[f64; 4], t: f64) -> [f64; 5] {
    let n = x.len();
    let mut y = [0.0; 5];
    for i in 0..n {
        y[n - 1 - i] = -x[i] * x[(i + 1) % n];
    }
    let k = t.floor() as usize;
    y[4] = x[k] * t + x[k + 1] * (t - k as f64);
    y
}

#[test]
fn computed_and_float_derived_indices() {
    let x = [0.7, 1.3, -0.5, 2.0];
    let t = 1.4;
    let fd = check(&computed_indices::bind(&x, t), TOL);
    // y₄ = x₁ t + x₂ (t − 1): ∂t = x₁ + x₂
    assert_slice_close(
        fd.row(4),
        &[0.0, t, t - 1.0, 0.0, x[1] + x[2]],
        1e-6,
        "interpolation",
    );
    // y₃ = −x₀x₁
    assert_slice_close(fd.row(3), &[-x[1], -x[0], 0.0, 0.0, 0.0], 1e-6, "y₃");
}

/// `vec![0.0; n * x.len()]` indexed by `i * x.len() + j`.
#[differentiate]
fn outer_product(x: &[f64], n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n * x.len()];
    for i in 0..n {
        for j in 0..x.len() {
            out[i * x.len() + j] = x[j] * (i as f64);
        }
    }
    out
}

#[test]
fn vec_with_computed_length_and_indices() {
    let fd = check(&outer_product::bind(&[0.7, 1.3], 3), TOL);
    assert_eq!(fd.shape(), (6, 2));
    assert_slice_close(
        fd.column(0).as_slice(),
        &[0.0, 0.0, 1.0, 0.0, 2.0, 0.0],
        1e-6,
        "column 0",
    );
}
