//! `brusselator_sparse`: the sparse Jacobian (2,048 × 2,048, 12,288 nonzeros) of the 2-D
//! Brusselator's right-hand side on a 32 × 32 periodic grid: pattern detection and
//! colouring, compressed evaluation with the colouring reused, end to end, and the
//! dense Jacobian, against echidna's sparse Jacobian (bytecode tape recorded once).

use std::collections::HashMap;
use std::hint::black_box;

use jacobian::{differentiate, Coloring, Matrix, SparseMatrix};

use crate::real::Real;
use crate::timing::{fmt_time, measure, Table};

const N: usize = 32;
const A: f64 = 3.4;
const B: f64 = 1.0;

/// The Brusselator on an `n × n` periodic grid: u at `iN + j`, v at `N² + iN + j`;
/// u̇ = B + u²v − (A + 1)u + αΔu, v̇ = Au − u²v + αΔv (5-point Laplacian).
#[differentiate(wrt(y))]
pub fn brusselator(y: &[f64], n: usize) -> Vec<f64> {
    let alpha = 10.0 * ((n - 1) * (n - 1)) as f64;
    let m = n * n;
    let mut d = vec![0.0; 2 * m];
    for i in 0..n {
        for j in 0..n {
            let k = i * n + j;
            let ip = ((i + 1) % n) * n + j;
            let im = ((i + n - 1) % n) * n + j;
            let jp = i * n + (j + 1) % n;
            let jm = i * n + (j + n - 1) % n;
            let u = y[k];
            let v = y[m + k];
            let lu = y[ip] + y[im] + y[jp] + y[jm] - 4.0 * u;
            let lv = y[m + ip] + y[m + im] + y[m + jp] + y[m + jm] - 4.0 * v;
            d[k] = B + u * u * v - (A + 1.0) * u + alpha * lu;
            d[m + k] = A * u - u * u * v + alpha * lv;
        }
    }
    d
}

/// The four neighbours of cell (i, j) on the periodic `n × n` grid.
fn neighbours(i: usize, j: usize, n: usize) -> [usize; 4] {
    [
        ((i + 1) % n) * n + j,
        ((i + n - 1) % n) * n + j,
        i * n + (j + 1) % n,
        i * n + (j + n - 1) % n,
    ]
}

/// The same for echidna's number types.
fn brusselator_generic<T: Real>(y: &[T], n: usize) -> Vec<T> {
    let alpha = T::cst(10.0 * ((n - 1) * (n - 1)) as f64);
    let m = n * n;
    let mut d = vec![T::cst(0.0); 2 * m];
    for i in 0..n {
        for j in 0..n {
            let k = i * n + j;
            let nb = neighbours(i, j, n);
            let (u, v) = (y[k], y[m + k]);
            let lu = y[nb[0]] + y[nb[1]] + y[nb[2]] + y[nb[3]] - T::cst(4.0) * u;
            let lv = y[m + nb[0]] + y[m + nb[1]] + y[m + nb[2]] + y[m + nb[3]] - T::cst(4.0) * v;
            d[k] = T::cst(B) + u * u * v - T::cst(A + 1.0) * u + alpha * lu;
            d[m + k] = T::cst(A) * u - u * u * v + alpha * lv;
        }
    }
    d
}

/// The hand-written Jacobian's entries `(row, column, value)` for the state `y`.
fn hand(y: &[f64], n: usize, out: &mut Vec<(usize, usize, f64)>) {
    out.clear();
    let alpha = 10.0 * ((n - 1) * (n - 1)) as f64;
    let m = n * n;
    for i in 0..n {
        for j in 0..n {
            let k = i * n + j;
            let nb = neighbours(i, j, n);
            let (u, v) = (y[k], y[m + k]);
            // ∂u̇/∂u = 2uv − (A + 1) − 4α, ∂u̇/∂v = u², α per neighbour of u
            out.push((k, k, 2.0 * u * v - (A + 1.0) - 4.0 * alpha));
            out.push((k, m + k, u * u));
            // ∂v̇/∂u = A − 2uv, ∂v̇/∂v = −u² − 4α, α per neighbour of v
            out.push((m + k, k, A - 2.0 * u * v));
            out.push((m + k, m + k, -u * u - 4.0 * alpha));
            for &q in &nb {
                out.push((k, q, alpha));
                out.push((m + k, m + q, alpha));
            }
        }
    }
}

fn state() -> Vec<f64> {
    (0..2 * N * N)
        .map(|k| 1.0 + 0.5 * ((k as f64) * 0.37).sin())
        .collect()
}

pub fn run() -> Vec<Table> {
    let y = state();
    let mut t = Table::new(format!(
        "brusselator_sparse: sparse Jacobian of the 2-D Brusselator, {N} × {N} grid ({} unknowns)",
        2 * N * N
    ));
    // Every method's result as the values at the hand-written entries, in their order.
    let mut entries = Vec::new();
    hand(&y, N, &mut entries);
    let at: Vec<(usize, usize)> = entries.iter().map(|&(i, j, _)| (i, j)).collect();
    let sparse_flat = |m: &SparseMatrix<f64>| {
        assert_eq!(m.values().len(), at.len(), "a pattern of another size");
        at.iter().map(|&(i, j)| m.get(i, j)).collect::<Vec<f64>>()
    };
    let dense_flat = |m: &Matrix<f64>| at.iter().map(|&(i, j)| m[(i, j)]).collect::<Vec<f64>>();

    t.primal("primal (plain Rust)", || brusselator(black_box(&y), N));
    let mut buf = Vec::new();
    t.hand_in_place(
        "hand-written entries",
        &mut buf,
        |b| hand(black_box(&y), N, b),
        |b| b.iter().map(|e| e.2).collect(),
    );
    let pattern = brusselator::sparsity(&y, N);
    let coloring = Coloring::new(&pattern);
    let detect = measure(|| Coloring::from_pattern(brusselator::sparsity(black_box(&y), N)));
    t.note(format!(
        "ours: pattern detection + colouring {} per call ({} nonzeros, {} colours, {:?})",
        fmt_time(detect.median),
        pattern.nnz(),
        coloring.colors(),
        coloring.compression()
    ));
    let mut jac = SparseMatrix::zeros(pattern.clone());
    t.method_in_place(
        "ours: `sparse_jacobian_into` (colouring reused)",
        &mut jac,
        |j| brusselator::sparse_jacobian_into(black_box(&y), N, &coloring, j),
        sparse_flat,
    );
    t.method(
        "ours: `sparse_jacobian` (detect + colour + evaluate)",
        || brusselator::sparse_jacobian(black_box(&y), N),
        sparse_flat,
    );
    t.method(
        "ours: dense `jacobian` (256 8-lane tangent sweeps)",
        || brusselator::jacobian(black_box(&y), N),
        dense_flat,
    );
    let (mut tape, _) = echidna::record_multi(|v| brusselator_generic(v, N), &y);
    // echidna's values at the hand-written entries (zero where its pattern has none).
    let echidna_at = |p: &echidna::sparse::JacobianSparsityPattern, v: &[f64]| {
        let map: HashMap<(usize, usize), f64> = p
            .rows
            .iter()
            .zip(&p.cols)
            .zip(v)
            .map(|((&i, &j), &x)| ((i as usize, j as usize), x))
            .collect();
        at.iter()
            .map(|e| map.get(e).copied().unwrap_or(0.0))
            .collect::<Vec<f64>>()
    };
    t.method(
        "echidna: `BytecodeTape::sparse_jacobian` (tape recorded once)",
        || tape.sparse_jacobian(black_box(&y)),
        |(_, p, v)| echidna_at(p, v),
    );
    let (_, ep, _) = tape.sparse_jacobian(&y);
    let (colors, k) = echidna::sparse::column_coloring(&ep);
    t.note(format!(
        "echidna: {} nonzeros, {k} column colours",
        ep.nnz()
    ));
    t.method(
        "echidna: `sparse_jacobian_with_pattern` (pattern and colouring reused)",
        || tape.sparse_jacobian_with_pattern(black_box(&y), &ep, &colors, k, true),
        |(_, v)| echidna_at(&ep, v),
    );
    vec![t]
}

/// For `count`: the compressed evaluation with the colouring reused.
pub fn count_sparse(calls: u64) {
    let y = state();
    let coloring = Coloring::from_pattern(brusselator::sparsity(&y, N));
    let mut jac = SparseMatrix::zeros(coloring.pattern().clone());
    for _ in 0..calls {
        brusselator::sparse_jacobian_into(black_box(&y), N, &coloring, &mut jac);
        black_box(&jac);
    }
}

/// For `count`: pattern detection and colouring.
pub fn count_detect(calls: u64) {
    let y = state();
    for _ in 0..calls {
        black_box(Coloring::from_pattern(brusselator::sparsity(
            black_box(&y),
            N,
        )));
    }
}

/// For `count`: the primal.
pub fn count_primal(calls: u64) {
    let y = state();
    for _ in 0..calls {
        black_box(brusselator(black_box(&y), N));
    }
}

/// For `count`: echidna's sparse Jacobian with the pattern and colouring reused.
pub fn count_echidna(calls: u64) {
    let y = state();
    let (mut tape, _) = echidna::record_multi(|v| brusselator_generic(v, N), &y);
    let (_, ep, _) = tape.sparse_jacobian(&y);
    let (colors, k) = echidna::sparse::column_coloring(&ep);
    for _ in 0..calls {
        black_box(tape.sparse_jacobian_with_pattern(black_box(&y), &ep, &colors, k, true));
    }
}
