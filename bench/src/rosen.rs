//! `rosen_grad`: the gradient of the extended Rosenbrock function
//! f(x) = Σ_{i<n-1} 100 (x_{i+1} − x_i²)² + (1 − x_i)², for n = 100 and n = 10,000.

use std::hint::black_box;

use ad_trait::differentiable_function::{
    DerivativeMethodTrait, DifferentiableFunctionTrait, ReverseAD,
};
use ad_trait::reverse_ad::adr::adr;
use jacobian::differentiate;
use nalgebra::SVector;
use num_dual::DualSVec64;

use crate::real::Real;
use crate::timing::Table;

// ------------------------------------------------------------------ the function, twice

/// The function as plain Rust, for `#[differentiate]`.
#[differentiate]
pub fn rosen(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..x.len() - 1 {
        let t = x[i + 1] - x[i] * x[i];
        let u = 1.0 - x[i];
        s += 100.0 * t * t + u * u;
    }
    s
}

/// The same function for the operator-overloading crates.
pub fn rosen_generic<T: Real>(x: &[T]) -> T {
    let mut s = T::cst(0.0);
    for i in 0..x.len() - 1 {
        let t = x[i + 1] - x[i] * x[i];
        let u = T::cst(1.0) - x[i];
        s = s + T::cst(100.0) * t * t + u * u;
    }
    s
}

/// The hand-written gradient, with the same signature as `rosen::gradient`:
/// ∂f/∂x_i = −400 x_i (x_{i+1} − x_i²) − 2 (1 − x_i) + 200 (x_i − x_{i−1}²). The second
/// term is carried to the next element in a register rather than added to `g[i + 1]`
/// in memory (a read-modify-write chain through memory is several times slower).
pub fn rosen_gradient_hand(x: &[f64]) -> Vec<f64> {
    let n = x.len();
    let mut g = vec![0.0; n];
    let mut carry = 0.0;
    for i in 0..n - 1 {
        let t = x[i + 1] - x[i] * x[i];
        g[i] = carry - 400.0 * x[i] * t - 2.0 * (1.0 - x[i]);
        carry = 200.0 * t;
    }
    g[n - 1] = carry;
    g
}

/// ad_trait's view of the function: an object with `call` on a slice of its AD type.
struct RosenAd {
    n: usize,
}

impl DifferentiableFunctionTrait<adr> for RosenAd {
    const NAME: &'static str = "rosen";

    fn call(&self, inputs: &[adr], _freeze: bool) -> Vec<adr> {
        vec![rosen_generic(inputs)]
    }
    fn num_inputs(&self) -> usize {
        self.n
    }
    fn num_outputs(&self) -> usize {
        1
    }
}

// ------------------------------------------------------------------ the benchmark

/// A point away from the minimum, with entries in [-1.2, 1.2].
fn point(n: usize) -> Vec<f64> {
    (0..n).map(|i| 1.2 * ((i as f64) * 0.37).sin()).collect()
}

pub fn run() -> Vec<Table> {
    vec![table(100), table(10_000)]
}

/// Calls for the instruction counts (`count` in `main.rs`): n = 10,000, `calls` times.
pub fn count_primal(calls: u64) {
    let x = point(10_000);
    for _ in 0..calls {
        black_box(rosen(black_box(&x)));
    }
}

pub fn count_hand(calls: u64) {
    let x = point(10_000);
    for _ in 0..calls {
        black_box(rosen_gradient_hand(black_box(&x)));
    }
}

pub fn count_ours(calls: u64) {
    let x = point(10_000);
    for _ in 0..calls {
        black_box(rosen::gradient(black_box(&x)));
    }
}

fn table(n: usize) -> Table {
    let x = point(n);
    let mut t = Table::new(format!(
        "rosen_grad, n = {n}: gradient of the extended Rosenbrock function"
    ));
    t.primal("primal `rosen`", || rosen(black_box(&x)));
    t.hand(
        "hand-written gradient",
        || rosen_gradient_hand(black_box(&x)),
        Vec::clone,
    );
    t.method(
        "ours: `rosen::gradient`",
        || rosen::gradient(black_box(&x)),
        Vec::clone,
    );
    let mut stack = jacobian::Stack::new();
    t.method(
        "ours: `rosen::adjoint_with` (Stack reused)",
        || rosen::adjoint_with(black_box(&x), 1.0, &mut stack),
        |(_, g)| g.clone(),
    );
    num_dual_rows(&mut t, &x);
    t.method(
        "echidna: `grad` (Reverse, tape per call)",
        || echidna::grad(rosen_generic, black_box(&x)),
        Vec::clone,
    );
    let (mut tape, _) = echidna::record(rosen_generic, &x);
    t.method(
        "echidna: `BytecodeTape::gradient` (recorded once)",
        || tape.gradient(black_box(&x)),
        Vec::clone,
    );
    let f = RosenAd { n };
    t.method(
        "ad_trait: `ReverseAD` (adr)",
        || ReverseAD::new().derivative(black_box(&x), &f),
        |(_, d)| d.iter().copied().collect(),
    );
    t
}

/// num-dual is forward mode only: a gradient carries an n-vector in every number.
fn num_dual_rows(t: &mut Table, x: &[f64]) {
    if x.len() == 100 {
        let xv = SVector::<f64, 100>::from_column_slice(x);
        t.method(
            "num-dual: `gradient` (DualSVec64<100>)",
            || {
                num_dual::gradient(
                    |v: SVector<DualSVec64<100>, 100>| rosen_generic(v.as_slice()),
                    black_box(&xv),
                )
            },
            |(_, g)| g.as_slice().to_vec(),
        );
        return;
    }
    t.skip(
        "num-dual: `gradient` (DualDVec64)",
        "infeasible: the seeded input alone is n² = 10⁸ f64 (800 MB)",
    );
    t.note(
        "num-dual has no reverse mode: its gradient carries an n-vector in every number \
         (O(n²) work and memory). The chunked row seeds 8 lanes at a time by hand: n/8 = 1,250 \
         evaluations of the function with `DualSVec64<8>` numbers.",
    );
    t.method(
        "num-dual: DualSVec64<8>, n/8 forward passes",
        || chunked_gradient::<8>(black_box(x)),
        Vec::clone,
    );
}

/// The gradient from ⌈n/K⌉ forward passes with K tangent lanes each (seeded by hand):
/// how forward mode computes a large gradient without n-wide numbers.
fn chunked_gradient<const K: usize>(x: &[f64]) -> Vec<f64> {
    let n = x.len();
    let mut g = vec![0.0; n];
    let mut v: Vec<DualSVec64<K>> = x.iter().map(|&xi| DualSVec64::<K>::from_re(xi)).collect();
    for start in (0..n).step_by(K) {
        let end = (start + K).min(n);
        for (lane, i) in (start..end).enumerate() {
            v[i] = DualSVec64::<K>::from_re(x[i]).derivative(lane);
        }
        let f = rosen_generic(&v);
        let eps = f.eps.unwrap_generic(nalgebra::Const::<K>, nalgebra::U1);
        for (lane, i) in (start..end).enumerate() {
            g[i] = eps[lane];
            v[i] = DualSVec64::<K>::from_re(x[i]);
        }
    }
    g
}
