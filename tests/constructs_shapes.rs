//! Parameter lists (several active parameters, `wrt` subsets, integer and `bool`
//! parameters) and Jacobian shapes (1×n, n×1, non-square, size one, size zero),
//! each checked by the full oracle battery and a closed form.

mod common;

use common::{assert_slice_close, check, close};
use jacobian::differentiate;

const TOL: f64 = 1e-6;

// ---------------------------------------------------------------- parameters

/// Three active parameters: the cotangent `Bar` is a tuple in declaration order.
#[differentiate]
fn three_active(a: f64, v: &[f64; 2], w: &[f64]) -> f64 {
    a * v[0] + v[1] * w[0] * w[1]
}

#[test]
fn several_active_parameters() {
    let (a, v, w) = (2.0, [3.0, 5.0], [7.0, 11.0]);
    let fd = check(&three_active::bind(a, &v, &w), TOL);
    assert_slice_close(
        fd.as_slice(),
        &[3.0, 2.0, 77.0, 55.0, 35.0],
        1e-6,
        "closed form",
    );
    let (_, (ab, vb, wb)): (f64, (f64, [f64; 2], Vec<f64>)) = three_active::adjoint(a, &v, &w, 1.0);
    assert_eq!((ab, vb, wb), (3.0, [2.0, 77.0], vec![55.0, 35.0]));
    let (_, d) = three_active::tangent(a, &v, &w, 1.0, &[0.0, 1.0], &[0.0, 1.0]);
    assert_eq!(d, 3.0 + 77.0 + 35.0);
}

/// Only `x` and `z` are active: `y` gets no column.
#[differentiate(wrt(x, z))]
fn wrt_subset(x: f64, y: f64, z: &[f64; 2]) -> [f64; 2] {
    [x * y * z[0], y.sin() + z[1] * x]
}

#[test]
fn wrt_subset_drops_inactive_columns() {
    let (x, y, z) = (0.5, 1.2, [2.0, -3.0]);
    let fd = check(&wrt_subset::bind(x, y, &z), TOL);
    assert_eq!(fd.shape(), (2, 3));
    assert_slice_close(
        fd.as_slice(),
        &[y * z[0], x * y, 0.0, z[1], 0.0, x],
        1e-6,
        "closed form",
    );
    let (_, dz) = wrt_subset::tangent(x, y, &z, 0.0, &[1.0, 0.0]);
    assert_eq!(dz, [x * y, 0.0]);
    let (_, (xb, zb)) = wrt_subset::adjoint(x, y, &z, &[1.0, 1.0]);
    assert!(close(xb, y * z[0] + z[1], 1e-14));
    assert_eq!(zb, [x * y, x]);
}

/// A single active parameter among others: `Bar` is that parameter's cotangent, not a tuple.
#[differentiate(wrt(y))]
fn wrt_single(x: &[f64; 2], y: f64) -> f64 {
    x[0] * y * y + x[1]
}

#[test]
fn wrt_single_parameter() {
    let (x, y) = ([3.0, 1.0], 0.5);
    let fd = check(&wrt_single::bind(&x, y), TOL);
    assert_slice_close(fd.as_slice(), &[3.0], 1e-6, "closed form");
    let yb: f64 = wrt_single::adjoint(&x, y, 2.0).1;
    assert_eq!(yb, 6.0);
    assert_eq!(wrt_single::gradient(&x, y), 3.0);
}

/// Integer and `bool` parameters steer the computation but are never active.
#[differentiate]
fn discrete_params(x: &[f64; 3], k: usize, m: i64, neg: bool) -> f64 {
    let mut s = x[k] * m as f64;
    if neg {
        s = -s;
    }
    s * x[0]
}

#[test]
fn integer_and_bool_parameters_are_not_active() {
    let x = [0.5, 2.0, -1.0];
    let fd = check(&discrete_params::bind(&x, 1, 3, false), TOL);
    assert_slice_close(fd.as_slice(), &[6.0, 1.5, 0.0], 1e-6, "k = 1");
    let fd = check(&discrete_params::bind(&x, 0, -2, true), TOL);
    assert_slice_close(fd.as_slice(), &[2.0, 0.0, 0.0], 1e-6, "k = 0: 2x0²");
}

// ---------------------------------------------------------------- shapes

#[differentiate]
fn one_by_five(x: &[f64; 5]) -> f64 {
    let mut s = 0.0;
    for i in 0..5 {
        s += x[i] * x[i] * x[i];
    }
    s
}

#[differentiate]
fn five_by_one(x: f64) -> [f64; 5] {
    let mut y = [0.0; 5];
    let mut p = 1.0;
    for i in 0..5 {
        p *= x;
        y[i] = p;
    }
    y
}

#[differentiate]
fn two_by_five(x: &[f64; 5]) -> [f64; 2] {
    let mut y = [0.0, 1.0];
    for i in 0..5 {
        y[0] += x[i];
        y[1] *= x[i];
    }
    y
}

#[differentiate]
fn five_by_two(x: &[f64; 2]) -> [f64; 5] {
    [x[0], x[1], x[0] * x[1], x[0].sin(), x[1].exp()]
}

#[test]
fn non_square_shapes() {
    let x5 = [0.5, -1.0, 1.5, 0.25, 2.0];
    let fd = check(&one_by_five::bind(&x5), TOL);
    assert_eq!(fd.shape(), (1, 5));
    let want: Vec<f64> = x5.iter().map(|x| 3.0 * x * x).collect();
    assert_slice_close(fd.as_slice(), &want, 1e-6, "1×5");

    let fd = check(&five_by_one::bind(1.3), TOL);
    assert_eq!(fd.shape(), (5, 1));
    let want: Vec<f64> = (1..=5).map(|k| k as f64 * 1.3_f64.powi(k - 1)).collect();
    assert_slice_close(fd.as_slice(), &want, 1e-6, "5×1");

    let fd = check(&two_by_five::bind(&x5), TOL);
    assert_eq!(fd.shape(), (2, 5));
    let prod: f64 = x5.iter().product();
    assert_slice_close(fd.row(0), &[1.0; 5], 1e-6, "2×5 sum");
    let want: Vec<f64> = x5.iter().map(|x| prod / x).collect();
    assert_slice_close(fd.row(1), &want, 1e-6, "2×5 product");

    let fd = check(&five_by_two::bind(&[0.4, -0.3]), TOL);
    assert_eq!(fd.shape(), (5, 2));
    let want = [
        1.0,
        0.0,
        0.0,
        1.0,
        -0.3,
        0.4,
        0.4_f64.cos(),
        0.0,
        0.0,
        (-0.3_f64).exp(),
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "5×2");
}

#[differentiate]
fn size_one(x: &[f64; 1]) -> [f64; 1] {
    [x[0].sin() * x[0]]
}

#[test]
fn size_one_input_and_output() {
    let x = 0.9_f64;
    let fd = check(&size_one::bind(&[x]), TOL);
    assert_eq!(fd.shape(), (1, 1));
    assert!(close(fd[(0, 0)], x.cos() * x + x.sin(), 1e-6));
    let (_, bar) = size_one::adjoint(&[x], &[1.0]);
    assert!(close(bar[0], x.cos() * x + x.sin(), 1e-14));
}

/// An empty slice contributes no columns; an empty `Vec` output no rows.
#[differentiate]
fn maybe_empty(x: &[f64], y: f64, n: usize) -> Vec<f64> {
    let mut s = y;
    for i in 0..x.len() {
        s += x[i] * y;
    }
    let mut out = vec![0.0; n];
    for i in 0..n {
        out[i] = s * i as f64;
    }
    out
}

#[test]
fn size_zero_inputs_and_outputs() {
    let y = 1.5;
    // no slice entries: 3 × 1
    let fd = check(&maybe_empty::bind(&[], y, 3), TOL);
    assert_eq!(fd.shape(), (3, 1));
    assert_slice_close(fd.as_slice(), &[0.0, 1.0, 2.0], 1e-6, "empty slice");
    // no outputs: 0 × 3
    let j = maybe_empty::jacobian(&[1.0, 2.0], y, 0);
    assert_eq!(j.shape(), (0, 3));
    check(&maybe_empty::bind(&[1.0, 2.0], y, 0), TOL);
    let (v, (xb, yb)) = maybe_empty::adjoint(&[1.0, 2.0], y, 0, &[]);
    assert!(v.is_empty() && xb == vec![0.0, 0.0] && yb == 0.0);
    // nothing active that has entries and no outputs
    let j = maybe_empty::jacobian(&[], y, 0);
    assert_eq!(j.shape(), (0, 1));
}

/// Both sides empty: a slice of length 0 in, a `Vec` of length 0 out.
#[differentiate]
fn empty_to_empty(x: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; x.len()];
    for i in 0..x.len() {
        out[i] = x[i] * x[i];
    }
    out
}

#[test]
fn size_zero_jacobian() {
    let fd = check(&empty_to_empty::bind(&[]), TOL);
    assert_eq!(fd.shape(), (0, 0));
    assert_eq!(empty_to_empty::jacobian(&[]).shape(), (0, 0));
    let (v, d) = empty_to_empty::tangent(&[], &[]);
    assert!(v.is_empty() && d.is_empty());
    let (v, b) = empty_to_empty::adjoint(&[], &[]);
    assert!(v.is_empty() && b.is_empty());
    // and the same function on a non-empty slice: diagonal 2x
    let fd = check(&empty_to_empty::bind(&[1.0, -2.0]), TOL);
    assert_slice_close(fd.as_slice(), &[2.0, 0.0, 0.0, -4.0], 1e-6, "diagonal");
}
