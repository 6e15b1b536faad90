//! Sparse Jacobians: the pattern found by forward sweeps over [`Deps`] (sets of the
//! inputs each value depends on), a [`Coloring`] of its columns or rows, and the
//! compressed evaluation that computes the columns (rows) of one colour in one lane of
//! a vector sweep. Where a pattern holds: see [`Pattern`].

mod coloring;
mod convert;
mod deps;
mod matrix;
mod pattern;

pub use coloring::{Coloring, Compression};
pub use deps::{Deps, Flat, DEPS_WORDS};
pub use matrix::SparseMatrix;
pub use pattern::Pattern;

use num_traits::One;

use crate::assembly::Differentiable;
use crate::number::{lane_width, zeros, LanesOf, LanesShape, Mirror};
use crate::shape::Shape;
use crate::store::with_stack;
use crate::Lanes;

/// The derivatives of a value of type `T` as sets of inputs.
pub type DepsOf<T, S> = <T as Mirror<S, Deps>>::Out;

/// A value whose [`Deps`] derivatives can be visited in flat order: every type a
/// `#[differentiate]` function takes or returns, structs excepted.
pub trait DepsShape<S>: Mirror<S, Deps, Out: Flat<Deps>> {}

impl<S, T: Mirror<S, Deps, Out: Flat<Deps>> + ?Sized> DepsShape<S> for T {}

/// The sparsity pattern of `f`'s Jacobian at its bound arguments (rows the output
/// scalars, columns the active input scalars): one forward sweep over [`Deps`] per
/// [`Deps::INPUTS`] inputs. See [`Pattern`](Pattern#when-a-pattern-holds) for where it holds.
///
/// ```
/// use jacobian_runtime::{sparsity, Differentiable, Stack};
/// # struct F([f64; 3]); // f(x) = (x₀x₁, sin x₂)
/// # impl Differentiable for F { type Scalar = f64; type Input = [f64; 3]; type Output = [f64; 2];
/// #   fn input_zeros(&self) -> [f64; 3] { [0.0; 3] } fn output_zeros(&self) -> [f64; 2] { [0.0; 2] }
/// #   fn input(&self) -> [f64; 3] { self.0 } fn value(&self) -> [f64; 2] { self.value_at(&self.0) }
/// #   fn value_at(&self, x: &[f64; 3]) -> [f64; 2] { [x[0] * x[1], x[2].sin()] }
/// #   fn tangent(&self, v: &[f64; 3]) -> ([f64; 2], [f64; 2]) { unimplemented!() }
/// #   fn adjoint(&self, w: &[f64; 2], _: &mut Stack<f64>) -> ([f64; 2], [f64; 3]) { unimplemented!() } }
/// // A hand-written `Differentiable` without a pattern sweep has a dense pattern;
/// // `#[differentiate]` functions find theirs (see `f::sparsity`).
/// let p = sparsity(&F([1.0, 2.0, 3.0]));
/// assert_eq!(p.nnz(), 6);
/// ```
pub fn sparsity<F: Differentiable>(f: &F) -> Pattern
where
    F::Input: DepsShape<F::Scalar>,
    F::Output: DepsShape<F::Scalar>,
{
    let x = f.input_zeros();
    let n = x.len();
    let mut seed: DepsOf<F::Input, F::Scalar> = zeros::<F::Scalar, Deps, _>(&x);
    let mut entries = Vec::new();
    let mut m = None;
    let mut k0 = 0;
    while k0 < n {
        let mut k = 0;
        seed.visit_mut(&mut |d| {
            *d = if (k0..k0 + Deps::INPUTS).contains(&k) {
                Deps::input(k - k0)
            } else {
                Deps::default()
            };
            k += 1;
        });
        let out = f.pattern_sweep(&seed);
        let mut i = 0;
        out.visit(&mut |d| {
            entries.extend(d.iter().map(|b| (i, k0 + b)).filter(|&(_, k)| k < n));
            i += 1;
        });
        m = Some(i);
        k0 += Deps::INPUTS;
    }
    let m = m.unwrap_or_else(|| f.output_zeros().len());
    Pattern::from_entries(m, n, &entries)
}

/// The Jacobian of `f` as a sparse matrix: its [`sparsity`] pattern, the cheaper
/// [`Coloring`], and one vector sweep per 8 colours.
///
/// # Panics
///
/// As [`sparse_jacobian_into`].
pub fn sparse_jacobian<F: Differentiable>(f: &F) -> SparseMatrix<F::Scalar>
where
    F::Input: DepsShape<F::Scalar>,
    F::Output: DepsShape<F::Scalar>,
{
    let coloring = Coloring::from_pattern(sparsity(f));
    let mut jac = SparseMatrix::zeros(coloring.pattern().clone());
    sparse_jacobian_into(f, &coloring, &mut jac);
    jac
}

/// Writes the Jacobian of `f` on the pattern `coloring` colours into `jac` (reusing its
/// storage when it already has that pattern: no allocation for fixed-size functions). Entries outside the pattern are taken to be zero: the pattern
/// must hold at `f`'s point (see [`Pattern`](Pattern#when-a-pattern-holds)).
///
/// # Panics
///
/// If the pattern's shape is not `f`'s (output scalars × active input scalars), or the
/// colouring is a symmetric one (those are for Hessians).
pub fn sparse_jacobian_into<F: Differentiable>(
    f: &F,
    coloring: &Coloring,
    jac: &mut SparseMatrix<F::Scalar>,
) {
    value_and_sparse_jacobian_into(f, coloring, jac);
}

/// [`sparse_jacobian_into`], returning the function's value (from the first sweep).
///
/// # Panics
///
/// As [`sparse_jacobian_into`].
pub fn value_and_sparse_jacobian_into<F: Differentiable>(
    f: &F,
    coloring: &Coloring,
    jac: &mut SparseMatrix<F::Scalar>,
) -> F::Output {
    let p = coloring.pattern();
    let x = f.input_zeros();
    let n = x.len();
    // The number of outputs is checked against the first sweep's (a function whose
    // output is a `Vec` would have to be evaluated to know it).
    let m = F::Output::FIXED_LEN.unwrap_or(p.rows());
    assert!(
        (p.rows(), p.cols()) == (m, n),
        "sparse Jacobian: the colouring is of a {} × {} pattern, the Jacobian is {m} × {n}",
        p.rows(),
        p.cols()
    );
    jac.reset(p);
    let forward = match coloring.compression() {
        Compression::Columns => true,
        Compression::Rows => false,
        Compression::Symmetric => {
            panic!("sparse Jacobian: a symmetric colouring is for Hessians, not Jacobians")
        }
    };
    let colors = coloring.colors();
    let mut value = None;
    let mut c0 = 0;
    while c0 < colors {
        let width = lane_width(colors - c0).min(colors - c0);
        let v = match lane_width(colors - c0) {
            1 => compressed::<F, 1>(f, &x, coloring, c0, jac, forward),
            2 => compressed::<F, 2>(f, &x, coloring, c0, jac, forward),
            4 => compressed::<F, 4>(f, &x, coloring, c0, jac, forward),
            _ => compressed::<F, 8>(f, &x, coloring, c0, jac, forward),
        };
        value = value.or(Some(v));
        c0 += width;
    }
    value.unwrap_or_else(|| f.value())
}

/// The entries of colours `c0..c0 + N` by one `N`-lane tangent (adjoint) sweep.
fn compressed<F: Differentiable, const N: usize>(
    f: &F,
    x: &F::Input,
    coloring: &Coloring,
    c0: usize,
    jac: &mut SparseMatrix<F::Scalar>,
    forward: bool,
) -> F::Output
where
    F::Input: LanesShape<F::Scalar, N>,
    F::Output: LanesShape<F::Scalar, N>,
{
    let (color, one) = (coloring.color_of(), F::Scalar::one());
    let lane = |k: usize| (c0..c0 + N).contains(&color[k]).then(|| color[k] - c0);
    let p = coloring.pattern();
    let values = jac.values_mut();
    if forward {
        let mut seed: LanesOf<F::Input, F::Scalar, N> =
            zeros::<F::Scalar, Lanes<F::Scalar, N>, _>(x);
        for k in 0..p.cols() {
            if let Some(l) = lane(k) {
                *seed.scalar_mut(k * N + l) = one;
            }
        }
        let (v, mut t) = f.tangent_lanes::<N>(&seed);
        assert_outputs(t.len() / N, p.rows());
        for i in 0..p.rows() {
            let start = p.row_start(i);
            for (q, &j) in p.row(i).iter().enumerate() {
                if let Some(l) = lane(j) {
                    values[start + q] = *t.scalar_mut(i * N + l);
                }
            }
        }
        v
    } else {
        let y = f.output_zeros();
        let mut seed: LanesOf<F::Output, F::Scalar, N> =
            zeros::<F::Scalar, Lanes<F::Scalar, N>, _>(&y);
        for i in 0..p.rows() {
            if let Some(l) = lane(i) {
                *seed.scalar_mut(i * N + l) = one;
            }
        }
        assert_outputs(y.len(), p.rows());
        let (v, mut g) = with_stack(|st| f.adjoint_lanes::<N>(&seed, st));
        for i in 0..p.rows() {
            let Some(l) = lane(i) else { continue };
            let start = p.row_start(i);
            for (q, &j) in p.row(i).iter().enumerate() {
                values[start + q] = *g.scalar_mut(j * N + l);
            }
        }
        v
    }
}

/// The function's output scalars are the pattern's rows.
fn assert_outputs(got: usize, rows: usize) {
    assert!(
        got == rows,
        "sparse Jacobian: the colouring is of a pattern with {rows} rows, the function has {got} outputs"
    );
}
