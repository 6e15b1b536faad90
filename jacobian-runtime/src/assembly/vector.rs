//! Jacobian assembly in chunks of columns (forward mode) or rows (reverse mode), one
//! vector sweep per chunk, its width picked from what remains
//! ([`lane_width`]: 8 lanes while at least five remain, then 4, 2 or a scalar sweep),
//! so a small Jacobian does not pay for padded lanes.

use num_traits::{One, Zero};

use super::{assert_sweep_len, Differentiable};
use crate::matrix::Matrix;
use crate::number::{lane_width, zeros, LanesOf, LanesShape};
use crate::shape::Shape;
use crate::store::Stack;
use crate::Lanes;

/// All columns of `jac` (`m x n`, `n > 0`) by tangent sweeps; returns the value.
pub(super) fn forward<F: Differentiable>(
    f: &F,
    mut seed: F::Input,
    jac: &mut Matrix<F::Scalar>,
) -> F::Output {
    let n = jac.cols();
    let mut value = None;
    // The 8-lane seed is reused across chunks (it may hold a `Vec`).
    let mut eight: Option<LanesOf<F::Input, F::Scalar, 8>> = None;
    let mut k0 = 0;
    while k0 < n {
        let width = lane_width(n - k0).min(n - k0);
        let v = match lane_width(n - k0) {
            1 => forward_one(f, &mut seed, k0, jac),
            2 => forward_chunk::<F, 2>(f, &mut lanes_like::<_, _, 2>(&seed), k0, width, jac),
            4 => forward_chunk::<F, 4>(f, &mut lanes_like::<_, _, 4>(&seed), k0, width, jac),
            _ => {
                let d = eight.get_or_insert_with(|| lanes_like::<_, _, 8>(&seed));
                forward_chunk::<F, 8>(f, d, k0, width, jac)
            }
        };
        value = value.or(Some(v));
        k0 += width;
    }
    value.unwrap_or_else(|| f.value())
}

/// `N` zero lanes of directions shaped like `x`.
pub(crate) fn lanes_like<S: crate::Scalar, T: LanesShape<S, N>, const N: usize>(
    x: &T,
) -> LanesOf<T, S, N> {
    zeros::<S, Lanes<S, N>, T>(x)
}

/// Column `k` by one scalar tangent sweep.
fn forward_one<F: Differentiable>(
    f: &F,
    seed: &mut F::Input,
    k: usize,
    jac: &mut Matrix<F::Scalar>,
) -> F::Output {
    let (m, n) = jac.shape();
    *seed.scalar_mut(k) = F::Scalar::one();
    let (v, mut t) = f.tangent(seed);
    *seed.scalar_mut(k) = F::Scalar::zero();
    assert_sweep_len("tangent sweep", t.len(), m);
    let entries = jac.as_mut_slice();
    for i in 0..m {
        entries[i * n + k] = *t.scalar_mut(i);
    }
    v
}

/// Columns `k0..k0 + width` by one `N`-lane tangent sweep; `seed` is all zero.
fn forward_chunk<F: Differentiable, const N: usize>(
    f: &F,
    seed: &mut LanesOf<F::Input, F::Scalar, N>,
    k0: usize,
    width: usize,
    jac: &mut Matrix<F::Scalar>,
) -> F::Output
where
    F::Input: LanesShape<F::Scalar, N>,
    F::Output: LanesShape<F::Scalar, N>,
{
    let (m, n) = jac.shape();
    for l in 0..width {
        *seed.scalar_mut((k0 + l) * N + l) = F::Scalar::one();
    }
    let (v, mut t) = f.tangent_lanes::<N>(seed);
    for l in 0..width {
        *seed.scalar_mut((k0 + l) * N + l) = F::Scalar::zero();
    }
    assert_sweep_len("vector tangent sweep", t.len(), m * N);
    let entries = jac.as_mut_slice();
    for i in 0..m {
        for l in 0..width {
            entries[i * n + k0 + l] = *t.scalar_mut(i * N + l);
        }
    }
    v
}

/// All rows of `jac` (`m x n`, `m > 0`) by adjoint sweeps, with a pooled
/// stack (so repeated calls do not allocate); returns the value.
pub(super) fn reverse<F: Differentiable>(f: &F, jac: &mut Matrix<F::Scalar>) -> F::Output {
    let m = jac.rows();
    let mut seed = f.output_zeros();
    let mut eight: Option<LanesOf<F::Output, F::Scalar, 8>> = None;
    crate::store::with_stack(|stack| {
        let mut value = None;
        let mut i0 = 0;
        while i0 < m {
            let width = lane_width(m - i0).min(m - i0);
            let v = match lane_width(m - i0) {
                1 => reverse_one(f, &mut seed, i0, stack, jac),
                2 => reverse_chunk::<F, 2>(
                    f,
                    &mut lanes_like::<_, _, 2>(&seed),
                    i0,
                    width,
                    stack,
                    jac,
                ),
                4 => reverse_chunk::<F, 4>(
                    f,
                    &mut lanes_like::<_, _, 4>(&seed),
                    i0,
                    width,
                    stack,
                    jac,
                ),
                _ => {
                    let w = eight.get_or_insert_with(|| lanes_like::<_, _, 8>(&seed));
                    reverse_chunk::<F, 8>(f, w, i0, width, stack, jac)
                }
            };
            debug_assert!(
                stack.is_empty(),
                "the adjoint sweep left values on the stack"
            );
            value = value.or(Some(v));
            i0 += width;
        }
        value.unwrap_or_else(|| f.value())
    })
}

/// Row `i` by one scalar adjoint sweep.
fn reverse_one<F: Differentiable>(
    f: &F,
    seed: &mut F::Output,
    i: usize,
    stack: &mut Stack<F::Scalar>,
    jac: &mut Matrix<F::Scalar>,
) -> F::Output {
    *seed.scalar_mut(i) = F::Scalar::one();
    let (v, g) = f.adjoint(seed, stack);
    *seed.scalar_mut(i) = F::Scalar::zero();
    assert_sweep_len("adjoint sweep", g.len(), jac.cols());
    g.write_flat(jac.row_mut(i));
    v
}

/// Rows `i0..i0 + width` by one `N`-lane adjoint sweep; `seed` is all zero.
fn reverse_chunk<F: Differentiable, const N: usize>(
    f: &F,
    seed: &mut LanesOf<F::Output, F::Scalar, N>,
    i0: usize,
    width: usize,
    stack: &mut Stack<F::Scalar>,
    jac: &mut Matrix<F::Scalar>,
) -> F::Output
where
    F::Input: LanesShape<F::Scalar, N>,
    F::Output: LanesShape<F::Scalar, N>,
{
    let n = jac.cols();
    for l in 0..width {
        *seed.scalar_mut((i0 + l) * N + l) = F::Scalar::one();
    }
    let (v, mut g) = f.adjoint_lanes::<N>(seed, stack);
    for l in 0..width {
        *seed.scalar_mut((i0 + l) * N + l) = F::Scalar::zero();
    }
    assert_sweep_len("vector adjoint sweep", g.len(), n * N);
    for l in 0..width {
        let row = jac.row_mut(i0 + l);
        for (k, entry) in row.iter_mut().enumerate() {
            *entry = *g.scalar_mut(k * N + l);
        }
    }
    v
}

/// True when lane `l` of a flattened `n`-lanes value is zero throughout.
fn lane_is_zero<S: num_traits::Zero + Copy>(flat: &[S], l: usize, n: usize) -> bool {
    flat.iter().skip(l).step_by(n).all(|x| x.is_zero())
}

/// [`Differentiable::tangent_lanes`] by one scalar sweep per lane (lanes whose
/// direction is zero are skipped: their tangent is zero).
pub(super) fn tangent_lanes_by_lane<F: Differentiable + ?Sized, const N: usize>(
    f: &F,
    directions: &LanesOf<F::Input, F::Scalar, N>,
) -> (F::Output, LanesOf<F::Output, F::Scalar, N>)
where
    F::Input: LanesShape<F::Scalar, N>,
    F::Output: LanesShape<F::Scalar, N>,
{
    let flat = directions.to_flat_vec();
    let mut dir = f.input_zeros();
    let mut out: Option<LanesOf<F::Output, F::Scalar, N>> = None;
    let mut value = None;
    for l in (0..N).filter(|&l| !lane_is_zero(&flat, l, N)) {
        for k in 0..dir.len() {
            *dir.scalar_mut(k) = flat[k * N + l];
        }
        let (v, t) = f.tangent(&dir);
        let o = out.get_or_insert_with(|| zeros::<_, Lanes<F::Scalar, N>, _>(&t));
        for (i, x) in t.to_flat_vec().into_iter().enumerate() {
            *o.scalar_mut(i * N + l) = x;
        }
        value = Some(v);
    }
    let value = value.unwrap_or_else(|| f.value());
    let out = out.unwrap_or_else(|| zeros::<_, Lanes<F::Scalar, N>, _>(&value));
    (value, out)
}

/// [`Differentiable::adjoint_lanes`] by one scalar sweep per lane (zero lanes skipped).
pub(super) fn adjoint_lanes_by_lane<F: Differentiable + ?Sized, const N: usize>(
    f: &F,
    cotangents: &LanesOf<F::Output, F::Scalar, N>,
    stack: &mut Stack<F::Scalar>,
) -> (F::Output, LanesOf<F::Input, F::Scalar, N>)
where
    F::Input: LanesShape<F::Scalar, N>,
    F::Output: LanesShape<F::Scalar, N>,
{
    let flat = cotangents.to_flat_vec();
    let mut w = f.output_zeros();
    let mut out = zeros::<_, Lanes<F::Scalar, N>, _>(&f.input_zeros());
    let mut value = None;
    for l in (0..N).filter(|&l| !lane_is_zero(&flat, l, N)) {
        for i in 0..w.len() {
            *w.scalar_mut(i) = flat[i * N + l];
        }
        let (v, g) = f.adjoint(&w, stack);
        for (k, x) in g.to_flat_vec().into_iter().enumerate() {
            *out.scalar_mut(k * N + l) = x;
        }
        value = Some(v);
    }
    (value.unwrap_or_else(|| f.value()), out)
}
