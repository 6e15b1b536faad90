//! The differential checks of one program at one point.
//!
//! Oracles: central finite differences of the plain twin with Richardson
//! extrapolation (first order) and of the generated tangent and gradient
//! (second order); the point is discarded unless every perturbed evaluation takes
//! the same path as the point itself (same trace) and the extrapolations from
//! steps h, h/2 and h/4 agree. Then forward mode, reverse mode, the scalar and
//! vector sweeps, the dot-product test, the generated module's entry points and the
//! second-order quantities are checked against the oracles and each other.

use jacobian::{Differentiable, Lanes, Matrix, Mode, SecondOrder, Shape, Stack, TangentOf, LANES};

use super::{Api, Rng, Trace};

/// Relative step of the finite differences (then h/2 and h/4).
const STEP: f64 = 1e-3;
/// Richardson estimates from (h, h/2) and (h/2, h/4) must agree this well, or the point is discarded.
const STABLE: f64 = 1e-7;
/// Derivatives against finite differences (plus ten times the differences' own error estimate).
const FD_TOL: f64 = 1e-6;
/// Derivatives computed two ways by the generated code.
const AD_TOL: f64 = 1e-9;

pub enum Verdict {
    Discard(&'static str),
    Fail(String),
}

/// The twin: the plain program at the given active values, recording its path.
pub type Twin<'a, F> =
    &'a dyn Fn(&<F as Differentiable>::Input, &mut Trace) -> <F as Differentiable>::Output;
/// A generated `tangent` at the given active values and direction.
pub type TangentAt<'a, F> = &'a dyn Fn(
    &<F as Differentiable>::Input,
    &<F as Differentiable>::Input,
) -> <F as Differentiable>::Output;
/// A generated `gradient` at the given active values.
pub type GradientAt<'a, F> =
    &'a dyn Fn(&<F as Differentiable>::Input) -> <F as Differentiable>::Input;
/// Flat values at a flat point, or why the point is not usable.
type Sampler<'a> = &'a mut dyn FnMut(&[f64]) -> Result<Vec<f64>, Verdict>;

/// The program's other entry points, as closures over its inactive arguments.
pub struct Probes<'a, F: Differentiable> {
    /// The plain twin at the given active values, recording its path.
    pub twin: Twin<'a, F>,
    /// The generated `tangent` at the given active values and direction.
    pub tangent_at: TangentAt<'a, F>,
    /// The generated `gradient`, for functions with a scalar result.
    pub gradient_at: Option<GradientAt<'a, F>>,
    /// The generated module's `jacobian`, `laplacian` and `hessian` at the point.
    pub api: &'a dyn Fn() -> Api,
}

pub fn flat<T: Shape<Scalar = f64>>(v: &T) -> Vec<f64> {
    v.to_flat_vec()
}

fn unflat<T: Shape<Scalar = f64>>(like: &T, xs: &[f64]) -> T {
    let mut t = like.clone();
    for (k, x) in xs.iter().enumerate() {
        *t.scalar_mut(k) = *x;
    }
    t
}

fn fail<T>(msg: String) -> Result<T, Verdict> {
    Err(Verdict::Fail(msg))
}

/// `|a - b| <= tol (1 + scale) + slack`, false for NaN.
fn near(a: f64, b: f64, tol: f64, scale: f64, slack: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + scale) + slack
}

/// A derivative estimate per entry with its error estimate.
struct Estimate {
    est: Vec<f64>,
    err: Vec<f64>,
}

/// Richardson-extrapolated central differences of `g` along input `c`, for steps
/// h, h/2, h/4; `None` from `g` (a different path) discards the point.
fn richardson(x: &[f64], c: usize, g: Sampler<'_>) -> Result<Estimate, Verdict> {
    let h = STEP * x[c].abs().max(1.0);
    let mut d = Vec::new();
    for s in [h, h / 2.0, h / 4.0] {
        let mut p = x.to_vec();
        p[c] = x[c] + s;
        let yp = g(&p)?;
        p[c] = x[c] - s;
        let ym = g(&p)?;
        d.push(
            yp.iter()
                .zip(&ym)
                .map(|(a, b)| (a - b) / (2.0 * s))
                .collect::<Vec<f64>>(),
        );
    }
    let rich = |a: &[f64], b: &[f64]| -> Vec<f64> {
        a.iter().zip(b).map(|(a, b)| (4.0 * b - a) / 3.0).collect()
    };
    let (r1, r2) = (rich(&d[0], &d[1]), rich(&d[1], &d[2]));
    let err: Vec<f64> = r1.iter().zip(&r2).map(|(a, b)| (a - b).abs()).collect();
    if r2
        .iter()
        .zip(&err)
        .any(|(e, d)| !e.is_finite() || *d > STABLE * (1.0 + e.abs()))
    {
        return Err(Verdict::Discard("unstable finite differences"));
    }
    Ok(Estimate { est: r2, err })
}

/// The first-order checks at the point bound in `f` (a program calling a nested
/// derivative has no second-order modes).
pub fn point_first<F: Differentiable<Scalar = f64>>(
    f: &F,
    probes: &Probes<'_, F>,
    rng: &mut Rng,
) -> Result<(), Verdict> {
    first(f, probes, rng).map(|_| ())
}

/// What the first-order checks leave for the second-order ones: the forward Jacobian,
/// the flat point, the value, and the finite-difference Jacobian with its error estimate.
struct First {
    jf: Matrix<f64>,
    x: Vec<f64>,
    y0: Vec<f64>,
    fd: Matrix<f64>,
    fd_err: Matrix<f64>,
}

/// All checks at the point bound in `f`.
pub fn point<F: SecondOrder<Scalar = f64>>(
    f: &F,
    probes: &Probes<'_, F>,
    rng: &mut Rng,
) -> Result<(), Verdict> {
    let r = first(f, probes, rng)?;
    let input = f.input();
    let (m, n) = (r.jf.rows(), r.x.len());
    let ctx = Point {
        f,
        probes,
        x: &r.x,
        y0: &r.y0,
        fd: &r.fd,
        fd_err: &r.fd_err,
    };
    second(&ctx, &input, &r.jf, m, n, rng)
}

/// The first-order checks; the forward Jacobian and the flat point.
fn first<F: Differentiable<Scalar = f64>>(
    f: &F,
    probes: &Probes<'_, F>,
    rng: &mut Rng,
) -> Result<First, Verdict> {
    let input = f.input();
    let x = flat(&input);
    let n = x.len();
    let mut trace = Trace::new();
    let y0 = flat(&(probes.twin)(&input, &mut trace));
    let m = y0.len();
    if y0.iter().any(|v| !v.is_finite() || v.abs() > 1e6) {
        return Err(Verdict::Discard("non-finite or huge value"));
    }
    // The oracle: FD of the twin, on the same path only.
    let mut twin_at = |p: &[f64]| -> Result<Vec<f64>, Verdict> {
        let mut tr = Trace::new();
        let y = flat(&(probes.twin)(&unflat(&input, p), &mut tr));
        if tr == trace {
            Ok(y)
        } else {
            Err(Verdict::Discard("a different path near the point"))
        }
    };
    let mut fd = Matrix::zeros(m, n);
    let mut fd_err = Matrix::zeros(m, n);
    for c in 0..n {
        let e = richardson(&x, c, &mut twin_at)?;
        for r in 0..m {
            fd[(r, c)] = e.est[r];
            fd_err[(r, c)] = e.err[r];
        }
    }
    let ctx = Point {
        f,
        probes,
        x: &x,
        y0: &y0,
        fd: &fd,
        fd_err: &fd_err,
    };
    // First order before the second-order oracles: those difference the generated
    // derivatives, and a NaN there would only discard the point ("unstable").
    let jf = ctx.jacobians()?;
    ctx.sweeps(&jf, rng)?;
    ctx.lanes(&jf, rng)?;
    Ok(First {
        jf,
        x: x.clone(),
        y0: y0.clone(),
        fd: fd.clone(),
        fd_err: fd_err.clone(),
    })
}

/// The second-order checks, after the first-order ones.
fn second<F: SecondOrder<Scalar = f64>>(
    ctx: &Point<'_, F>,
    input: &F::Input,
    jf: &Matrix<f64>,
    m: usize,
    n: usize,
    rng: &mut Rng,
) -> Result<(), Verdict> {
    let (probes, x) = (ctx.probes, ctx.x);
    // Second-order oracles: FD of the generated first derivatives along the same segments.
    let unit = |c: usize| {
        let mut u = vec![0.0; n];
        u[c] = 1.0;
        unflat(input, &u)
    };
    let mut lap_fd = Estimate {
        est: vec![0.0; m],
        err: vec![0.0; m],
    };
    for c in 0..n {
        let u = unit(c);
        let mut g = |p: &[f64]| Ok(flat(&(probes.tangent_at)(&unflat(input, p), &u)));
        let e = richardson(x, c, &mut g)?;
        for r in 0..m {
            lap_fd.est[r] += e.est[r];
            lap_fd.err[r] += e.err[r];
        }
    }
    let hess_fd = match probes.gradient_at {
        Some(grad) => {
            let mut h = Matrix::zeros(n, n);
            let mut h_err = Matrix::zeros(n, n);
            for c in 0..n {
                let mut g = |p: &[f64]| Ok(flat(&grad(&unflat(input, p))));
                let e = richardson(x, c, &mut g)?;
                for r in 0..n {
                    h[(r, c)] = e.est[r];
                    h_err[(r, c)] = e.err[r];
                }
            }
            Some((h, h_err))
        }
        None => None,
    };
    ctx.second_order(jf, &lap_fd, hess_fd.as_ref(), rng)
}

struct Point<'a, F: Differentiable<Scalar = f64>> {
    f: &'a F,
    probes: &'a Probes<'a, F>,
    x: &'a [f64],
    y0: &'a [f64],
    fd: &'a Matrix<f64>,
    fd_err: &'a Matrix<f64>,
}

impl<F: Differentiable<Scalar = f64>> Point<'_, F> {
    fn same_value(&self, y: &[f64], what: &str) -> Result<(), Verdict> {
        for (k, (a, b)) in y.iter().zip(self.y0).enumerate() {
            if !near(*a, *b, 1e-12, a.abs().max(b.abs()), 0.0) || y.len() != self.y0.len() {
                return fail(format!(
                    "{what}: value element {k} is {a}, the plain function gives {b}\n  got  {y:?}\n  want {:?}",
                    self.y0
                ));
            }
        }
        Ok(())
    }

    /// Forward, reverse and the module's `jacobian` against finite differences and each other.
    fn jacobians(&self) -> Result<Matrix<f64>, Verdict> {
        self.same_value(&flat(&self.f.value()), "bound function's value")?;
        let jf = jacobian::jacobian(self.f, Mode::Forward);
        let (m, n) = (self.fd.rows(), self.fd.cols());
        if (jf.rows(), jf.cols()) != (m, n) {
            return fail(format!(
                "forward Jacobian is {}×{}, expected {m}×{n}",
                jf.rows(),
                jf.cols()
            ));
        }
        for r in 0..m {
            for c in 0..n {
                let (a, b) = (jf[(r, c)], self.fd[(r, c)]);
                if !near(
                    a,
                    b,
                    FD_TOL,
                    a.abs().max(b.abs()),
                    10.0 * self.fd_err[(r, c)],
                ) {
                    return fail(format!(
                        "forward mode vs finite differences: entry ({r}, {c}) is {a}, expected {b}\n  forward {jf:?}\n  fd      {:?}",
                        self.fd
                    ));
                }
            }
        }
        let jr = jacobian::jacobian(self.f, Mode::Reverse);
        same_matrix(&jr, &jf, "reverse mode vs forward mode")?;
        let api = (self.probes.api)();
        same_matrix(
            &api.jacobian,
            &jf,
            "the module's `jacobian` vs forward mode",
        )?;
        if let Some(single) = &api.single {
            self.single_precision(single, &jf)?;
        }
        if let Some((pattern, sparse)) = &api.sparse {
            sparse_jacobian(pattern, sparse, &jf)?;
        }
        Ok(jf)
    }

    /// The program's `f32` copy: a value far from the `f64` one means the point is
    /// too ill-conditioned for `f32` (discarded); otherwise its Jacobian must agree
    /// to `f32` accuracy.
    fn single_precision(&self, s: &super::Single, jf: &Matrix<f64>) -> Result<(), Verdict> {
        let max_abs = |v: &[f64]| v.iter().fold(1.0_f64, |a, x| a.max(x.abs()));
        let scale = max_abs(self.y0);
        if s.value.len() != self.y0.len()
            || s.value
                .iter()
                .zip(self.y0)
                .any(|(a, b)| !near(*a, *b, 0.0, 0.0, 1e-4 * scale))
        {
            return Err(Verdict::Discard("f32 value far from the f64 one"));
        }
        let (m, n) = (jf.rows(), jf.cols());
        let jscale = max_abs(jf.as_slice());
        if s.jacobian.len() != m * n {
            return fail(format!(
                "f32 Jacobian has {} entries, expected {m}×{n}",
                s.jacobian.len()
            ));
        }
        for r in 0..m {
            for c in 0..n {
                let (a, b) = (s.jacobian[r * n + c], jf[(r, c)]);
                if !near(a, b, 0.0, 0.0, 1e-2 * jscale) {
                    return fail(format!(
                        "f32 copy vs f64: Jacobian entry ({r}, {c}) is {a}, expected {b}\n  f32 {:?}\n  f64 {jf:?}",
                        s.jacobian
                    ));
                }
            }
        }
        Ok(())
    }

    /// Scalar tangent and adjoint sweeps in random directions: against finite
    /// differences, the dot-product test, the adjoint's stack, values.
    fn sweeps(&self, jf: &Matrix<f64>, rng: &mut Rng) -> Result<(), Verdict> {
        let (m, n) = (jf.rows(), jf.cols());
        let v: Vec<f64> = (0..n).map(|_| rng.next()).collect();
        let w: Vec<f64> = (0..m).map(|_| rng.next()).collect();
        let (y, jv) = self.f.tangent(&unflat(&self.f.input_zeros(), &v));
        self.same_value(&flat(&y), "tangent sweep")?;
        let jv = flat(&jv);
        for r in 0..m {
            let want: f64 = (0..n).map(|c| self.fd[(r, c)] * v[c]).sum();
            let scale: f64 = (0..n).map(|c| (self.fd[(r, c)] * v[c]).abs()).sum();
            let slack: f64 = (0..n)
                .map(|c| 10.0 * self.fd_err[(r, c)] * v[c].abs())
                .sum();
            if !near(jv[r], want, FD_TOL, scale, slack) {
                return fail(format!(
                    "tangent vs finite differences: (J v)[{r}] is {}, expected {want}\n  v = {v:?}\n  J v = {jv:?}",
                    jv[r]
                ));
            }
        }
        let wz = unflat(&self.f.output_zeros(), &w);
        let mut stack = Stack::new();
        let (y, jtw) = self.f.adjoint(&wz, &mut stack);
        if !stack.is_empty() {
            return fail("the adjoint left values on its stack".into());
        }
        self.same_value(&flat(&y), "adjoint sweep")?;
        let jtw = flat(&jtw);
        for c in 0..n {
            let want: f64 = (0..m).map(|r| self.fd[(r, c)] * w[r]).sum();
            let scale: f64 = (0..m).map(|r| (self.fd[(r, c)] * w[r]).abs()).sum();
            let slack: f64 = (0..m)
                .map(|r| 10.0 * self.fd_err[(r, c)] * w[r].abs())
                .sum();
            if !near(jtw[c], want, FD_TOL, scale, slack) {
                return fail(format!(
                    "adjoint vs finite differences: (wᵀJ)[{c}] is {}, expected {want}\n  w = {w:?}\n  wᵀJ = {jtw:?}",
                    jtw[c]
                ));
            }
        }
        let (_, again) = self.f.adjoint(&wz, &mut stack);
        if flat(&again) != jtw {
            return fail(format!(
                "adjoint with a reused stack: {:?}, the first time {jtw:?}",
                flat(&again)
            ));
        }
        let lhs: Vec<f64> = jv.iter().zip(&w).map(|(a, b)| a * b).collect();
        let rhs: Vec<f64> = v.iter().zip(&jtw).map(|(a, b)| a * b).collect();
        let (l, r) = (lhs.iter().sum::<f64>(), rhs.iter().sum::<f64>());
        let scale = lhs.iter().chain(&rhs).map(|t| t.abs()).sum::<f64>();
        if !near(l, r, AD_TOL, scale, 0.0) {
            return fail(format!(
                "dot-product test: <J v, w> = {l} but <v, Jᵀw> = {r}"
            ));
        }
        Ok(())
    }

    /// The vector sweeps, lane by lane, against the (already checked) Jacobian.
    fn lanes(&self, jf: &Matrix<f64>, rng: &mut Rng) -> Result<(), Verdict> {
        let (m, n) = (jf.rows(), jf.cols());
        let input = self.f.input_zeros();
        let mut d = jacobian::__private::zeros::<f64, Lanes<f64, LANES>, _>(&input);
        let dirs: Vec<Vec<f64>> = (0..LANES)
            .map(|_| (0..n).map(|_| rng.next()).collect())
            .collect();
        for (l, dir) in dirs.iter().enumerate() {
            for (k, x) in dir.iter().enumerate() {
                *d.scalar_mut(k * LANES + l) = *x;
            }
        }
        let (y, mut t) = self.f.tangent_lanes::<LANES>(&d);
        self.same_value(&flat(&y), "vector tangent sweep")?;
        for (l, dir) in dirs.iter().enumerate() {
            for r in 0..m {
                let got = *t.scalar_mut(r * LANES + l);
                let terms: Vec<f64> = (0..n).map(|c| jf[(r, c)] * dir[c]).collect();
                check_sum(
                    got,
                    &terms,
                    &format!("vector tangent sweep, lane {l}, output {r}"),
                )?;
            }
        }
        let output = self.f.output_zeros();
        let mut w = jacobian::__private::zeros::<f64, Lanes<f64, LANES>, _>(&output);
        let cots: Vec<Vec<f64>> = (0..LANES)
            .map(|_| (0..m).map(|_| rng.next()).collect())
            .collect();
        for (l, cot) in cots.iter().enumerate() {
            for (k, x) in cot.iter().enumerate() {
                *w.scalar_mut(k * LANES + l) = *x;
            }
        }
        let mut stack = Stack::new();
        let (y, mut a) = self.f.adjoint_lanes::<LANES>(&w, &mut stack);
        if !stack.is_empty() {
            return fail("the vector adjoint left values on its stack".into());
        }
        self.same_value(&flat(&y), "vector adjoint sweep")?;
        for (l, cot) in cots.iter().enumerate() {
            for c in 0..n {
                let got = *a.scalar_mut(c * LANES + l);
                let terms: Vec<f64> = (0..m).map(|r| jf[(r, c)] * cot[r]).collect();
                check_sum(
                    got,
                    &terms,
                    &format!("vector adjoint sweep, lane {l}, input {c}"),
                )?;
            }
        }
        Ok(())
    }
}

impl<F: SecondOrder<Scalar = f64>> Point<'_, F> {
    /// Laplacian against finite differences of the tangent; divergence; for scalar
    /// results the Hessian against finite differences of the gradient, its symmetry,
    /// `laplacian == trace(hessian)` and `hvp`.
    fn second_order(
        &self,
        jf: &Matrix<f64>,
        lap_fd: &Estimate,
        hess_fd: Option<&(Matrix<f64>, Matrix<f64>)>,
        rng: &mut Rng,
    ) -> Result<(), Verdict> {
        let (m, n) = (jf.rows(), jf.cols());
        let lap = flat(&jacobian::laplacian(self.f));
        for r in 0..m {
            let (a, b) = (lap[r], lap_fd.est[r]);
            if !near(a, b, FD_TOL, a.abs().max(b.abs()), 10.0 * lap_fd.err[r]) {
                return fail(format!(
                    "laplacian vs finite differences of the tangent: element {r} is {a}, expected {b}\n  got  {lap:?}\n  want {:?}",
                    lap_fd.est
                ));
            }
        }
        let api = (self.probes.api)();
        same_slice(
            &api.laplacian,
            &lap,
            "the module's `laplacian` vs `jacobian::laplacian`",
        )?;
        if m == n {
            let div = jacobian::divergence(self.f);
            let terms: Vec<f64> = (0..n).map(|k| jf[(k, k)]).collect();
            check_sum(div, &terms, "divergence vs the trace of the Jacobian")?;
        }
        let Some((h_fd, h_err)) = hess_fd else {
            return Ok(());
        };
        let h = jacobian::hessian(self.f);
        for r in 0..n {
            for c in 0..n {
                let (a, b) = (h[(r, c)], h_fd[(r, c)]);
                if !near(a, b, FD_TOL, a.abs().max(b.abs()), 10.0 * h_err[(r, c)]) {
                    return fail(format!(
                        "hessian vs finite differences of the gradient: entry ({r}, {c}) is {a}, expected {b}\n  hessian {h:?}\n  fd      {h_fd:?}"
                    ));
                }
                let t = h[(c, r)];
                if !near(a, t, AD_TOL, a.abs().max(t.abs()), 0.0) {
                    return fail(format!(
                        "hessian is not symmetric: ({r}, {c}) is {a}, ({c}, {r}) is {t}\n  {h:?}"
                    ));
                }
            }
        }
        if let Some(api_h) = &api.hessian {
            same_matrix(api_h, &h, "the module's `hessian` vs `jacobian::hessian`")?;
        }
        let diag: Vec<f64> = (0..n).map(|k| h[(k, k)]).collect();
        check_sum(lap[0], &diag, "laplacian vs the trace of the hessian")?;
        let v: Vec<f64> = (0..n).map(|_| rng.next()).collect();
        let (g, hv) = jacobian::hvp(self.f, &unflat(&self.f.input_zeros(), &v));
        let (g, hv) = (flat(&g), flat(&hv));
        let row: Vec<f64> = (0..n).map(|c| jf[(0, c)]).collect();
        same_slice(&g, &row, "hvp's gradient vs the Jacobian")?;
        for r in 0..n {
            let terms: Vec<f64> = (0..n).map(|c| h[(r, c)] * v[c]).collect();
            check_sum(hv[r], &terms, &format!("hvp vs hessian · v, element {r}"))?;
        }
        let grad = self.probes.gradient_at.expect("scalar result")(&self.f.input());
        same_slice(
            &flat(&grad),
            &row,
            "the module's `gradient` vs the Jacobian",
        )?;
        let _ = self.x;
        Ok(())
    }
}

/// `got` against the sum of `terms`, relative to the terms' magnitudes.
fn check_sum(got: f64, terms: &[f64], what: &str) -> Result<(), Verdict> {
    let want: f64 = terms.iter().sum();
    let scale: f64 = terms.iter().map(|t| t.abs()).sum::<f64>().max(want.abs());
    if near(got, want, AD_TOL, scale, 0.0) {
        Ok(())
    } else {
        fail(format!("{what}: {got}, expected {want}"))
    }
}

fn same_slice(got: &[f64], want: &[f64], what: &str) -> Result<(), Verdict> {
    if got.len() != want.len() {
        return fail(format!(
            "{what}: {} elements, expected {}",
            got.len(),
            want.len()
        ));
    }
    for (k, (a, b)) in got.iter().zip(want).enumerate() {
        if !near(*a, *b, AD_TOL, a.abs().max(b.abs()), 0.0) {
            return fail(format!(
                "{what}: element {k} is {a}, expected {b}\n  got  {got:?}\n  want {want:?}"
            ));
        }
    }
    Ok(())
}

/// The pattern holds every nonzero of the Jacobian at the point, its colouring is valid,
/// and the compressed evaluation equals forward mode.
fn sparse_jacobian(
    pattern: &jacobian::Pattern,
    sparse: &Matrix<f64>,
    jf: &Matrix<f64>,
) -> Result<(), Verdict> {
    if (pattern.rows(), pattern.cols()) != (jf.rows(), jf.cols()) {
        return fail(format!(
            "the pattern is {}×{}, the Jacobian {}×{}",
            pattern.rows(),
            pattern.cols(),
            jf.rows(),
            jf.cols()
        ));
    }
    for r in 0..jf.rows() {
        for c in 0..jf.cols() {
            if jf[(r, c)] != 0.0 && !pattern.contains(r, c) {
                return fail(format!(
                    "the sparsity pattern misses entry ({r}, {c}) = {} of the Jacobian\n{pattern}",
                    jf[(r, c)]
                ));
            }
        }
    }
    for coloring in [
        jacobian::Coloring::columns(pattern),
        jacobian::Coloring::rows(pattern),
    ] {
        if !coloring.is_valid() {
            return fail(format!("an invalid colouring of\n{pattern}"));
        }
    }
    same_matrix(sparse, jf, "the sparse Jacobian vs forward mode")
}

fn same_matrix(got: &Matrix<f64>, want: &Matrix<f64>, what: &str) -> Result<(), Verdict> {
    if (got.rows(), got.cols()) != (want.rows(), want.cols()) {
        return fail(format!(
            "{what}: {}×{}, expected {}×{}",
            got.rows(),
            got.cols(),
            want.rows(),
            want.cols()
        ));
    }
    same_slice(got.as_slice(), want.as_slice(), what)
}

#[allow(dead_code)]
fn _lanes_are_shapes(_: Lanes<f64, LANES>) {}

#[allow(dead_code)]
fn _tangent_of<T: TangentOf>(_: T) {}
