//! `mlp_laplacian`: the Laplacian Δu = Σₖ ∂²u/∂xₖ² with respect to the input of a scalar
//! network u: R⁸ → 32 → 32 → 1 with tanh activations; the weights are constants.

use std::hint::black_box;

use jacobian::{differentiate, Matrix};
use nalgebra::SVector;
use num_dual::{Dual2SVec64, Dual2_64};

use crate::real::Real;
use crate::timing::Table;

pub const IN: usize = 8;
pub const HID: usize = 32;

// ------------------------------------------------------------------ the function, twice

/// The network as plain Rust, for `#[differentiate]`; only `x` is active.
#[differentiate(wrt(x))]
pub fn mlp_u(
    x: &[f64; IN],
    w1: &[[f64; IN]; HID],
    b1: &[f64; HID],
    w2: &[[f64; HID]; HID],
    b2: &[f64; HID],
    w3: &[f64; HID],
    b3: f64,
) -> f64 {
    let mut h1 = [0.0; HID];
    for i in 0..HID {
        let mut s = b1[i];
        for j in 0..IN {
            s += w1[i][j] * x[j];
        }
        h1[i] = s.tanh();
    }
    let mut h2 = [0.0; HID];
    for k in 0..HID {
        let mut s = b2[k];
        for i in 0..HID {
            s += w2[k][i] * h1[i];
        }
        h2[k] = s.tanh();
    }
    let mut u = b3;
    for k in 0..HID {
        u += w3[k] * h2[k];
    }
    u
}

/// The same network for the operator-overloading crates (weights enter as constants).
pub fn mlp_u_generic<T: Real>(x: &[T], w: &Weights) -> T {
    let mut h1 = [T::cst(0.0); HID];
    for i in 0..HID {
        let mut s = T::cst(w.b1[i]);
        for j in 0..IN {
            s = s + T::cst(w.w1[i][j]) * x[j];
        }
        h1[i] = s.tanh();
    }
    let mut h2 = [T::cst(0.0); HID];
    for k in 0..HID {
        let mut s = T::cst(w.b2[k]);
        for i in 0..HID {
            s = s + T::cst(w.w2[k][i]) * h1[i];
        }
        h2[k] = s.tanh();
    }
    let mut u = T::cst(w.b3);
    for k in 0..HID {
        u = u + T::cst(w.w3[k]) * h2[k];
    }
    u
}

/// The hand-written forward Laplacian: each layer carries its values, their gradients
/// (8-vectors) and their Laplacians. For z = Wx + b: ∇z = W·∇x, Δz = W·Δx; for h = tanh z:
/// ∇h = (1 − h²)∇z, Δh = (1 − h²)Δz − 2h(1 − h²)|∇z|². The input has ∇x = I and Δx = 0,
/// so the first layer's ∇z is a row of W₁ and its Δz is 0.
pub fn mlp_laplacian_hand(x: &[f64; IN], w: &Weights) -> f64 {
    let mut h1 = [0.0; HID];
    let mut g1 = [[0.0; IN]; HID];
    let mut l1 = [0.0; HID];
    for i in 0..HID {
        let mut s = w.b1[i];
        let mut norm2 = 0.0;
        for j in 0..IN {
            s += w.w1[i][j] * x[j];
            norm2 += w.w1[i][j] * w.w1[i][j];
        }
        let h = s.tanh();
        let d = 1.0 - h * h;
        for j in 0..IN {
            g1[i][j] = d * w.w1[i][j];
        }
        h1[i] = h;
        l1[i] = -2.0 * h * d * norm2;
    }
    let mut lap = 0.0;
    for k in 0..HID {
        let mut s = w.b2[k];
        let mut g = [0.0; IN];
        let mut l = 0.0;
        for i in 0..HID {
            let c = w.w2[k][i];
            s += c * h1[i];
            for j in 0..IN {
                g[j] += c * g1[i][j];
            }
            l += c * l1[i];
        }
        let h = s.tanh();
        let d = 1.0 - h * h;
        let norm2: f64 = g.iter().map(|gj| gj * gj).sum();
        lap += w.w3[k] * (d * l - 2.0 * h * d * norm2);
    }
    lap
}

/// The constant parameters.
pub struct Weights {
    pub w1: [[f64; IN]; HID],
    pub b1: [f64; HID],
    pub w2: [[f64; HID]; HID],
    pub b2: [f64; HID],
    pub w3: [f64; HID],
    pub b3: f64,
}

impl Weights {
    /// Deterministic pseudo-random weights (a linear congruential generator), scaled so
    /// that the hidden units are neither saturated nor linear.
    fn new() -> Self {
        let mut seed = 11_u64;
        let mut next = |scale: f64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0) * scale
        };
        let w1 = std::array::from_fn(|_| std::array::from_fn(|_| next(0.6)));
        let b1 = std::array::from_fn(|_| next(0.1));
        let w2 = std::array::from_fn(|_| std::array::from_fn(|_| next(0.3)));
        let b2 = std::array::from_fn(|_| next(0.1));
        let w3 = std::array::from_fn(|_| next(0.3));
        let b3 = next(0.1);
        Weights {
            w1,
            b1,
            w2,
            b2,
            w3,
            b3,
        }
    }
}

/// The trace of a square matrix.
fn trace(h: &Matrix<f64>) -> f64 {
    (0..h.rows()).map(|i| h[(i, i)]).sum()
}

// ------------------------------------------------------------------ the benchmark

/// The input of the benchmark.
fn point() -> [f64; IN] {
    std::array::from_fn(|j| (j as f64 * 0.83).sin())
}

/// Calls for the instruction counts (`count` in `main.rs`).
pub fn count_hand(calls: u64) {
    let (w, x) = (Weights::new(), point());
    for _ in 0..calls {
        black_box(mlp_laplacian_hand(black_box(&x), &w));
    }
}

pub fn count_ours(calls: u64) {
    let (w, x) = (Weights::new(), point());
    for _ in 0..calls {
        black_box(mlp_u::laplacian(
            black_box(&x),
            &w.w1,
            &w.b1,
            &w.w2,
            &w.b2,
            &w.w3,
            w.b3,
        ));
    }
}

pub fn count_hessian(calls: u64) {
    let (w, x) = (Weights::new(), point());
    for _ in 0..calls {
        let h = mlp_u::hessian(black_box(&x), &w.w1, &w.b1, &w.w2, &w.b2, &w.w3, w.b3);
        black_box(trace(&h));
    }
}

pub fn run() -> Vec<Table> {
    let w = Weights::new();
    let x = point();
    let mut t = Table::new(format!(
        "mlp_laplacian: Laplacian of a scalar tanh network R^{IN} → {HID} → {HID} → 1"
    ));
    let one = |v: &f64| vec![*v];
    let (w1, b1, w2, b2, w3, b3) = (&w.w1, &w.b1, &w.w2, &w.b2, &w.w3, w.b3);

    t.primal("primal `mlp_u`", || {
        mlp_u(black_box(&x), w1, b1, w2, b2, w3, b3)
    });
    t.hand(
        "hand-written forward Laplacian (value, ∇, Δ per layer)",
        || mlp_laplacian_hand(black_box(&x), &w),
        one,
    );
    t.method(
        "ours: `mlp_u::laplacian` (collapsed Taylor)",
        || mlp_u::laplacian(black_box(&x), w1, b1, w2, b2, w3, b3),
        one,
    );
    t.method(
        "ours: trace of `mlp_u::hessian` (forward over reverse)",
        || trace(&mlp_u::hessian(black_box(&x), w1, b1, w2, b2, w3, b3)),
        one,
    );

    let xv = SVector::<f64, IN>::from(x);
    t.method(
        "num-dual: trace of `hessian` (Dual2SVec64<8>)",
        || {
            let (_, _, h) = num_dual::hessian(
                |v: SVector<Dual2SVec64<IN>, IN>| mlp_u_generic(v.as_slice(), &w),
                black_box(&xv),
            );
            h.trace()
        },
        one,
    );
    t.method(
        "num-dual: 8 × `second_derivative` along the axes (Dual2_64)",
        || {
            let x = black_box(&x);
            let mut lap = 0.0;
            for k in 0..IN {
                let (_, _, d2) =
                    num_dual::second_derivative(
                        |s: Dual2_64| {
                            let v: [Dual2_64; IN] = std::array::from_fn(|j| {
                                if j == k {
                                    s
                                } else {
                                    Dual2_64::from_re(x[j])
                                }
                            });
                            mlp_u_generic(&v, &w)
                        },
                        x[k],
                    );
                lap += d2;
            }
            lap
        },
        one,
    );

    let (tape, _) = echidna::record(|v| mlp_u_generic(v, &w), &x);
    t.method(
        "echidna: trace of `BytecodeTape::hessian` (recorded once, 8 HVPs)",
        || {
            let (_, _, h) = tape.hessian(black_box(&x));
            (0..IN).map(|i| h[i][i]).sum::<f64>()
        },
        one,
    );
    t.method(
        "echidna: trace of `BytecodeTape::hessian_vec::<8>` (recorded once, 1 batched sweep)",
        || {
            let (_, _, h) = tape.hessian_vec::<IN>(black_box(&x));
            (0..IN).map(|i| h[i][i]).sum::<f64>()
        },
        one,
    );
    t.method(
        "echidna: sum of `stde::hessian_diagonal` (recorded once, 8 Taylor jets)",
        || {
            let (_, d) = echidna::stde::hessian_diagonal(&tape, black_box(&x));
            d.iter().sum::<f64>()
        },
        one,
    );
    vec![t]
}

// ------------------------------------------------------- the gradient of the Laplacian

/// (Δₓu)² as a function of every weight: its gradient differentiates the Laplacian with
/// respect to the weights (the physics-informed loss's shape, one point).
#[differentiate(wrt(w1, b1, w2, b2, w3))]
pub fn lap_squared(
    x: &[f64; IN],
    w1: &[[f64; IN]; HID],
    b1: &[f64; HID],
    w2: &[[f64; HID]; HID],
    b2: &[f64; HID],
    w3: &[f64; HID],
    b3: f64,
) -> f64 {
    let l = mlp_u::laplacian(x, w1, b1, w2, b2, w3, b3);
    l * l
}

pub fn count_lap_gradient(calls: u64) {
    let (w, x) = (Weights::new(), point());
    for _ in 0..calls {
        black_box(lap_squared::gradient(
            black_box(&x),
            &w.w1,
            &w.b1,
            &w.w2,
            &w.b2,
            &w.w3,
            w.b3,
        ));
    }
}
