//! `lorenz_rk4`: the Jacobian (3 × 3) of 1,000 classical Runge–Kutta steps of the Lorenz
//! system with respect to the initial state; each step overwrites the state.

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

const SIGMA: f64 = 10.0;
const RHO: f64 = 28.0;
const BETA: f64 = 8.0 / 3.0;
const DT: f64 = 0.01;
const STEPS: usize = 1000;

// ------------------------------------------------------------------ the function, twice

/// The Lorenz vector field, as plain Rust for `#[differentiate]`.
#[differentiate(wrt(s))]
pub fn lorenz(s: &[f64; 3], sigma: f64, rho: f64, beta: f64) -> [f64; 3] {
    [
        sigma * (s[1] - s[0]),
        s[0] * (rho - s[2]) - s[1],
        s[0] * s[1] - beta * s[2],
    ]
}

/// `steps` RK4 steps of size `dt` from `x0`.
#[differentiate(wrt(x0))]
pub fn lorenz_rk4(
    x0: &[f64; 3],
    sigma: f64,
    rho: f64,
    beta: f64,
    dt: f64,
    steps: usize,
) -> [f64; 3] {
    let mut s = *x0;
    for _step in 0..steps {
        let k1 = lorenz(&s, sigma, rho, beta);
        let mut t = [0.0; 3];
        for i in 0..3 {
            t[i] = s[i] + 0.5 * dt * k1[i];
        }
        let k2 = lorenz(&t, sigma, rho, beta);
        for i in 0..3 {
            t[i] = s[i] + 0.5 * dt * k2[i];
        }
        let k3 = lorenz(&t, sigma, rho, beta);
        for i in 0..3 {
            t[i] = s[i] + dt * k3[i];
        }
        let k4 = lorenz(&t, sigma, rho, beta);
        for i in 0..3 {
            s[i] += dt / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
        }
    }
    s
}

/// The vector field for the operator-overloading crates.
pub fn lorenz_generic<T: Real>(s: &[T; 3]) -> [T; 3] {
    let (sigma, rho, beta) = (T::cst(SIGMA), T::cst(RHO), T::cst(BETA));
    [
        sigma * (s[1] - s[0]),
        s[0] * (rho - s[2]) - s[1],
        s[0] * s[1] - beta * s[2],
    ]
}

/// The integration for the operator-overloading crates (parameters are the constants above).
pub fn lorenz_rk4_generic<T: Real>(x0: &[T]) -> [T; 3] {
    let (half, dt, sixth, two) = (T::cst(0.5 * DT), T::cst(DT), T::cst(DT / 6.0), T::cst(2.0));
    let mut s = [x0[0], x0[1], x0[2]];
    for _ in 0..STEPS {
        let k1 = lorenz_generic(&s);
        let mut t = [T::cst(0.0); 3];
        for i in 0..3 {
            t[i] = s[i] + half * k1[i];
        }
        let k2 = lorenz_generic(&t);
        for i in 0..3 {
            t[i] = s[i] + half * k2[i];
        }
        let k3 = lorenz_generic(&t);
        for i in 0..3 {
            t[i] = s[i] + dt * k3[i];
        }
        let k4 = lorenz_generic(&t);
        for i in 0..3 {
            s[i] = s[i] + sixth * (k1[i] + two * k2[i] + two * k3[i] + k4[i]);
        }
    }
    s
}

/// The hand-written tangent: the 3 × 3 variational matrix M = ∂s/∂x₀ propagated with the
/// state, each stage's K = J_f(stage state) · (stage M), written into `jac` (row-major).
pub fn lorenz_rk4_jacobian_hand(x0: &[f64; 3], jac: &mut [f64; 9]) {
    let mut s = *x0;
    let mut m = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    let add =
        |a: &[f64; 3], c: f64, b: &[f64; 3]| [a[0] + c * b[0], a[1] + c * b[1], a[2] + c * b[2]];
    let add_m = |a: &[[f64; 3]; 3], c: f64, b: &[[f64; 3]; 3]| {
        [
            add(&a[0], c, &b[0]),
            add(&a[1], c, &b[1]),
            add(&a[2], c, &b[2]),
        ]
    };
    for _ in 0..STEPS {
        let (k1, q1) = (field(&s), field_tangent(&s, &m));
        let (t, tm) = (add(&s, 0.5 * DT, &k1), add_m(&m, 0.5 * DT, &q1));
        let (k2, q2) = (field(&t), field_tangent(&t, &tm));
        let (t, tm) = (add(&s, 0.5 * DT, &k2), add_m(&m, 0.5 * DT, &q2));
        let (k3, q3) = (field(&t), field_tangent(&t, &tm));
        let (t, tm) = (add(&s, DT, &k3), add_m(&m, DT, &q3));
        let (k4, q4) = (field(&t), field_tangent(&t, &tm));
        for i in 0..3 {
            s[i] += DT / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
            for j in 0..3 {
                m[i][j] += DT / 6.0 * (q1[i][j] + 2.0 * q2[i][j] + 2.0 * q3[i][j] + q4[i][j]);
            }
        }
    }
    for i in 0..3 {
        jac[3 * i..3 * i + 3].copy_from_slice(&m[i]);
    }
}

fn field(s: &[f64; 3]) -> [f64; 3] {
    [
        SIGMA * (s[1] - s[0]),
        s[0] * (RHO - s[2]) - s[1],
        s[0] * s[1] - BETA * s[2],
    ]
}

/// J_f(s) · m, with J_f = [[−σ, σ, 0], [ρ − s₂, −1, −s₀], [s₁, s₀, −β]].
fn field_tangent(s: &[f64; 3], m: &[[f64; 3]; 3]) -> [[f64; 3]; 3] {
    let mut q = [[0.0; 3]; 3];
    for j in 0..3 {
        q[0][j] = SIGMA * (m[1][j] - m[0][j]);
        q[1][j] = (RHO - s[2]) * m[0][j] - m[1][j] - s[0] * m[2][j];
        q[2][j] = s[1] * m[0][j] + s[0] * m[1][j] - BETA * m[2][j];
    }
    q
}

/// ad_trait's view of the function.
struct LorenzAd;

impl<T: Real + ad_trait::AD> DifferentiableFunctionTrait<T> for LorenzAd {
    const NAME: &'static str = "lorenz_rk4";

    fn call(&self, inputs: &[T], _freeze: bool) -> Vec<T> {
        lorenz_rk4_generic(inputs).to_vec()
    }
    fn num_inputs(&self) -> usize {
        3
    }
    fn num_outputs(&self) -> usize {
        3
    }
}

// ------------------------------------------------------------------ the benchmark

pub fn run() -> Vec<Table> {
    let x0 = [1.0, 1.0, 1.0];
    let mut t = Table::new(format!(
        "lorenz_rk4: Jacobian (3 × 3) of {STEPS} RK4 steps (dt = {DT}) w.r.t. the initial state"
    ));
    let nine = |j: &[f64; 9]| j.to_vec();
    let mat = |m: &Matrix<f64>| m.as_slice().to_vec();
    let rows = |j: &Vec<Vec<f64>>| j.concat();
    let dmat =
        |(_, d): &(Vec<f64>, ad_trait::nalgebra::DMatrix<f64>)| d.transpose().as_slice().to_vec();

    t.primal("primal `lorenz_rk4`", || {
        lorenz_rk4(black_box(&x0), SIGMA, RHO, BETA, DT, STEPS)
    });
    t.hand_in_place(
        "hand-written tangent (state + 3×3 variational matrix)",
        &mut [f64::NAN; 9],
        |j| lorenz_rk4_jacobian_hand(black_box(&x0), j),
        nine,
    );
    for (name, mode) in [
        (
            "ours: `jacobian_into(&lorenz_rk4::bind(..), Mode::Forward)`",
            Mode::Forward,
        ),
        (
            "ours: `jacobian_into(&lorenz_rk4::bind(..), Mode::Reverse)`",
            Mode::Reverse,
        ),
    ] {
        let mut m = Matrix::zeros(3, 3);
        m.as_mut_slice().fill(f64::NAN);
        t.method_in_place(
            name,
            &mut m,
            |m| {
                let f = lorenz_rk4::bind(black_box(&x0), SIGMA, RHO, BETA, DT, STEPS);
                jacobian::jacobian_into(&f, m, mode);
            },
            mat,
        );
    }

    let unit = |k: usize| std::array::from_fn(|i| if i == k { 1.0 } else { 0.0 });
    t.method_in_place(
        "ours: 3 × `lorenz_rk4::tangent` (scalar sweeps)",
        &mut [f64::NAN; 9],
        |j| {
            for k in 0..3 {
                let (_, col) =
                    lorenz_rk4::tangent(black_box(&x0), SIGMA, RHO, BETA, DT, STEPS, &unit(k));
                for i in 0..3 {
                    j[3 * i + k] = col[i];
                }
            }
        },
        nine,
    );
    let mut stack = jacobian::Stack::new();
    t.method_in_place(
        "ours: 3 × `lorenz_rk4::adjoint_with` (scalar sweeps)",
        &mut [f64::NAN; 9],
        |j| {
            for i in 0..3 {
                let (_, row) = lorenz_rk4::adjoint_with(
                    black_box(&x0),
                    SIGMA,
                    RHO,
                    BETA,
                    DT,
                    STEPS,
                    &unit(i),
                    &mut stack,
                );
                j[3 * i..3 * i + 3].copy_from_slice(&row);
            }
        },
        nine,
    );

    let xv = SVector::<f64, 3>::from(x0);
    t.method(
        "num-dual: `jacobian` (DualSVec64<3>)",
        || {
            num_dual::jacobian(
                |v: SVector<DualSVec64<3>, 3>| SVector::from(lorenz_rk4_generic(v.as_slice())),
                black_box(&xv),
            )
        },
        |(_, j)| j.transpose().as_slice().to_vec(),
    );
    t.method(
        "echidna: `jacobian` (Dual, 3 forward passes)",
        || echidna::jacobian(|v| lorenz_rk4_generic(v).to_vec(), black_box(&x0)).1,
        rows,
    );
    let (mut tape, _) = echidna::record_multi(|v| lorenz_rk4_generic(v).to_vec(), &x0);
    t.method(
        "echidna: `BytecodeTape::jacobian` (recorded once, 3 reverse sweeps)",
        || tape.jacobian(black_box(&x0)),
        rows,
    );
    t.method(
        "ad_trait: `ForwardADMulti<adfn<3>>` (1 pass)",
        || ForwardADMulti::<adfn<3>>::new().derivative(black_box(&x0), &LorenzAd),
        dmat,
    );
    t.method(
        "ad_trait: `ReverseAD` (adr)",
        || ReverseAD::new().derivative(black_box(&x0), &LorenzAd),
        dmat,
    );
    vec![t]
}
