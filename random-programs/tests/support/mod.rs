//! The runtime side of the random-program tests: the twins' recording helpers,
//! the driver that runs every program of a shard and prints the counts, and (in
//! `check.rs`) the differential checks of one program at one point.
#![allow(dead_code)]

pub mod check;

use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::time::Instant;

pub use check::{flat, Probes};
pub use jacobian::Matrix;

/// The struct generated programs take (`PKind::Rec`): floats in a scalar, an array
/// and a `Vec` field, and an integer field, which carries no derivative.
#[derive(Clone, Debug, jacobian::Differentiable)]
pub struct Rec<T: jacobian::Scalar> {
    pub a: T,
    pub v: [T; 3],
    pub s: Vec<T>,
    pub n: usize,
}

/// The `f32` copy of a struct argument.
pub fn rec32(r: &Rec<f64>) -> Rec<f32> {
    Rec {
        a: r.a as f32,
        v: r.v.map(|v| v as f32),
        s: r.s.iter().map(|&v| v as f32).collect(),
        n: r.n,
    }
}

// Functions with declared derivatives (`#[jacobian::derivative]`) the programs call, generic
// so the `f32` copies call them too. Their bodies are stable formulas the rules do not
// follow step by step; the twins call the same functions, so finite differences of the
// twins check the rules.

/// softplus(x) = ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^{−|x|}); ∂ = σ(x).
#[jacobian::derivative(partials = dsigmoid)]
pub fn dsoftplus<T: num_traits::Float>(x: T) -> T {
    x.max(T::zero()) + (-x.abs()).exp().ln_1p()
}

/// σ(x), without overflow on either side.
#[jacobian::differentiate]
pub fn dsigmoid<T: num_traits::Float>(x: T) -> T {
    if x >= T::zero() {
        T::one() / (T::one() + (-x).exp())
    } else {
        let e = x.exp();
        e / (T::one() + e)
    }
}

/// r = |(a, b, 1)|, with its partials (a/r, b/r) and second partials given.
#[jacobian::derivative(partials = dnorm_partials, second = dnorm_second)]
pub fn dnorm<T: num_traits::Float>(a: T, b: T) -> T {
    a.hypot(b).hypot(T::one())
}

pub fn dnorm_partials<T: num_traits::Float>(a: T, b: T) -> (T, T) {
    let r = dnorm(a, b);
    (a / r, b / r)
}

/// ((1 − (a/r)²)/r, −(a/r)(b/r)/r, (1 − (b/r)²)/r).
pub fn dnorm_second<T: num_traits::Float>(a: T, b: T) -> (T, T, T) {
    let r = dnorm(a, b);
    let (u, v) = (a / r, b / r);
    ((T::one() - u * u) / r, -u * v / r, (T::one() - v * v) / r)
}

/// xⁿ for an integer n ≥ 1, the partial n·xⁿ⁻¹ differentiated for the second.
#[jacobian::derivative(partials = dpow_partials)]
pub fn dpow<T: num_traits::Float>(n: i32, x: T) -> T {
    x.powi(n)
}

#[jacobian::differentiate]
pub fn dpow_partials<T: num_traits::Float>(n: i32, x: T) -> T {
    T::from(n).unwrap() * x.powi(n - 1)
}

/// A stable log-sum-exp (0 for no element), with its JVP, VJP and HVP.
#[jacobian::derivative(jvp = dlse_jvp, vjp = dlse_vjp, hvp = dlse_hvp)]
pub fn dlse<T: num_traits::Float>(x: &[T]) -> T {
    if x.is_empty() {
        return T::zero();
    }
    let m = x.iter().copied().fold(T::neg_infinity(), T::max);
    m + x.iter().fold(T::zero(), |s, &v| s + (v - m).exp()).ln()
}

fn softmax<T: num_traits::Float>(x: &[T]) -> Vec<T> {
    let l = dlse(x);
    x.iter().map(|&v| (v - l).exp()).collect()
}

fn dot<T: num_traits::Float>(a: &[T], b: &[T]) -> T {
    a.iter().zip(b).fold(T::zero(), |s, (&a, &b)| s + a * b)
}

pub fn dlse_jvp<T: num_traits::Float>(x: &[T], dx: &[T]) -> (T, T) {
    (dlse(x), dot(&softmax(x), dx))
}

pub fn dlse_vjp<T: num_traits::Float>(x: &[T], _y: T, y_bar: T) -> Vec<T> {
    softmax(x).iter().map(|&p| y_bar * p).collect()
}

pub fn dlse_hvp<T: num_traits::Float>(x: &[T], y_bar: T, v: &[T]) -> Vec<T> {
    let p = softmax(x);
    let pv = dot(&p, v);
    p.iter()
        .zip(v)
        .map(|(&p, &v)| y_bar * p * (v - pv))
        .collect()
}

/// yᵢ = xᵢ·sin x₍ᵢ₊₁₎ mod n: a vector result, with its JVP, VJP and HVP.
#[jacobian::derivative(jvp = dmix_jvp, vjp = dmix_vjp, hvp = dmix_hvp)]
pub fn dmix<T: num_traits::Float>(x: &[T]) -> Vec<T> {
    let n = x.len();
    (0..n).map(|i| x[i] * x[(i + 1) % n].sin()).collect()
}

pub fn dmix_jvp<T: num_traits::Float>(x: &[T], dx: &[T]) -> (Vec<T>, Vec<T>) {
    let n = x.len();
    let dy = (0..n)
        .map(|i| {
            let j = (i + 1) % n;
            dx[i] * x[j].sin() + x[i] * x[j].cos() * dx[j]
        })
        .collect();
    (dmix(x), dy)
}

pub fn dmix_vjp<T: num_traits::Float>(x: &[T], _y: &[T], y_bar: &[T]) -> Vec<T> {
    let n = x.len();
    let mut g = vec![T::zero(); n];
    for i in 0..n {
        let j = (i + 1) % n;
        g[i] = g[i] + y_bar[i] * x[j].sin();
        g[j] = g[j] + y_bar[i] * x[i] * x[j].cos();
    }
    g
}

/// Σᵢ ȳᵢ∇²yᵢ·v: ∇²yᵢ has (i, j) = (j, i) = cos xⱼ and (j, j) = −xᵢ sin xⱼ (j = i + 1
/// mod n; all on the diagonal when n = 1).
pub fn dmix_hvp<T: num_traits::Float>(x: &[T], y_bar: &[T], v: &[T]) -> Vec<T> {
    let n = x.len();
    let mut h = vec![T::zero(); n];
    for i in 0..n {
        let j = (i + 1) % n;
        let (c, s) = (x[j].cos(), x[j].sin());
        h[i] = h[i] + y_bar[i] * c * v[j];
        h[j] = h[j] + y_bar[i] * (c * v[i] - x[i] * s * v[j]);
    }
    h
}

/// What a twin records: every branch decision, float-to-integer cast and
/// non-smooth primitive's case, in execution order.
pub type Trace = Vec<i64>;

fn sign(v: f64) -> i64 {
    if v > 0.0 {
        1
    } else if v < 0.0 {
        -1
    } else {
        0
    }
}

pub fn tb(b: bool, tr: &mut Trace) -> bool {
    tr.push(i64::from(b));
    b
}

pub fn tcast(v: f64, tr: &mut Trace) -> usize {
    let k = v as usize;
    tr.push(k as i64);
    k
}

pub fn tabs(v: f64, tr: &mut Trace) -> f64 {
    tr.push(sign(v));
    v.abs()
}

pub fn tsignum(v: f64, tr: &mut Trace) -> f64 {
    tr.push(sign(v));
    v.signum()
}

pub fn tmax(a: f64, b: f64, tr: &mut Trace) -> f64 {
    tr.push(sign(a - b));
    a.max(b)
}

pub fn tmin(a: f64, b: f64, tr: &mut Trace) -> f64 {
    tr.push(sign(a - b));
    a.min(b)
}

pub fn tfloor(v: f64, tr: &mut Trace) -> f64 {
    tr.push(v.floor() as i64);
    v.floor()
}

pub fn tceil(v: f64, tr: &mut Trace) -> f64 {
    tr.push(v.ceil() as i64);
    v.ceil()
}

pub fn tround(v: f64, tr: &mut Trace) -> f64 {
    tr.push(v.round() as i64);
    v.round()
}

pub fn ttrunc(v: f64, tr: &mut Trace) -> f64 {
    tr.push(v.trunc() as i64);
    v.trunc()
}

pub fn tfract(v: f64, tr: &mut Trace) -> f64 {
    tr.push(v.trunc() as i64);
    v.fract()
}

pub fn trem(a: f64, b: f64, tr: &mut Trace) -> f64 {
    tr.push((a / b).trunc() as i64);
    a % b
}

/// `a.rem_euclid(b)` = a − q·b, recording the quotient q = `a.div_euclid(b)`.
pub fn trem_euclid(a: f64, b: f64, tr: &mut Trace) -> f64 {
    tr.push(a.div_euclid(b) as i64);
    a.rem_euclid(b)
}

/// `a.div_euclid(b)`, piecewise constant: its value is recorded.
pub fn tdiv_euclid(a: f64, b: f64, tr: &mut Trace) -> f64 {
    let q = a.div_euclid(b);
    tr.push(q as i64);
    q
}

/// `a.clamp(lo, hi)`, recording the operand selected: −1 for `lo`, 0 for `a`, 1 for `hi`.
pub fn tclamp(a: f64, lo: f64, hi: f64, tr: &mut Trace) -> f64 {
    tr.push(if a < lo {
        -1
    } else if a > hi {
        1
    } else {
        0
    });
    a.clamp(lo, hi)
}

/// What the generated module's own entry points return, to compare with the
/// runtime's assembly from the bound function.
pub struct Api {
    pub jacobian: Matrix<f64>,
    pub laplacian: Vec<f64>,
    pub hessian: Option<Matrix<f64>>,
    /// The sparsity pattern and the sparse Jacobian (densified), for programs that take
    /// no struct and call no nested or vector-declared derivative.
    pub sparse: Option<(jacobian::Pattern, Matrix<f64>)>,
    /// The same program compiled in `f32` (for some programs), at the same point.
    pub single: Option<Single>,
}

/// Value and Jacobian of a program's `f32` copy, widened to `f64`.
pub struct Single {
    pub value: Vec<f64>,
    pub jacobian: Vec<f64>,
}

impl Single {
    pub fn new<Y: jacobian::Shape<Scalar = f32>>(value: &Y, jacobian: &Matrix<f32>) -> Self {
        Single {
            value: value.to_flat_vec().iter().map(|&v| f64::from(v)).collect(),
            jacobian: jacobian.as_slice().iter().map(|&v| f64::from(v)).collect(),
        }
    }
}

/// One generated program.
pub struct Entry {
    pub index: usize,
    pub source: &'static str,
    /// Every generated function it calls, directly or not.
    pub callees: &'static [usize],
    pub run: fn(&mut Ctx),
}

/// The programs of one test binary.
pub struct Shard {
    pub seed: u64,
    pub shard: usize,
    pub shards: usize,
    pub total: usize,
    pub programs: &'static [Entry],
    /// How often the generator produced each construct in this shard.
    pub stats: &'static [(&'static str, usize)],
}

/// Points tried per program, and accepted points wanted.
const ATTEMPTS: usize = 8;
const WANTED: usize = 2;

/// The state of one program's run: its random values and what happened at each point.
pub struct Ctx {
    rng: Rng,
    attempts: usize,
    good: usize,
    discards: Vec<&'static str>,
    failure: Option<String>,
}

impl Ctx {
    fn new(seed: u64, index: usize) -> Ctx {
        Ctx {
            rng: Rng::new(seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            attempts: 0,
            good: 0,
            discards: Vec::new(),
            failure: None,
        }
    }

    /// Whether to try another point.
    pub fn next_point(&mut self) -> bool {
        let more = self.failure.is_none() && self.good < WANTED && self.attempts < ATTEMPTS;
        self.attempts += usize::from(more);
        more
    }

    /// A random argument value in [-1.5, 1.5).
    pub fn value(&mut self) -> f64 {
        1.5 * self.rng.next()
    }

    pub fn array<const N: usize>(&mut self) -> [f64; N] {
        std::array::from_fn(|_| self.value())
    }

    pub fn array2<const N: usize, const M: usize>(&mut self) -> [[f64; M]; N] {
        std::array::from_fn(|_| self.array())
    }

    pub fn vec(&mut self, n: usize) -> Vec<f64> {
        (0..n).map(|_| self.value()).collect()
    }

    /// A struct argument with a `Vec` field of length `m`.
    pub fn rec(&mut self, m: usize) -> Rec<f64> {
        Rec {
            a: self.value(),
            v: self.array(),
            s: self.vec(m),
            n: 2,
        }
    }

    /// Checks the program at the point bound in `f` (see `check::point`).
    /// The first-order checks only (a program calling a nested derivative).
    pub fn point_first<F: jacobian::Differentiable<Scalar = f64>>(
        &mut self,
        f: &F,
        args: &dyn Fn() -> String,
        probes: check::Probes<'_, F>,
    ) {
        let verdict = check::point_first(f, &probes, &mut self.rng);
        self.record(verdict, args);
    }

    pub fn point<F: jacobian::SecondOrder<Scalar = f64>>(
        &mut self,
        f: &F,
        args: &dyn Fn() -> String,
        probes: check::Probes<'_, F>,
    ) {
        let verdict = check::point(f, &probes, &mut self.rng);
        self.record(verdict, args);
    }

    fn record(&mut self, verdict: Result<(), check::Verdict>, args: &dyn Fn() -> String) {
        match verdict {
            Ok(()) => self.good += 1,
            Err(check::Verdict::Discard(why)) => self.discards.push(why),
            Err(check::Verdict::Fail(msg)) => {
                self.failure = Some(format!("{msg}\nat the point {}", args()));
            }
        }
    }
}

/// The tiny xorshift of the tests.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// Uniform in [-1, 1).
    pub fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }
}

static PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Runs every program of the shard (or only `RANDOM_PROGRAMS_ONLY=<index>`), prints the
/// counts and every failure with its program's source, and exits non-zero on failure.
pub fn main(shard: &Shard) {
    let only: Option<usize> = std::env::var("RANDOM_PROGRAMS_ONLY").ok().map(|s| {
        s.trim()
            .parse()
            .expect("RANDOM_PROGRAMS_ONLY must be a program index")
    });
    panic::set_hook(Box::new(|info| {
        *PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(info.to_string());
    }));
    let start = Instant::now();
    let (mut generated, mut checked, mut discarded, mut failed) = (0, 0, 0, 0);
    let (mut points, mut reasons) = (0, std::collections::BTreeMap::<&str, usize>::new());
    for e in shard
        .programs
        .iter()
        .filter(|e| only.is_none_or(|k| k == e.index))
    {
        generated += 1;
        let mut ctx = Ctx::new(shard.seed, e.index);
        let run = panic::catch_unwind(AssertUnwindSafe(|| (e.run)(&mut ctx)));
        let failure = match run {
            Err(_) => Some(format!(
                "panicked: {}",
                PANIC
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take()
                    .unwrap_or_default()
            )),
            Ok(()) => ctx.failure.take(),
        };
        points += ctx.good;
        for why in &ctx.discards {
            *reasons.entry(why).or_default() += 1;
        }
        match failure {
            Some(msg) => {
                failed += 1;
                report(shard, e, &msg);
            }
            None if ctx.good > 0 => checked += 1,
            None => discarded += 1,
        }
    }
    let _ = panic::take_hook();
    println!(
        "random programs, shard {}/{} (seed {}, {} programs in all): generated {generated}, checked {checked}, discarded {discarded}, failed {failed} in {:.1}s",
        shard.shard,
        shard.shards,
        shard.seed,
        shard.total,
        start.elapsed().as_secs_f64()
    );
    let reasons: Vec<String> = reasons.iter().map(|(k, v)| format!("{k} {v}")).collect();
    let discarded = if reasons.is_empty() {
        "none".to_string()
    } else {
        reasons.join(", ")
    };
    println!("  points checked {points}; points discarded: {discarded}");
    if std::env::var_os("RANDOM_PROGRAMS_STATS").is_some() {
        let stats: Vec<String> = shard
            .stats
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        println!("  constructs: {}", stats.join(", "));
    }
    if failed > 0 {
        std::process::exit(1);
    }
}

fn report(shard: &Shard, e: &Entry, msg: &str) {
    println!(
        "\nFAILED: program p{} (RANDOM_PROGRAMS_SEED={} RANDOM_PROGRAMS_COUNT={}, shard {}; rerun with RANDOM_PROGRAMS_ONLY={})\n{msg}\n--- source ---",
        e.index, shard.seed, shard.total, shard.shard, e.index
    );
    for k in e.callees {
        if let Some(c) = shard.programs.iter().find(|c| c.index == *k) {
            println!("{}\n", c.source);
        }
    }
    println!("{}\n--- end of p{} ---\n", e.source, e.index);
}
