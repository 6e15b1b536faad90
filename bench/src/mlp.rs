//! `mlp_jac`: the input Jacobian (10 × 64) of a two-layer network
//! y = W₂ tanh(W₁x + b₁) + b₂ with 64 hidden units; the weights are constants.

use std::hint::black_box;

use ad_trait::differentiable_function::{
    DerivativeMethodTrait, DifferentiableFunctionTrait, ForwardADMulti, ReverseAD,
};
use ad_trait::forward_ad::adfn::adfn;
use jacobian::{differentiate, Matrix, Mode};
use nalgebra::SVector;
use num_dual::DualSVec64;

use crate::real::Real;
use crate::timing::Table;

pub const IN: usize = 64;
pub const HID: usize = 64;
pub const OUT: usize = 10;

// ------------------------------------------------------------------ the function, twice

/// The network as plain Rust, for `#[differentiate]`; only `x` is active.
#[differentiate(wrt(x))]
pub fn mlp(
    x: &[f64; IN],
    w1: &[[f64; IN]; HID],
    b1: &[f64; HID],
    w2: &[[f64; HID]; OUT],
    b2: &[f64; OUT],
) -> [f64; OUT] {
    let mut h = [0.0; HID];
    for i in 0..HID {
        let mut s = b1[i];
        for j in 0..IN {
            s += w1[i][j] * x[j];
        }
        h[i] = s.tanh();
    }
    let mut y = [0.0; OUT];
    for k in 0..OUT {
        let mut s = b2[k];
        for i in 0..HID {
            s += w2[k][i] * h[i];
        }
        y[k] = s;
    }
    y
}

/// The same network for the operator-overloading crates (weights stay `f64` and enter
/// as constants).
pub fn mlp_generic<T: Real>(x: &[T], w: &Weights) -> [T; OUT] {
    let mut h = [T::cst(0.0); HID];
    for i in 0..HID {
        let mut s = T::cst(w.b1[i]);
        for j in 0..IN {
            s = s + T::cst(w.w1[i][j]) * x[j];
        }
        h[i] = s.tanh();
    }
    let mut y = [T::cst(0.0); OUT];
    for k in 0..OUT {
        let mut s = T::cst(w.b2[k]);
        for i in 0..HID {
            s = s + T::cst(w.w2[k][i]) * h[i];
        }
        y[k] = s;
    }
    y
}

/// The hand-written Jacobian W₂ · diag(1 − h²) · W₁, written in place like `jacobian_into`.
pub fn mlp_jacobian_hand(x: &[f64; IN], w: &Weights, jac: &mut Matrix<f64>) {
    let mut d = [0.0; HID];
    for i in 0..HID {
        let mut s = w.b1[i];
        for j in 0..IN {
            s += w.w1[i][j] * x[j];
        }
        let h = s.tanh();
        d[i] = 1.0 - h * h;
    }
    for k in 0..OUT {
        // A fixed-size accumulator: the compiler knows the trip count and vectorizes.
        let mut row = [0.0; IN];
        for i in 0..HID {
            let c = w.w2[k][i] * d[i];
            for j in 0..IN {
                row[j] += c * w.w1[i][j];
            }
        }
        jac.row_mut(k).copy_from_slice(&row);
    }
}

/// The constant parameters.
pub struct Weights {
    pub w1: [[f64; IN]; HID],
    pub b1: [f64; HID],
    pub w2: [[f64; HID]; OUT],
    pub b2: [f64; OUT],
}

impl Weights {
    /// Deterministic pseudo-random weights (a linear congruential generator).
    fn new() -> Self {
        let mut seed = 7_u64;
        let mut next = |scale: f64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0) * scale
        };
        let w1 = std::array::from_fn(|_| std::array::from_fn(|_| next(0.2)));
        let b1 = std::array::from_fn(|_| next(0.1));
        let w2 = std::array::from_fn(|_| std::array::from_fn(|_| next(0.3)));
        let b2 = std::array::from_fn(|_| next(0.1));
        Weights { w1, b1, w2, b2 }
    }
}

/// ad_trait's view of the function.
struct MlpAd<'a>(&'a Weights);

impl<T: Real + ad_trait::AD> DifferentiableFunctionTrait<T> for MlpAd<'_> {
    const NAME: &'static str = "mlp";

    fn call(&self, inputs: &[T], _freeze: bool) -> Vec<T> {
        mlp_generic(inputs, self.0).to_vec()
    }
    fn num_inputs(&self) -> usize {
        IN
    }
    fn num_outputs(&self) -> usize {
        OUT
    }
}

// ------------------------------------------------------------------ the benchmark

/// The point every method is evaluated at.
fn point() -> [f64; IN] {
    std::array::from_fn(|j| (j as f64 * 0.61).cos())
}

pub fn count_hand(calls: u64) {
    let (w, x, mut m) = (Weights::new(), point(), nan_matrix());
    for _ in 0..calls {
        mlp_jacobian_hand(black_box(&x), &w, &mut m);
        black_box(&m);
    }
}

pub fn count_ours(calls: u64) {
    let (w, x, mut m) = (Weights::new(), point(), nan_matrix());
    for _ in 0..calls {
        mlp::jacobian_into(black_box(&x), &w.w1, &w.b1, &w.w2, &w.b2, &mut m);
        black_box(&m);
    }
}

pub fn run() -> Vec<Table> {
    let w = Weights::new();
    let x = point();
    let mut t = Table::new(format!(
        "mlp_jac: input Jacobian ({OUT} × {IN}) of a tanh network, {HID} hidden"
    ));
    let mat = |m: &Matrix<f64>| m.as_slice().to_vec();
    let rows = |j: &Vec<Vec<f64>>| j.concat();
    let dmat =
        |(_, d): &(Vec<f64>, ad_trait::nalgebra::DMatrix<f64>)| d.transpose().as_slice().to_vec();

    t.primal("primal `mlp`", || {
        mlp(black_box(&x), &w.w1, &w.b1, &w.w2, &w.b2)
    });
    let mut m = nan_matrix();
    t.hand_in_place(
        "hand-written W₂·diag(1−h²)·W₁",
        &mut m,
        |m| mlp_jacobian_hand(black_box(&x), &w, m),
        mat,
    );
    t.method_in_place(
        "ours: `mlp::jacobian_into` (Auto = reverse)",
        &mut nan_matrix(),
        |m| mlp::jacobian_into(black_box(&x), &w.w1, &w.b1, &w.w2, &w.b2, m),
        mat,
    );
    for (name, mode) in [
        (
            "ours: `jacobian_into(&mlp::bind(..), Mode::Forward)`",
            Mode::Forward,
        ),
        (
            "ours: `jacobian_into(&mlp::bind(..), Mode::Reverse)`",
            Mode::Reverse,
        ),
    ] {
        t.method_in_place(
            name,
            &mut nan_matrix(),
            |m| {
                jacobian::jacobian_into(
                    &mlp::bind(black_box(&x), &w.w1, &w.b1, &w.w2, &w.b2),
                    m,
                    mode,
                )
            },
            mat,
        );
    }

    let xv = SVector::<f64, IN>::from(x);
    t.method(
        "num-dual: `jacobian` (DualSVec64<64>)",
        || {
            num_dual::jacobian(
                |v: SVector<DualSVec64<IN>, IN>| SVector::from(mlp_generic(v.as_slice(), &w)),
                black_box(&xv),
            )
        },
        |(_, j)| j.transpose().as_slice().to_vec(),
    );
    t.method(
        "echidna: `jacobian` (Dual, 64 forward passes)",
        || echidna::jacobian(|v| mlp_generic(v, &w).to_vec(), black_box(&x)).1,
        rows,
    );
    let (mut tape, _) = echidna::record_multi(|v| mlp_generic(v, &w).to_vec(), &x);
    t.method(
        "echidna: `BytecodeTape::jacobian` (recorded once, 10 reverse sweeps)",
        || tape.jacobian(black_box(&x)),
        rows,
    );
    let f = MlpAd(&w);
    t.method(
        "ad_trait: `ForwardADMulti<adfn<16>>` (4 passes)",
        || ForwardADMulti::<adfn<16>>::new().derivative(black_box(&x), &f),
        dmat,
    );
    t.method(
        "ad_trait: `ForwardADMulti<adfn<64>>` (1 pass)",
        || ForwardADMulti::<adfn<64>>::new().derivative(black_box(&x), &f),
        dmat,
    );
    t.method(
        "ad_trait: `ReverseAD` (adr)",
        || ReverseAD::new().derivative(black_box(&x), &f),
        dmat,
    );
    vec![t]
}

/// An `OUT × IN` matrix of NaN, for the in-place methods.
fn nan_matrix() -> Matrix<f64> {
    let mut m = Matrix::zeros(OUT, IN);
    m.as_mut_slice().fill(f64::NAN);
    m
}
