//! The Jacobian of a small classifier's class scores with respect to its input
//! pixels (not its weights), checked against finite differences and timed.
//!
//! Run with `cargo run --release --example quickstart`.

use std::hint::black_box;
use std::time::Instant;

use jacobian::{differentiate, finite_difference, Matrix};

const PIXELS: usize = 64; // an 8×8 image
const HIDDEN: usize = 32;
const CLASSES: usize = 10;

/// A two-layer tanh network. Its floats can carry derivatives (`Differentiable`);
/// here the Jacobian is with respect to the input pixels, not the weights.
#[derive(Clone, jacobian::Differentiable)]
struct Mlp {
    w1: [[f64; PIXELS]; HIDDEN],
    b1: [f64; HIDDEN],
    w2: [[f64; HIDDEN]; CLASSES],
    b2: [f64; CLASSES],
}

#[differentiate]
impl Mlp {
    /// Class scores `W₂ tanh(W₁x + b₁) + b₂`, differentiated with respect to `x` only.
    #[differentiate(wrt(x))]
    fn scores(&self, x: &[f64; PIXELS]) -> [f64; CLASSES] {
        let mut h = [0.0; HIDDEN];
        for (hi, (row, b)) in h.iter_mut().zip(self.w1.iter().zip(&self.b1)) {
            *hi = (b + row.iter().zip(x).map(|(w, v)| w * v).sum::<f64>()).tanh();
        }
        let mut y = [0.0; CLASSES];
        for (yk, (row, b)) in y.iter_mut().zip(self.w2.iter().zip(&self.b2)) {
            *yk = b + row.iter().zip(&h).map(|(w, v)| w * v).sum::<f64>();
        }
        y
    }
}

/// Deterministic pseudo-random numbers in [-scale, scale).
fn fill(seed: &mut u64, scale: f64) -> f64 {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    ((*seed >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0) * scale
}

fn main() {
    let mut seed = 42;
    let x: [f64; PIXELS] = std::array::from_fn(|_| fill(&mut seed, 1.0));
    let w1: [[f64; PIXELS]; HIDDEN] =
        std::array::from_fn(|_| std::array::from_fn(|_| fill(&mut seed, 0.2)));
    let b1: [f64; HIDDEN] = std::array::from_fn(|_| fill(&mut seed, 0.1));
    let w2: [[f64; HIDDEN]; CLASSES] =
        std::array::from_fn(|_| std::array::from_fn(|_| fill(&mut seed, 0.3)));
    let b2: [f64; CLASSES] = std::array::from_fn(|_| fill(&mut seed, 0.1));

    let model = Mlp { w1, b1, w2, b2 };
    let (y, jac) = model.scores_value_and_jacobian(&x);
    println!("scores: {}", fmt_row(&y));
    println!(
        "Jacobian ∂scores/∂pixels: {} × {} (showing the first 6 columns)",
        jac.rows(),
        jac.cols()
    );
    for i in 0..jac.rows() {
        println!("  class {i}: {}", fmt_row(&jac.row(i)[..6]));
    }

    let fd = finite_difference::jacobian(
        |v: &[f64]| model.scores(v.try_into().expect("64 pixels")).to_vec(),
        &x,
    );
    println!(
        "max |J - J_finite_difference| = {:.2e}",
        jac.max_abs_diff(&fd)
    );

    let mut out = Matrix::zeros(CLASSES, PIXELS);
    let reps = 20_000;
    let start = Instant::now();
    for _ in 0..reps {
        black_box(&model).scores_jacobian_into(black_box(&x), &mut out);
        black_box(&out);
    }
    let per = start.elapsed().as_secs_f64() / f64::from(reps);
    println!(
        "time per Jacobian: {:.2} µs ({reps} repetitions)",
        per * 1e6
    );
}

fn fmt_row(v: &[f64]) -> String {
    v.iter()
        .map(|a| format!("{a:+.4}"))
        .collect::<Vec<_>>()
        .join(" ")
}
