//! Functions that write their results into `&mut` parameters: the outputs are
//! those parameters (Jacobian rows in parameter order), the inputs the others.
//! Checked by the oracle battery on the bound function, against closed forms, and
//! for the value written into the outputs by every public item.

mod common;

use common::{assert_slice_close, check, close, dot_product};
use jacobian::differentiate;

const TOL: f64 = 1e-6;

/// The Lorenz system's right-hand side, as ODE solvers call it.
#[differentiate]
fn lorenz(_t: f64, y: &[f64], dy: &mut [f64]) {
    let (sigma, rho, beta) = (10.0, 28.0, 8.0 / 3.0);
    dy[0] = sigma * (y[1] - y[0]);
    dy[1] = y[0] * (rho - y[2]) - y[1];
    dy[2] = y[0] * y[1] - beta * y[2];
}

#[test]
fn an_ode_right_hand_side() {
    let (t, y) = (0.0, [1.0, 2.0, 3.0]);
    let mut dy = [0.0; 3];
    let j = lorenz::jacobian(t, &y, &mut dy);
    // The value is written as `lorenz` writes it.
    let mut want = [0.0; 3];
    lorenz(t, &y, &mut want);
    assert_eq!(dy, want);
    // 3 × 4: ∂/∂t is zero, then the Lorenz Jacobian.
    let beta = 8.0 / 3.0;
    let closed = [
        [0.0, -10.0, 10.0, 0.0],
        [0.0, 28.0 - y[2], -1.0, -y[0]],
        [0.0, y[1], y[0], -beta],
    ];
    for (i, row) in closed.iter().enumerate() {
        for (k, w) in row.iter().enumerate() {
            assert!(
                close(j[(i, k)], *w, 1e-12),
                "J[{i}][{k}] = {} vs {w}",
                j[(i, k)]
            );
        }
    }
    check(&lorenz::bind(t, &y, &dy), TOL);
    // Tangent and adjoint write the value too.
    let mut dy2 = [9.0; 3];
    let jv = lorenz::tangent(t, &y, &mut dy2, 0.0, &[1.0, 0.0, 0.0]);
    assert_eq!(dy2, want);
    assert_slice_close(&jv, &[-10.0, 28.0 - y[2], y[1]], 1e-12, "J·e₁");
    let mut dy3 = [0.0; 3];
    let (tb, yb) = lorenz::adjoint(t, &y, &mut dy3, &[0.0, 1.0, 0.0]);
    assert_eq!(dy3, want);
    assert_eq!(tb, 0.0);
    assert_slice_close(&yb, &[28.0 - y[2], -1.0, -y[0]], 1e-12, "e₂ᵀ·J");
    let mut m = jacobian::Matrix::zeros(0, 0);
    let mut dy4 = [0.0; 3];
    lorenz::jacobian_into(t, &y, &mut dy4, &mut m);
    assert_eq!(dy4, want);
    assert_eq!(m.as_slice(), j.as_slice());
}

/// Two outputs (an array and a `Vec`) read back while written, an early `return`,
/// and the outputs' initial contents used as constants.
#[allow(clippy::ptr_arg)] // `&mut Vec` is the form under test
#[differentiate]
fn split(x: &[f64; 2], scale: f64, a: &mut [f64; 2], b: &mut Vec<f64>) {
    a[0] = x[0] * scale;
    a[1] = a[0] * x[1];
    if b.is_empty() {
        return;
    }
    for i in 0..b.len() {
        b[i] = b[i] * a[1] + x[0].sin();
    }
}

#[test]
fn several_outputs_in_parameter_order() {
    let (x, scale) = ([0.5, -2.0], 1.5);
    let (mut a, mut b) = ([0.0; 2], vec![1.0, 3.0]);
    let j = split::jacobian(&x, scale, &mut a, &mut b);
    let (mut wa, mut wb) = ([0.0; 2], vec![1.0, 3.0]);
    split(&x, scale, &mut wa, &mut wb);
    assert_eq!((a, b.clone()), (wa, wb));
    // Rows a0, a1, b0, b1; columns x0, x1, scale.
    assert_eq!((j.rows(), j.cols()), (4, 3));
    let da1 = [scale * x[1], x[0] * scale, x[0] * x[1]];
    assert_slice_close(&j.as_slice()[3..6], &da1, 1e-12, "row a1");
    for (r, b0) in [1.0, 3.0].iter().enumerate() {
        let want = [b0 * da1[0] + x[0].cos(), b0 * da1[1], b0 * da1[2]];
        assert_slice_close(&j.as_slice()[6 + 3 * r..9 + 3 * r], &want, 1e-12, "row b");
    }
    check(&split::bind(&x, scale, &[0.0; 2], &[1.0, 3.0]), TOL);
    // An empty `b`: the early return leaves it empty, two rows.
    let mut empty = Vec::new();
    let j = split::jacobian(&x, scale, &mut a, &mut empty);
    assert_eq!((j.rows(), empty.len()), (2, 0));
}

/// Only `y` differentiated, in `f32`.
#[differentiate(wrt(y))]
fn decay(k: f32, y: &[f32], dy: &mut [f32]) {
    for (d, v) in dy.iter_mut().zip(y) {
        *d = -k * v * v;
    }
}

#[test]
fn wrt_and_f32() {
    let y = [1.0f32, 2.0];
    let mut dy = [0.0f32; 2];
    let j = decay::jacobian(0.5, &y, &mut dy);
    assert_eq!(dy, [-0.5, -2.0]);
    assert_eq!(j.as_slice(), &[-1.0, 0.0, 0.0, -2.0]);
    let mut dy = [0.0f32; 2];
    assert_eq!(decay::divergence(0.5, &y, &mut dy), -3.0);
    assert_eq!(dy, [-0.5, -2.0]);
}

/// A generic in-place function.
#[differentiate]
fn scaled<T: num_traits::Float>(c: T, x: &[T], out: &mut [T]) {
    for i in 0..x.len() {
        out[i] = c * x[i].exp();
    }
}

#[test]
fn generic_in_place() {
    let x = [0.1, -0.3];
    let mut out = [0.0; 2];
    let j = scaled::jacobian(2.0, &x, &mut out);
    assert_slice_close(
        &out,
        &[2.0 * 0.1f64.exp(), 2.0 * (-0.3f64).exp()],
        1e-15,
        "value",
    );
    assert!(
        close(j[(0, 0)], 0.1f64.exp(), 1e-12) && close(j[(1, 2)], 2.0 * (-0.3f64).exp(), 1e-12)
    );
    dot_product(&scaled::bind(2.0, &x[..], &[0.0; 2][..]), TOL);
}

/// dy = (y₁, −y₀ + y₀ y₁) written in place, adding to what dy held.
#[differentiate]
fn accumulate(y: &[f64], dy: &mut [f64]) {
    dy[0] += y[1];
    dy[1] += -y[0] + y[0] * y[1];
}

/// An explicit Euler step calling the in-place right-hand side twice:
/// k = f(y) (from zero), then k += f(y + h k), y' = y + h/2 · k.
#[differentiate(wrt(y))]
fn heun_like(y: &[f64], h: f64) -> Vec<f64> {
    let mut k = vec![0.0; y.len()];
    accumulate(y, &mut k);
    let mut z = y.to_vec();
    for i in 0..z.len() {
        z[i] += h * k[i];
    }
    accumulate(&z, &mut k);
    let mut out = y.to_vec();
    for i in 0..out.len() {
        out[i] += 0.5 * h * k[i];
    }
    out
}

#[test]
fn in_place_functions_are_called_from_differentiated_ones() {
    let y = [0.5, -1.0];
    let j = check(&heun_like::bind(&y, 0.1), 1e-6);
    assert_eq!((j.rows(), j.cols()), (2, 2));
    let (out, _) = heun_like::value_and_jacobian(&y, 0.1);
    // By hand: k₁ = f(y), z = y + h k₁, k = k₁ + f(z), out = y + h/2 k.
    let f = |v: [f64; 2]| [v[1], -v[0] + v[0] * v[1]];
    let k1 = f(y);
    let z = [y[0] + 0.1 * k1[0], y[1] + 0.1 * k1[1]];
    let k2 = f(z);
    assert!(close(out[0], y[0] + 0.05 * (k1[0] + k2[0]), 1e-15));
    assert!(close(out[1], y[1] + 0.05 * (k1[1] + k2[1]), 1e-15));
}

/// Two outputs: s = x₀ + x₁ and p = x₀ x₁.
#[differentiate]
fn sum_and_product(x: &[f64; 2], s: &mut [f64; 1], p: &mut [f64; 1]) {
    s[0] = x[0] + x[1];
    p[0] = x[0] * x[1];
}

/// y = s² − 2p = x₀² + x₁² through the two outputs.
#[differentiate]
fn squares(x: &[f64; 2]) -> f64 {
    let mut s = [0.0];
    let mut p = [0.0];
    sum_and_product(x, &mut s, &mut p);
    s[0] * s[0] - 2.0 * p[0]
}

#[test]
fn several_outputs_of_a_called_in_place_function() {
    let g = squares::gradient(&[3.0, -2.0]);
    assert_slice_close(&g, &[6.0, -4.0], 1e-14, "∇(x₀² + x₁²) = 2x");
    check(&squares::bind(&[3.0, -2.0]), 1e-6);
}
