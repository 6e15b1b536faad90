//! Finite-difference derivatives of plain closures: the oracle automatic derivatives are
//! checked against.
//!
//! All functions use central differences with a step relative to each coordinate,
//! `h_j = base · max(1, |x_j|)`. The error has two parts: the truncation error of the
//! difference formula, which shrinks with `h`, and the rounding error of subtracting two
//! nearly equal values of `f`, which grows like `ε/h` (first derivatives) or `ε/h²` (second
//! derivatives), with `ε` the machine epsilon. The default bases balance the two.

use crate::matrix::Matrix;
use crate::scalar::Scalar;

/// The step for coordinate value `xj`: `base · max(1, |xj|)`, rounded so that `xj + h` is
/// exactly `h` away from `xj`.
fn relative_step<S: Scalar>(base: S, xj: S) -> S {
    let h = base * xj.abs().max(S::one());
    (xj + h) - xj
}

/// Evaluates `f` at `point` with coordinate `j` set to `value`, then restores it.
fn at_coordinate<S: Scalar, R>(point: &mut [S], j: usize, value: S, f: impl Fn(&[S]) -> R) -> R {
    let saved = point[j];
    point[j] = value;
    let result = f(point);
    point[j] = saved;
    result
}

#[cold]
#[inline(never)]
#[track_caller]
fn inconsistent_outputs(a: usize, b: usize) -> ! {
    panic!("finite differences: f returned {a} values at one point and {b} at another")
}

/// The central difference `(f(x + h e_j) - f(x - h e_j)) / 2h` of a vector function.
fn jacobian_column<S: Scalar>(
    f: &impl Fn(&[S]) -> Vec<S>,
    point: &mut [S],
    j: usize,
    base: S,
) -> Vec<S> {
    let xj = point[j];
    let h = relative_step(base, xj);
    let plus = at_coordinate(point, j, xj + h, f);
    let minus = at_coordinate(point, j, xj - h, f);
    if plus.len() != minus.len() {
        inconsistent_outputs(plus.len(), minus.len());
    }
    let width = h + h;
    plus.iter()
        .zip(&minus)
        .map(|(&p, &m)| (p - m) / width)
        .collect()
}

/// The Jacobian of `f` at `x` by central differences, an `m x n` matrix.
///
/// Column `j` uses the step `h_j = ε^(1/3) · max(1, |x_j|)`: the truncation error is
/// O(h²) and the rounding error O(ε/h), so this step gives an absolute error of about
/// `ε^(2/3)` (≈ 4e-11 for `f64`, 2e-5 for `f32`) for functions and derivatives of unit scale.
/// Costs `2n` evaluations of `f`.
///
/// # Examples
///
/// ```
/// use jacobian_runtime::finite_difference;
///
/// // f(x, y) = (x·y, x²): J = [[y, x], [2x, 0]] = [[3, 2], [4, 0]] at (2, 3).
/// let j = finite_difference::jacobian(|v: &[f64]| vec![v[0] * v[1], v[0] * v[0]], &[2.0, 3.0]);
/// let expected = [3.0, 2.0, 4.0, 0.0];
/// for (got, want) in j.as_slice().iter().zip(expected) {
///     assert!((got - want).abs() < 1e-9);
/// }
/// ```
///
/// # Panics
///
/// If `f` returns vectors of different lengths at different points.
pub fn jacobian<S: Scalar, F: Fn(&[S]) -> Vec<S>>(f: F, x: &[S]) -> Matrix<S> {
    jacobian_with_step(f, x, S::epsilon().cbrt())
}

/// The Jacobian of `f` at `x` by central differences with the relative step `h`: column `j`
/// uses `h · max(1, |x_j|)`.
///
/// # Examples
///
/// ```
/// use jacobian_runtime::finite_difference;
///
/// // d/dx x³ = 3x² = 12 at x = 2; the central difference is exact up to h² = 1e-6.
/// let j = finite_difference::jacobian_with_step(|v: &[f64]| vec![v[0].powi(3)], &[2.0], 1e-3);
/// assert!((j[(0, 0)] - 12.0).abs() < 1e-5);
/// ```
///
/// # Panics
///
/// If `h` is not positive and finite, or if `f` returns vectors of different lengths at
/// different points.
pub fn jacobian_with_step<S: Scalar, F: Fn(&[S]) -> Vec<S>>(f: F, x: &[S], h: S) -> Matrix<S> {
    assert!(
        h > S::zero() && h.is_finite(),
        "jacobian_with_step: the step must be positive and finite, got {h}"
    );
    let mut point = x.to_vec();
    let columns: Vec<Vec<S>> = (0..x.len())
        .map(|j| jacobian_column(&f, &mut point, j, h))
        .collect();
    let m = columns.first().map_or_else(|| f(x).len(), Vec::len);
    if let Some(column) = columns.iter().find(|c| c.len() != m) {
        inconsistent_outputs(m, column.len());
    }
    Matrix::from_fn(m, x.len(), |i, j| columns[j][i])
}

/// The gradient of a scalar function `f` at `x` by central differences, with the steps of
/// [`jacobian`]. Costs `2n` evaluations of `f`.
///
/// # Examples
///
/// ```
/// use jacobian_runtime::finite_difference;
///
/// // ∇(x² + 3xy) = (2x + 3y, 3x) = (8, 3) at (1, 2).
/// let g = finite_difference::gradient(|v: &[f64]| v[0] * v[0] + 3.0 * v[0] * v[1], &[1.0, 2.0]);
/// assert!((g[0] - 8.0).abs() < 1e-9 && (g[1] - 3.0).abs() < 1e-9);
/// ```
pub fn gradient<S: Scalar, F: Fn(&[S]) -> S>(f: F, x: &[S]) -> Vec<S> {
    let base = S::epsilon().cbrt();
    let mut point = x.to_vec();
    (0..x.len())
        .map(|j| {
            let xj = x[j];
            let h = relative_step(base, xj);
            let plus = at_coordinate(&mut point, j, xj + h, &f);
            let minus = at_coordinate(&mut point, j, xj - h, &f);
            (plus - minus) / (h + h)
        })
        .collect()
}

/// `f` at `x + a·e_j + b·e_k` (`j != k`).
fn at_offsets<S: Scalar>(
    f: &impl Fn(&[S]) -> S,
    point: &mut [S],
    (j, a): (usize, S),
    (k, b): (usize, S),
) -> S {
    let (xj, xk) = (point[j], point[k]);
    point[j] = xj + a;
    let value = at_coordinate(point, k, xk + b, f);
    point[j] = xj;
    value
}

/// Central second difference in coordinates `j` and `k` with steps `hj`, `hk`.
fn hessian_entry<S: Scalar>(
    f: &impl Fn(&[S]) -> S,
    point: &mut [S],
    fx: S,
    (j, hj): (usize, S),
    (k, hk): (usize, S),
) -> S {
    if j == k {
        let xj = point[j];
        let plus = at_coordinate(point, j, xj + hj, f);
        let minus = at_coordinate(point, j, xj - hj, f);
        return (plus - (fx + fx) + minus) / (hj * hj);
    }
    let pp = at_offsets(f, point, (j, hj), (k, hk));
    let pm = at_offsets(f, point, (j, hj), (k, -hk));
    let mp = at_offsets(f, point, (j, -hj), (k, hk));
    let mm = at_offsets(f, point, (j, -hj), (k, -hk));
    let four = S::one() + S::one() + S::one() + S::one();
    (pp - pm - mp + mm) / (four * hj * hk)
}

/// The Hessian of a scalar function `f` at `x` by central second differences, an `n x n`
/// symmetric matrix (each off-diagonal entry is computed once and mirrored).
///
/// Coordinate `j` uses the step `h_j = ε^(1/4) · max(1, |x_j|)`: the truncation error is
/// O(h²) and the rounding error O(ε/h²), so this step gives an absolute error of about
/// `ε^(1/2)` (≈ 1.5e-8 for `f64`) for functions of unit scale. Costs about `2n²` evaluations.
///
/// # Examples
///
/// ```
/// use jacobian_runtime::finite_difference;
///
/// // f(x, y) = x²·y: H = [[2y, 2x], [2x, 0]] = [[6, 2], [2, 0]] at (1, 3).
/// let h = finite_difference::hessian(|v: &[f64]| v[0] * v[0] * v[1], &[1.0, 3.0]);
/// let expected = [6.0, 2.0, 2.0, 0.0];
/// for (got, want) in h.as_slice().iter().zip(expected) {
///     assert!((got - want).abs() < 1e-6);
/// }
/// assert_eq!(h[(0, 1)], h[(1, 0)]);
/// ```
pub fn hessian<S: Scalar, F: Fn(&[S]) -> S>(f: F, x: &[S]) -> Matrix<S> {
    let base = S::epsilon().sqrt().sqrt();
    let steps: Vec<S> = x.iter().map(|&xj| relative_step(base, xj)).collect();
    let n = x.len();
    let fx = f(x);
    let mut point = x.to_vec();
    let mut h = Matrix::zeros(n, n);
    for j in 0..n {
        for k in j..n {
            let entry = hessian_entry(&f, &mut point, fx, (j, steps[j]), (k, steps[k]));
            h[(j, k)] = entry;
            h[(k, j)] = entry;
        }
    }
    h
}

#[cfg(test)]
mod tests;
