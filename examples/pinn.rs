//! A physics-informed network for Poisson's equation on the unit square,
//! −Δu = 2π² sin(πx₀) sin(πx₁) with u = 0 on the boundary (solution sin(πx₀) sin(πx₁)),
//! trained with the exact gradient of its residual loss: the loss calls `u::laplacian`,
//! and `loss::gradient` differentiates through it (one reverse sweep over collapsed
//! Taylor numbers per collocation point, no tape, no finite differences).
//!
//! `cargo run --release --example pinn`

use jacobian::differentiate;

/// Hidden units of the network.
const H: usize = 8;
/// Collocation points per side.
const G: usize = 6;

/// u(x; w) = x₀(1 − x₀)x₁(1 − x₁) · Σⱼ aⱼ tanh(bⱼ·x + cⱼ): zero on the boundary by
/// construction. w = (b₀ [H], b₁ [H], c [H], a [H]).
#[differentiate(wrt(x))]
fn u(x: &[f64; 2], w: &[f64]) -> f64 {
    let mut n = 0.0;
    for j in 0..H {
        let z = w[j] * x[0] + w[H + j] * x[1] + w[2 * H + j];
        n += w[3 * H + j] * z.tanh();
    }
    x[0] * (1.0 - x[0]) * x[1] * (1.0 - x[1]) * n
}

/// The mean squared residual (Δu + f)² over the collocation points.
#[differentiate(wrt(w))]
fn loss(w: &[f64], points: &[[f64; 2]]) -> f64 {
    let pi = std::f64::consts::PI;
    let mut l = 0.0;
    for i in 0..points.len() {
        let x = points[i];
        let f = 2.0 * pi * pi * (pi * x[0]).sin() * (pi * x[1]).sin();
        let r = u::laplacian(&x, w) + f;
        l += r * r;
    }
    l / points.len() as f64
}

fn main() {
    let points: Vec<[f64; 2]> = (0..G * G)
        .map(|k| {
            let (i, j) = (k / G, k % G);
            [(i as f64 + 0.5) / G as f64, (j as f64 + 0.5) / G as f64]
        })
        .collect();
    // A reproducible start: small weights from a fixed sequence.
    let mut w: Vec<f64> = (0..4 * H)
        .map(|k| 0.5 * ((k as f64 + 1.0) * 1.7).sin())
        .collect();
    // Adam.
    let (lr, b1, b2, eps) = (0.02, 0.9, 0.999, 1e-8);
    let (mut m, mut v) = (vec![0.0; w.len()], vec![0.0; w.len()]);
    let first = loss(&w, &points);
    println!("step    0: loss {first:.6}");
    let mut last = first;
    for step in 1..=1500 {
        let (l, g) = loss::value_and_gradient(&w, &points);
        for k in 0..w.len() {
            m[k] = b1 * m[k] + (1.0 - b1) * g[k];
            v[k] = b2 * v[k] + (1.0 - b2) * g[k] * g[k];
            let mh = m[k] / (1.0 - b1.powi(step));
            let vh = v[k] / (1.0 - b2.powi(step));
            w[k] -= lr * mh / (vh.sqrt() + eps);
        }
        if step % 300 == 0 {
            println!("step {step:4}: loss {l:.6}");
        }
        last = l;
    }
    // The trained network against the exact solution at the centre.
    let centre = u(&[0.5, 0.5], &w);
    println!("u(½, ½) = {centre:.4} (exact 1)");
    assert!(last < first / 10.0, "the loss went down by at least 10×");
}
