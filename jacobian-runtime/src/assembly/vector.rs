//! Jacobian assembly in chunks of [`LANES`] columns (forward mode) or rows
//! (reverse mode), one vector sweep per chunk; chunks of one or two use scalar
//! sweeps, where padding a vector sweep would waste most of its lanes.

use num_traits::{One, Zero};

use super::{assert_sweep_len, Differentiable};
use crate::matrix::Matrix;
use crate::shape::{Shape, TangentOf};
use crate::store::Stack;
use crate::LANES;

/// Chunks this small use scalar sweeps.
const SCALAR_CHUNK: usize = 2;

/// All columns of `jac` (`m x n`, `n > 0`) by tangent sweeps; returns the value.
pub(super) fn forward<F: Differentiable>(
    f: &F,
    mut seed: F::Input,
    jac: &mut Matrix<F::Scalar>,
) -> F::Output {
    let n = jac.cols();
    let mut value = None;
    let mut lanes = None;
    for k0 in (0..n).step_by(LANES) {
        let width = LANES.min(n - k0);
        let v = if width <= SCALAR_CHUNK {
            (k0..k0 + width)
                .map(|k| forward_one(f, &mut seed, k, jac))
                .last()
        } else {
            let d = lanes.get_or_insert_with(|| seed.zero_lanes());
            Some(forward_chunk(f, d, k0, width, jac))
        };
        value = value.or(v);
    }
    value.unwrap_or_else(|| f.value())
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

/// Columns `k0..k0 + width` by one vector tangent sweep; `seed` is all zero.
fn forward_chunk<F: Differentiable>(
    f: &F,
    seed: &mut <F::Input as TangentOf>::Lanes,
    k0: usize,
    width: usize,
    jac: &mut Matrix<F::Scalar>,
) -> F::Output {
    let (m, n) = jac.shape();
    for l in 0..width {
        *seed.scalar_mut((k0 + l) * LANES + l) = F::Scalar::one();
    }
    let (v, mut t) = f.tangent_lanes(seed);
    for l in 0..width {
        *seed.scalar_mut((k0 + l) * LANES + l) = F::Scalar::zero();
    }
    assert_sweep_len("vector tangent sweep", t.len(), m * LANES);
    let entries = jac.as_mut_slice();
    for i in 0..m {
        for l in 0..width {
            entries[i * n + k0 + l] = *t.scalar_mut(i * LANES + l);
        }
    }
    v
}

/// All rows of `jac` (`m x n`, `m > 0`) by adjoint sweeps, with a pooled
/// stack (so repeated calls do not allocate); returns the value.
pub(super) fn reverse<F: Differentiable>(f: &F, jac: &mut Matrix<F::Scalar>) -> F::Output {
    let m = jac.rows();
    let mut seed = f.output_zeros();
    let mut lanes = None;
    crate::store::with_stack(|stack| {
        let mut value = None;
        for i0 in (0..m).step_by(LANES) {
            let width = LANES.min(m - i0);
            let v = if width <= SCALAR_CHUNK {
                (i0..i0 + width)
                    .map(|i| reverse_one(f, &mut seed, i, stack, jac))
                    .last()
            } else {
                let w = lanes.get_or_insert_with(|| seed.zero_lanes());
                Some(reverse_chunk(f, w, i0, width, stack, jac))
            };
            debug_assert!(
                stack.is_empty(),
                "the adjoint sweep left values on the stack"
            );
            value = value.or(v);
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

/// Rows `i0..i0 + width` by one vector adjoint sweep; `seed` is all zero.
fn reverse_chunk<F: Differentiable>(
    f: &F,
    seed: &mut <F::Output as TangentOf>::Lanes,
    i0: usize,
    width: usize,
    stack: &mut Stack<F::Scalar>,
    jac: &mut Matrix<F::Scalar>,
) -> F::Output {
    let n = jac.cols();
    for l in 0..width {
        *seed.scalar_mut((i0 + l) * LANES + l) = F::Scalar::one();
    }
    let (v, mut g) = f.adjoint_lanes(seed, stack);
    for l in 0..width {
        *seed.scalar_mut((i0 + l) * LANES + l) = F::Scalar::zero();
    }
    assert_sweep_len("vector adjoint sweep", g.len(), n * LANES);
    for l in 0..width {
        let row = jac.row_mut(i0 + l);
        for (k, entry) in row.iter_mut().enumerate() {
            *entry = *g.scalar_mut(k * LANES + l);
        }
    }
    v
}

/// True when lane `l` of a flattened lanes value is zero throughout.
fn lane_is_zero<S: num_traits::Zero + Copy>(flat: &[S], l: usize) -> bool {
    flat.iter().skip(l).step_by(LANES).all(|x| x.is_zero())
}

/// [`Differentiable::tangent_lanes`] by one scalar sweep per lane (lanes whose
/// direction is zero are skipped: their tangent is zero).
pub(super) fn tangent_lanes_by_lane<F: Differentiable + ?Sized>(
    f: &F,
    directions: &<F::Input as TangentOf>::Lanes,
) -> (F::Output, <F::Output as TangentOf>::Lanes) {
    let flat = directions.to_flat_vec();
    let mut dir = f.input_zeros();
    let mut out: Option<<F::Output as TangentOf>::Lanes> = None;
    let mut value = None;
    for l in (0..LANES).filter(|&l| !lane_is_zero(&flat, l)) {
        for k in 0..dir.len() {
            *dir.scalar_mut(k) = flat[k * LANES + l];
        }
        let (v, t) = f.tangent(&dir);
        let o = out.get_or_insert_with(|| t.zero_lanes());
        for (i, x) in t.to_flat_vec().into_iter().enumerate() {
            *o.scalar_mut(i * LANES + l) = x;
        }
        value = Some(v);
    }
    let value = value.unwrap_or_else(|| f.value());
    let out = out.unwrap_or_else(|| value.zero_lanes());
    (value, out)
}

/// [`Differentiable::adjoint_lanes`] by one scalar sweep per lane (zero lanes skipped).
pub(super) fn adjoint_lanes_by_lane<F: Differentiable + ?Sized>(
    f: &F,
    cotangents: &<F::Output as TangentOf>::Lanes,
    stack: &mut Stack<F::Scalar>,
) -> (F::Output, <F::Input as TangentOf>::Lanes) {
    let flat = cotangents.to_flat_vec();
    let mut w = f.output_zeros();
    let mut out = f.input_zeros().zero_lanes();
    let mut value = None;
    for l in (0..LANES).filter(|&l| !lane_is_zero(&flat, l)) {
        for i in 0..w.len() {
            *w.scalar_mut(i) = flat[i * LANES + l];
        }
        let (v, g) = f.adjoint(&w, stack);
        for (k, x) in g.to_flat_vec().into_iter().enumerate() {
            *out.scalar_mut(k * LANES + l) = x;
        }
        value = Some(v);
    }
    (value.unwrap_or_else(|| f.value()), out)
}
