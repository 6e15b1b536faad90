//! Derivatives of derivatives: `f::gradient(..)` called inside a differentiated
//! function, differentiated in every first-order mode, against finite differences of
//! closed forms, the dot-product test, and closed forms.

#![allow(clippy::needless_range_loop)]

mod common;

use common::{assert_slice_close, check, close};
use jacobian::differentiate;

const TOL: f64 = 1e-6;

/// u(x, w) = w₀ sin(w₁x₀) x₁² + w₂ x₀ x₁, differentiated with respect to x only.
#[differentiate(wrt(x))]
fn u(x: &[f64; 2], w: &[f64; 3]) -> f64 {
    w[0] * (w[1] * x[0]).sin() * x[1] * x[1] + w[2] * x[0] * x[1]
}

/// ∇ₓu in closed form.
fn grad_u(x: &[f64; 2], w: &[f64; 3]) -> [f64; 2] {
    [
        w[0] * w[1] * (w[1] * x[0]).cos() * x[1] * x[1] + w[2] * x[1],
        2.0 * w[0] * (w[1] * x[0]).sin() * x[1] + w[2] * x[0],
    ]
}

/// |∇ₓu|²: a loss on the gradient, differentiated with respect to the weights and
/// the point (the gradient's own derivative is u's Hessian).
#[differentiate]
fn grad_norm(w: &[f64; 3], x: &[f64; 2]) -> f64 {
    let g = u::gradient(x, w);
    g[0] * g[0] + g[1] * g[1]
}

fn grad_norm_plain(w: &[f64; 3], x: &[f64; 2]) -> f64 {
    let g = grad_u(x, w);
    g[0] * g[0] + g[1] * g[1]
}

const W: [f64; 3] = [0.8, 1.3, -0.4];
const X: [f64; 2] = [0.6, -1.1];

#[test]
fn the_gradient_of_a_gradient_norm_matches_its_closed_form() {
    assert_slice_close(&u::gradient(&X, &W), &grad_u(&X, &W), 1e-14, "∇ₓu");
    assert!(close(grad_norm(&W, &X), grad_norm_plain(&W, &X), 1e-14));
    // Forward, reverse and auto Jacobians agree with finite differences of the
    // function; the dot-product test ties the nested tangent to the nested adjoint.
    check(&grad_norm::bind(&W, &X), TOL);
    // And with finite differences of the closed form.
    let (gw, gx) = grad_norm::gradient(&W, &X);
    let h = 1e-6;
    for i in 0..3 {
        let (mut p, mut m) = (W, W);
        p[i] += h;
        m[i] -= h;
        let fd = (grad_norm_plain(&p, &X) - grad_norm_plain(&m, &X)) / (2.0 * h);
        assert!(close(gw[i], fd, 1e-7), "∂/∂w{i}: {} vs {fd}", gw[i]);
    }
    for i in 0..2 {
        let (mut p, mut m) = (X, X);
        p[i] += h;
        m[i] -= h;
        let fd = (grad_norm_plain(&W, &p) - grad_norm_plain(&W, &m)) / (2.0 * h);
        assert!(close(gx[i], fd, 1e-7), "∂/∂x{i}: {} vs {fd}", gx[i]);
    }
}

/// q(x, w) = ½ Σ wᵢ xᵢ² (every parameter active, so its gradient is a pair).
#[differentiate]
fn q(x: &[f64; 2], w: &[f64; 2]) -> f64 {
    0.5 * (w[0] * x[0] * x[0] + w[1] * x[1] * x[1])
}

/// Five gradient-descent steps on q from x₀, then q there: the GradBench saddle and
/// particle shape (an optimization inside the differentiated function).
#[differentiate]
fn descend(w: &[f64; 2], x0: &[f64; 2]) -> f64 {
    let mut x = [x0[0], x0[1]];
    for _ in 0..5 {
        let (gx, _gw) = q::gradient(&x, w);
        x[0] -= 0.1 * gx[0];
        x[1] -= 0.1 * gx[1];
    }
    q(&x, w)
}

#[test]
fn gradient_descent_inside_a_differentiated_function() {
    let (w, x0) = ([1.5, 0.7], [1.0, -2.0]);
    check(&descend::bind(&w, &x0), TOL);
    // xᵢ = (1 − 0.1wᵢ)⁵ x₀ᵢ, value ½ Σ wᵢ (1 − 0.1wᵢ)¹⁰ x₀ᵢ²:
    // ∂/∂wᵢ = ½ x₀ᵢ² [(1 − 0.1wᵢ)¹⁰ − wᵢ (1 − 0.1wᵢ)⁹]
    let (gw, gx) = descend::gradient(&w, &x0);
    for i in 0..2 {
        let r: f64 = 1.0 - 0.1 * w[i];
        let want = 0.5 * x0[i] * x0[i] * (r.powi(10) - w[i] * r.powi(9));
        assert!(close(gw[i], want, 1e-12), "∂/∂w{i}: {} vs {want}", gw[i]);
        let want_x = w[i] * r.powi(10) * x0[i];
        assert!(close(gx[i], want_x, 1e-12), "∂/∂x0{i}");
    }
}

/// A function of a slice and an integer: Σ_{i<n} xᵢ³ (the integer passes through).
#[differentiate]
fn cubes(x: &[f64], n: usize) -> f64 {
    let mut s = 0.0;
    for i in 0..n {
        s += x[i] * x[i] * x[i];
    }
    s
}

/// Σ (∂cubes/∂xᵢ)·xᵢ = 3 Σ_{i<n} xᵢ³: its gradient is 9xᵢ² for i < n.
#[differentiate]
fn euler(x: &[f64], n: usize) -> f64 {
    let g = cubes::gradient(x, n);
    let mut s = 0.0;
    for i in 0..x.len() {
        s += g[i] * x[i];
    }
    s
}

#[test]
fn nested_gradients_of_slices_with_integer_parameters() {
    let x = vec![0.5, -1.5, 2.0, 0.3];
    check(&euler::bind(&x, 3), TOL);
    let g = euler::gradient(&x, 3);
    assert_eq!(g, vec![9.0 * 0.25, 9.0 * 2.25, 9.0 * 4.0, 0.0]);
    // The nested call's tangent alone: d(Σ gᵢxᵢ) along e₁ = 9x₁².
    let (_, t) = euler::tangent(&x, 3, &[0.0, 1.0, 0.0, 0.0]);
    assert!(close(t, 9.0 * 2.25, 1e-14));
    // One element and none.
    assert_eq!(euler::gradient(&[2.0], 1), vec![36.0]);
    assert_eq!(euler::gradient(&[], 0), Vec::<f64>::new());
}

/// In single precision: ∇(x₀²x₁) = (2x₀x₁, x₀²), and its squared norm's gradient.
#[differentiate]
fn small(x: &[f32; 2]) -> f32 {
    x[0] * x[0] * x[1]
}

#[differentiate]
fn small_norm(x: &[f32; 2]) -> f32 {
    let g = small::gradient(x);
    g[0] * g[0] + g[1] * g[1]
}

#[test]
fn nested_gradients_in_f32() {
    let x = [1.5_f32, -0.5];
    // |∇|² = 4x₀²x₁² + x₀⁴: ∂/∂x₀ = 8x₀x₁² + 4x₀³, ∂/∂x₁ = 8x₀²x₁
    let g = small_norm::gradient(&x);
    let want = [8.0 * 1.5 * 0.25 + 4.0 * 3.375, 8.0 * 2.25 * -0.5];
    assert!(
        (g[0] - want[0]).abs() < 1e-5 && (g[1] - want[1]).abs() < 1e-5,
        "{g:?}"
    );
    check(&small_norm::bind(&x), 1e-2);
}

// ---------------------------------------------------------------- nested Laplacians

/// Δₓu = −w₀w₁² sin(w₁x₀) x₁² + 2w₀ sin(w₁x₀) for the `u` above.
fn lap_u(x: &[f64; 2], w: &[f64; 3]) -> f64 {
    let s = (w[1] * x[0]).sin();
    -w[0] * w[1] * w[1] * s * x[1] * x[1] + 2.0 * w[0] * s
}

/// A physics-informed residual: (Δₓu − f)² with f(x) = x₀ + x₁.
#[differentiate]
fn residual(w: &[f64; 3], x: &[f64; 2]) -> f64 {
    let r = u::laplacian(x, w) - (x[0] + x[1]);
    r * r
}

fn residual_plain(w: &[f64; 3], x: &[f64; 2]) -> f64 {
    let r = lap_u(x, w) - (x[0] + x[1]);
    r * r
}

#[test]
fn the_gradient_of_a_laplacian_matches_its_closed_form() {
    assert!(close(u::laplacian(&X, &W), lap_u(&X, &W), 1e-13));
    assert!(close(residual(&W, &X), residual_plain(&W, &X), 1e-13));
    check(&residual::bind(&W, &X), TOL);
    let (gw, gx) = residual::gradient(&W, &X);
    let h = 1e-6;
    for i in 0..3 {
        let (mut p, mut m) = (W, W);
        p[i] += h;
        m[i] -= h;
        let fd = (residual_plain(&p, &X) - residual_plain(&m, &X)) / (2.0 * h);
        assert!(close(gw[i], fd, 1e-7), "∂/∂w{i}: {} vs {fd}", gw[i]);
    }
    for i in 0..2 {
        let (mut p, mut m) = (X, X);
        p[i] += h;
        m[i] -= h;
        let fd = (residual_plain(&W, &p) - residual_plain(&W, &m)) / (2.0 * h);
        assert!(close(gx[i], fd, 1e-7), "∂/∂x{i}: {} vs {fd}", gx[i]);
    }
}

/// A tanh network u(x; w) = Σⱼ w₂ⱼ tanh(w₀ⱼx₀ + w₁ⱼx₁ + bⱼ) of 4 units: every primitive
/// of a small PINN (products, sums, tanh) through the third-order sweep.
#[differentiate(wrt(x))]
fn net(x: &[f64; 2], w: &[f64]) -> f64 {
    let mut y = 0.0;
    for j in 0..4 {
        let z = w[j] * x[0] + w[4 + j] * x[1] + w[8 + j];
        y += w[12 + j] * z.tanh();
    }
    y
}

/// Σ over points of (Δₓnet − 1)².
#[differentiate]
fn pinn_loss(w: &[f64], xs: &[[f64; 2]; 3]) -> f64 {
    let mut l = 0.0;
    for i in 0..3 {
        let r = net::laplacian(&xs[i], w) - 1.0;
        l += r * r;
    }
    l
}

fn pinn_plain(w: &[f64], xs: &[[f64; 2]; 3]) -> f64 {
    // Δ of Σ w₂ tanh(z): Σ w₂ (w₀² + w₁²) tanh''(z), tanh'' = −2 tanh (1 − tanh²)
    xs.iter()
        .map(|x| {
            let lap: f64 = (0..4)
                .map(|j| {
                    let z = w[j] * x[0] + w[4 + j] * x[1] + w[8 + j];
                    let t = z.tanh();
                    w[12 + j] * (w[j] * w[j] + w[4 + j] * w[4 + j]) * (-2.0 * t * (1.0 - t * t))
                })
                .sum();
            (lap - 1.0) * (lap - 1.0)
        })
        .sum()
}

#[test]
fn a_pinn_loss_has_the_exact_gradient() {
    let w: Vec<f64> = (0..16)
        .map(|k| 0.3 * ((k as f64) * 0.7).sin() + 0.1)
        .collect();
    let xs = [[0.2, 0.4], [0.7, 0.1], [0.5, 0.9]];
    assert!(close(pinn_loss(&w, &xs), pinn_plain(&w, &xs), 1e-12));
    let (g, _) = pinn_loss::gradient(&w, &xs);
    for i in 0..16 {
        let h = 1e-6;
        let (mut p, mut m) = (w.clone(), w.clone());
        p[i] += h;
        m[i] -= h;
        let fd = (pinn_plain(&p, &xs) - pinn_plain(&m, &xs)) / (2.0 * h);
        assert!(close(g[i], fd, 1e-6), "∂/∂w{i}: {} vs {fd}", g[i]);
    }
    check(&pinn_loss::bind(&w, &xs), TOL);
}

/// A generic u over a slice: Σᵢ wᵢ xᵢ³, Δₓu = 6 Σᵢ wᵢ xᵢ, ∂Δu/∂wᵢ = 6xᵢ, ∂Δu/∂xᵢ = 6wᵢ.
#[differentiate(wrt(x))]
fn cubic<T: num_traits::Float>(x: &[T], w: &[T]) -> T {
    let mut s = T::zero();
    for i in 0..x.len() {
        s = s + w[i] * x[i] * x[i] * x[i];
    }
    s
}

/// Δₓcubic · c, differentiated with respect to w, x and c.
#[differentiate]
fn scaled_lap<T: jacobian::Scalar>(w: &[T], x: &[T], c: T) -> T {
    cubic::laplacian(x, w) * c
}

#[test]
fn nested_laplacians_of_generic_slice_functions_in_f64_and_f32() {
    let (w, x) = (vec![0.5, -1.0, 2.0], vec![1.5, 0.25, -0.75]);
    let lap: f64 = 6.0 * w.iter().zip(&x).map(|(a, b)| a * b).sum::<f64>();
    assert!(close(cubic::laplacian(&x, &w), lap, 1e-13));
    let (gw, gx, gc) = scaled_lap::gradient(&w, &x, 2.0);
    for i in 0..3 {
        assert!(close(gw[i], 12.0 * x[i], 1e-13), "∂/∂w{i}");
        assert!(close(gx[i], 12.0 * w[i], 1e-13), "∂/∂x{i}");
    }
    assert!(close(gc, lap, 1e-13));
    check(&scaled_lap::bind(&w, &x, 2.0), TOL);
    // More inputs than one chunk of lanes (9 > 8), and a single input.
    let (w9, x9): (Vec<f64>, Vec<f64>) = (0..9)
        .map(|k| (0.1 * k as f64, 1.0 - 0.2 * k as f64))
        .unzip();
    let (gw9, _, _) = scaled_lap::gradient(&w9, &x9, 1.0);
    for i in 0..9 {
        assert!(close(gw9[i], 6.0 * x9[i], 1e-13), "∂/∂w{i} of 9");
    }
    let (g1, _, _) = scaled_lap::gradient(&[3.0], &[2.0], 1.0);
    assert_eq!(g1, vec![12.0]);
    // f32
    let (wf, xf): (Vec<f32>, Vec<f32>) = (vec![0.5, -1.0], vec![1.5, 0.25]);
    let (gwf, gxf, _) = scaled_lap::gradient(&wf, &xf, 1.0_f32);
    assert!(
        (gwf[0] - 9.0).abs() < 1e-5 && (gxf[1] + 6.0).abs() < 1e-5,
        "{gwf:?} {gxf:?}"
    );
}

// ------------------------------------- nested tangents, adjoints and divergences

/// A vector field F(x; w) = (w₀x₀²x₁ + sin(w₁x₁), w₂x₀x₁² + w₀x₁), differentiated with
/// respect to x only: J = [[2w₀x₀x₁, w₀x₀² + w₁cos(w₁x₁)], [w₂x₁², 2w₂x₀x₁ + w₀]].
#[differentiate(wrt(x))]
fn field(x: &[f64; 2], w: &[f64; 3]) -> [f64; 2] {
    [
        w[0] * x[0] * x[0] * x[1] + (w[1] * x[1]).sin(),
        w[2] * x[0] * x[1] * x[1] + w[0] * x[1],
    ]
}

fn field_jacobian(x: &[f64; 2], w: &[f64; 3]) -> [[f64; 2]; 2] {
    [
        [
            2.0 * w[0] * x[0] * x[1],
            w[0] * x[0] * x[0] + w[1] * (w[1] * x[1]).cos(),
        ],
        [w[2] * x[1] * x[1], 2.0 * w[2] * x[0] * x[1] + w[0]],
    ]
}

/// |J·v|² + the value's first component: through `field::tangent`, differentiated with
/// respect to the weights, the point and the direction.
#[differentiate]
fn jvp_norm(w: &[f64; 3], x: &[f64; 2], v: &[f64; 2]) -> f64 {
    let (y, t) = field::tangent(x, w, v);
    t[0] * t[0] + t[1] * t[1] + y[0]
}

fn jvp_norm_plain(w: &[f64; 3], x: &[f64; 2], v: &[f64; 2]) -> f64 {
    let j = field_jacobian(x, w);
    let t = [
        j[0][0] * v[0] + j[0][1] * v[1],
        j[1][0] * v[0] + j[1][1] * v[1],
    ];
    t[0] * t[0] + t[1] * t[1] + field(x, w)[0]
}

/// (Jᵀc)₀ · (Jᵀc)₁ + y₁ c₀: through `field::adjoint`.
#[differentiate]
fn vjp_product(w: &[f64; 3], x: &[f64; 2], c: &[f64; 2]) -> f64 {
    let (y, g) = field::adjoint(x, w, c);
    g[0] * g[1] + y[1] * c[0]
}

fn vjp_product_plain(w: &[f64; 3], x: &[f64; 2], c: &[f64; 2]) -> f64 {
    let j = field_jacobian(x, w);
    let g = [
        j[0][0] * c[0] + j[1][0] * c[1],
        j[0][1] * c[0] + j[1][1] * c[1],
    ];
    g[0] * g[1] + field(x, w)[1] * c[0]
}

/// (div F − 1)², div F = 2w₀x₀x₁ + 2w₂x₀x₁ + w₀.
#[differentiate]
fn div_residual(w: &[f64; 3], x: &[f64; 2]) -> f64 {
    let r = field::divergence(x, w) - 1.0;
    r * r
}

fn div_residual_plain(w: &[f64; 3], x: &[f64; 2]) -> f64 {
    let r = 2.0 * w[0] * x[0] * x[1] + 2.0 * w[2] * x[0] * x[1] + w[0] - 1.0;
    r * r
}

/// Central differences of `f` at `x` (a flat vector of all its inputs).
fn fd_gradient(f: &dyn Fn(&[f64]) -> f64, x: &[f64]) -> Vec<f64> {
    let h = 1e-6;
    (0..x.len())
        .map(|i| {
            let (mut p, mut m) = (x.to_vec(), x.to_vec());
            p[i] += h;
            m[i] -= h;
            (f(&p) - f(&m)) / (2.0 * h)
        })
        .collect()
}

fn split3(z: &[f64]) -> ([f64; 3], [f64; 2], [f64; 2]) {
    ([z[0], z[1], z[2]], [z[3], z[4]], [z[5], z[6]])
}

const V: [f64; 2] = [0.3, -0.8];

#[test]
fn nested_tangents_match_finite_differences_of_their_closed_form() {
    assert!(close(
        jvp_norm(&W, &X, &V),
        jvp_norm_plain(&W, &X, &V),
        1e-13
    ));
    check(&jvp_norm::bind(&W, &X, &V), TOL);
    let (gw, gx, gv) = jvp_norm::gradient(&W, &X, &V);
    let got: Vec<f64> = gw.iter().chain(&gx).chain(&gv).copied().collect();
    let z: Vec<f64> = W.iter().chain(&X).chain(&V).copied().collect();
    let plain = |z: &[f64]| {
        let (w, x, v) = split3(z);
        jvp_norm_plain(&w, &x, &v)
    };
    assert_slice_close(&got, &fd_gradient(&plain, &z), 1e-7, "∇ of |J·v|²");
}

#[test]
fn nested_adjoints_match_finite_differences_of_their_closed_form() {
    let c = [1.2, -0.4];
    assert!(close(
        vjp_product(&W, &X, &c),
        vjp_product_plain(&W, &X, &c),
        1e-13
    ));
    check(&vjp_product::bind(&W, &X, &c), TOL);
    let (gw, gx, gc) = vjp_product::gradient(&W, &X, &c);
    let got: Vec<f64> = gw.iter().chain(&gx).chain(&gc).copied().collect();
    let z: Vec<f64> = W.iter().chain(&X).chain(&c).copied().collect();
    let plain = |z: &[f64]| {
        let (w, x, c) = split3(z);
        vjp_product_plain(&w, &x, &c)
    };
    assert_slice_close(&got, &fd_gradient(&plain, &z), 1e-7, "∇ of (Jᵀc)₀(Jᵀc)₁");
}

#[test]
fn nested_divergences_match_their_closed_form() {
    assert!(close(
        div_residual(&W, &X),
        div_residual_plain(&W, &X),
        1e-13
    ));
    check(&div_residual::bind(&W, &X), TOL);
    let (gw, gx) = div_residual::gradient(&W, &X);
    // r = div − 1: ∂/∂w = 2r (2x₀x₁ + 1, 0, 2x₀x₁), ∂/∂x = 2r (2w₀ + 2w₂)(x₁, x₀)
    let r = 2.0 * W[0] * X[0] * X[1] + 2.0 * W[2] * X[0] * X[1] + W[0] - 1.0;
    let p = X[0] * X[1];
    let want_w = [2.0 * r * (2.0 * p + 1.0), 0.0, 2.0 * r * 2.0 * p];
    let k = 2.0 * r * (2.0 * W[0] + 2.0 * W[2]);
    assert_slice_close(&gw, &want_w, 1e-13, "∂/∂w of (div − 1)²");
    assert_slice_close(&gx, &[k * X[1], k * X[0]], 1e-13, "∂/∂x of (div − 1)²");
}

/// y² + ∂y/∂x₀ · ∂y/∂x₁ for the scalar `u` above, from `u::value_and_gradient`.
#[differentiate]
fn value_grad_mix(w: &[f64; 3], x: &[f64; 2]) -> f64 {
    let (y, g) = u::value_and_gradient(x, w);
    y * y + g[0] * g[1]
}

#[test]
fn nested_values_and_gradients_match_their_closed_form() {
    let plain = |z: &[f64]| {
        let (w, x) = ([z[0], z[1], z[2]], [z[3], z[4]]);
        let g = grad_u(&x, &w);
        u(&x, &w).powi(2) + g[0] * g[1]
    };
    let z: Vec<f64> = W.iter().chain(&X).copied().collect();
    assert!(close(value_grad_mix(&W, &X), plain(&z), 1e-13));
    check(&value_grad_mix::bind(&W, &X), TOL);
    let (gw, gx) = value_grad_mix::gradient(&W, &X);
    let got: Vec<f64> = gw.iter().chain(&gx).copied().collect();
    assert_slice_close(&got, &fd_gradient(&plain, &z), 1e-7, "∇ of y² + g₀g₁");
}

/// A non-square map of slices: yᵢ = wᵢxᵢ³ for i < n and y_n = Σ xᵢ (n + 1 outputs of
/// n inputs), J = [diag(3wᵢxᵢ²); 1ᵀ].
#[differentiate(wrt(x))]
fn cubes_and_sum(x: &[f64], w: &[f64]) -> Vec<f64> {
    let mut y = vec![0.0; x.len() + 1];
    for i in 0..x.len() {
        y[i] = w[i] * x[i] * x[i] * x[i];
        y[x.len()] += x[i];
    }
    y
}

/// Σ (J·v)ₖ² + Σ (Jᵀc)ᵢ, through slices and `Vec`s.
#[differentiate]
fn slice_mix(x: &[f64], w: &[f64], v: &[f64], c: &[f64]) -> f64 {
    let (_, t) = cubes_and_sum::tangent(x, w, v);
    let (_, g) = cubes_and_sum::adjoint(x, w, c);
    let mut s = 0.0;
    for k in 0..t.len() {
        s += t[k] * t[k];
    }
    for i in 0..g.len() {
        s += g[i];
    }
    s
}

fn slice_mix_plain(x: &[f64], w: &[f64], v: &[f64], c: &[f64]) -> f64 {
    let n = x.len();
    let mut s = 0.0;
    for i in 0..n {
        let t = 3.0 * w[i] * x[i] * x[i] * v[i];
        s += t * t + 3.0 * w[i] * x[i] * x[i] * c[i] + c[n];
    }
    let sum_v: f64 = v.iter().sum();
    s + sum_v * sum_v
}

#[test]
fn nested_tangents_and_adjoints_of_slices_and_vecs() {
    let (x, w, v) = (
        vec![0.5, -1.5, 2.0],
        vec![1.0, 0.3, -0.7],
        vec![0.2, 0.9, -0.4],
    );
    let c = vec![0.6, -0.2, 1.1, 0.5];
    assert!(close(
        slice_mix(&x, &w, &v, &c),
        slice_mix_plain(&x, &w, &v, &c),
        1e-13
    ));
    check(&slice_mix::bind(&x, &w, &v, &c), TOL);
    let (gx, gw, gv, gc) = slice_mix::gradient(&x, &w, &v, &c);
    let got: Vec<f64> = [gx, gw, gv, gc].concat();
    let z: Vec<f64> = [x.clone(), w.clone(), v.clone(), c.clone()].concat();
    let plain = |z: &[f64]| slice_mix_plain(&z[0..3], &z[3..6], &z[6..9], &z[9..13]);
    assert_slice_close(&got, &fd_gradient(&plain, &z), 1e-7, "∇ through slices");
    // One input (two outputs), and none (one output).
    check(&slice_mix::bind(&[1.5], &[2.0], &[0.5], &[1.0, -1.0]), TOL);
    let (g0, _, _, gc0) = slice_mix::gradient(&[], &[], &[], &[2.0]);
    assert_eq!((g0, gc0), (vec![], vec![0.0]));
}

/// A three-operand primitive in the third-order sweep: u = (w₀x₀)·x₁² + sin(w₁x₀x₁) as
/// one `mul_add`, Δₓu = 2w₀x₀ − w₁²(x₀² + x₁²) sin(w₁x₀x₁).
#[differentiate(wrt(x))]
fn fused(x: &[f64; 2], w: &[f64; 2]) -> f64 {
    (w[0] * x[0]).mul_add(x[1] * x[1], (w[1] * x[0] * x[1]).sin())
}

#[differentiate]
fn fused_residual(w: &[f64; 2], x: &[f64; 2]) -> f64 {
    let l = fused::laplacian(x, w);
    l * l
}

fn fused_residual_plain(z: &[f64]) -> f64 {
    let (w, x) = ([z[0], z[1]], [z[2], z[3]]);
    let l =
        2.0 * w[0] * x[0] - w[1] * w[1] * (x[0] * x[0] + x[1] * x[1]) * (w[1] * x[0] * x[1]).sin();
    l * l
}

#[test]
fn the_gradient_of_a_laplacian_through_a_three_operand_primitive() {
    let (w, x) = ([0.7, -1.3], [0.4, 0.9]);
    let z = [w[0], w[1], x[0], x[1]];
    assert!(close(
        fused_residual(&w, &x),
        fused_residual_plain(&z),
        1e-13
    ));
    check(&fused_residual::bind(&w, &x), TOL);
    let (gw, gx) = fused_residual::gradient(&w, &x);
    let got = [gw[0], gw[1], gx[0], gx[1]];
    assert_slice_close(
        &got,
        &fd_gradient(&fused_residual_plain, &z),
        1e-7,
        "∇ through mul_add",
    );
}
