//! Sparse Jacobians: patterns found through the generated code, colourings, and the
//! compressed evaluation, against the dense Jacobian (itself checked against finite
//! differences) and closed-form patterns.

#![allow(clippy::needless_range_loop)]

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use common::{assert_matrix_close, check};
use jacobian::{differentiate, Coloring, Compression, Pattern, SparseMatrix};

/// Counts this thread's allocations (tests run on several threads at once).
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

const N: usize = 12;

/// A 1-D reaction–diffusion right-hand side with periodic boundaries:
/// fᵢ = uᵢ₋₁ − 2uᵢ + uᵢ₊₁ + uᵢ²(1 − uᵢ), a tridiagonal (and corner) Jacobian.
#[differentiate]
fn rhs(u: &[f64; N]) -> [f64; N] {
    let mut f = [0.0; N];
    for i in 0..N {
        let l = u[(i + N - 1) % N];
        let r = u[(i + 1) % N];
        f[i] = l - 2.0 * u[i] + r + u[i] * u[i] * (1.0 - u[i]);
    }
    f
}

fn periodic_tridiagonal(n: usize) -> Pattern {
    Pattern::new(
        n,
        n,
        (0..n).flat_map(|i| [(i, (i + n - 1) % n), (i, i), (i, (i + 1) % n)]),
    )
}

fn point(n: usize) -> Vec<f64> {
    (0..n).map(|i| 0.3 + 0.1 * (i as f64).sin()).collect()
}

#[test]
fn a_stencil_has_its_exact_pattern_and_the_dense_jacobian() {
    let u: [f64; N] = point(N).try_into().unwrap();
    let p = rhs::sparsity(&u);
    assert_eq!(p, periodic_tridiagonal(N));
    let c = Coloring::new(&p);
    assert!(c.is_valid());
    assert_eq!((c.compression(), c.colors()), (Compression::Columns, 3));
    check(&rhs::bind(&u), 1e-6);
    let dense = rhs::jacobian(&u);
    let sparse = rhs::sparse_jacobian(&u);
    assert_matrix_close(&sparse.to_dense(), &dense, 1e-14, "sparse vs dense");
    // The pattern holds at another point, and the storage is reused.
    let mut jac = SparseMatrix::zeros(p.clone());
    let v: [f64; N] = core::array::from_fn(|i| -0.5 + 0.07 * i as f64);
    rhs::sparse_jacobian_into(&u, &c, &mut jac);
    let before = allocations();
    rhs::sparse_jacobian_into(&v, &c, &mut jac);
    assert_eq!(allocations(), before, "sparse_jacobian_into allocated");
    // The counter counts: finding a pattern allocates its index lists.
    let _ = rhs::sparsity(&v);
    assert!(allocations() > before);
    assert_matrix_close(&jac.to_dense(), &rhs::jacobian(&v), 1e-14, "at v");
}

/// A slice function over more inputs than one sweep's sets hold (600 > 256), with a
/// scalar parameter that every output depends on: a dense last column.
#[differentiate]
fn chain(u: &[f64], k: f64) -> Vec<f64> {
    let n = u.len();
    let mut f = vec![0.0; n];
    for i in 0..n {
        let l = if i > 0 { u[i - 1] } else { 0.0 };
        f[i] = k * (u[i] * u[i] - l) + (u[i] * k).sin();
    }
    f
}

#[test]
fn patterns_across_several_sweeps_of_sets_and_a_dense_column() {
    let n = 600;
    let u = point(n);
    let p = chain::sparsity(&u, 0.7);
    let want = Pattern::new(
        n,
        n + 1,
        (0..n).flat_map(|i| {
            let mut e = vec![(i, i), (i, n)];
            if i > 0 {
                e.push((i, i - 1));
            }
            e
        }),
    );
    assert_eq!(p, want);
    let jac = chain::sparse_jacobian(&u, 0.7);
    let dense = chain::jacobian(&u, 0.7);
    assert_matrix_close(&jac.to_dense(), &dense, 1e-13, "sparse vs dense");
    // 2 colours for the bidiagonal part, 1 more for the dense column.
    assert_eq!(Coloring::new(&p).colors(), 3);
    // Small and empty.
    check(&chain::bind(&[0.5], 2.0), 1e-6);
    let e = chain::sparse_jacobian(&[], 1.0);
    assert_eq!((e.rows(), e.cols(), e.values().len()), (0, 1, 0));
}

/// y₀ = Σ xᵢ, y₁ = x₀·w₀, y₂ = x₂ (differentiated with respect to x only): a dense row,
/// so the row colouring (reverse sweeps) is cheaper.
#[differentiate(wrt(x))]
fn summary(x: &[f64; 5], w: &[f64; 2]) -> [f64; 3] {
    [x[0] + x[1] + x[2] + x[3] + x[4], x[0] * w[0], x[2] * w[1]]
}

#[test]
fn a_dense_row_is_computed_by_reverse_sweeps() {
    let (x, w) = ([1.0, 2.0, 3.0, 4.0, 5.0], [0.5, 0.0]);
    let p = summary::sparsity(&x, &w);
    // (2, 2) is kept although ∂y₂/∂x₂ = w₁ = 0 here: the pattern is structural.
    assert_eq!(
        p,
        Pattern::new(
            3,
            5,
            [(0, 0), (0, 1), (0, 2), (0, 3), (0, 4), (1, 0), (2, 2)]
        )
    );
    let c = Coloring::new(&p);
    assert_eq!((c.compression(), c.colors()), (Compression::Rows, 2));
    assert!(c.is_valid());
    let jac = summary::sparse_jacobian(&x, &w);
    assert_matrix_close(&jac.to_dense(), &summary::jacobian(&x, &w), 0.0, "reverse");
    assert_eq!(jac.get(1, 0), 0.5);
    // The column colouring gives the same numbers.
    let mut by_columns = SparseMatrix::zeros(p.clone());
    summary::sparse_jacobian_into(&x, &w, &Coloring::columns(&p), &mut by_columns);
    assert_eq!(by_columns, jac);
}

/// A branch on an active value: the pattern is the path's; `max` keeps both sides.
#[differentiate]
fn branchy(x: &[f64; 3]) -> [f64; 2] {
    let a = if x[0] > 0.0 { x[1] * 2.0 } else { x[2] };
    [a, x[0].max(x[1]).floor() + x[0].max(x[2])]
}

#[test]
fn value_dependent_branches_give_the_path_pattern() {
    let pos = branchy::sparsity(&[1.0, 2.0, 3.0]);
    let neg = branchy::sparsity(&[-1.0, 2.0, 3.0]);
    // floor passes no dependence; max keeps both operands.
    assert_eq!(pos, Pattern::new(2, 3, [(0, 1), (1, 0), (1, 2)]));
    assert_eq!(neg, Pattern::new(2, 3, [(0, 2), (1, 0), (1, 2)]));
    let j = branchy::sparse_jacobian(&[-1.0, 2.0, 3.0]);
    assert_matrix_close(
        &j.to_dense(),
        &branchy::jacobian(&[-1.0, 2.0, 3.0]),
        0.0,
        "branch",
    );
}

/// In single precision, through a call of another differentiated function.
#[differentiate]
fn sq<T: jacobian::Scalar>(a: T) -> T {
    a * a
}

#[differentiate]
fn pairs<T: jacobian::Scalar>(x: &[T; 4]) -> [T; 2] {
    [sq(x[0]) + x[1], sq(x[2] * x[3])]
}

#[test]
fn generic_functions_and_calls_in_f32_and_f64() {
    let want = Pattern::new(2, 4, [(0, 0), (0, 1), (1, 2), (1, 3)]);
    assert_eq!(pairs::sparsity(&[1.0_f32, 2.0, 3.0, 4.0]), want);
    assert_eq!(pairs::sparsity(&[1.0_f64, 2.0, 3.0, 4.0]), want);
    let j = pairs::sparse_jacobian(&[1.0_f32, 2.0, 3.0, 4.0]);
    assert_eq!(j.values(), [2.0, 1.0, 2.0 * 3.0 * 16.0, 2.0 * 9.0 * 4.0]);
}

#[test]
fn a_fully_dense_function_has_the_dense_pattern() {
    let p = pairs::sparsity(&[0.0_f64; 4]);
    assert_eq!(p.nnz(), 4);
    let dense = summary::sparsity(&[0.0; 5], &[0.0; 2]);
    assert_eq!(dense.row(0).len(), 5);
    let sq_p = sq::sparsity(0.0_f64);
    assert_eq!(sq_p, Pattern::dense(1, 1));
    assert_eq!(sq::sparse_jacobian(3.0_f64).get(0, 0), 6.0);
}

#[test]
fn sparse_jacobians_convert_to_nalgebra_faer_and_sprs() {
    let x = [1.0, 2.0, 3.0, 4.0, 5.0];
    let j = summary::sparse_jacobian(&x, &[0.5, 2.0]);
    let entries: Vec<(usize, usize, f64)> = j.triplets().collect();
    // nalgebra-sparse, CSR and CSC
    let csr = nalgebra_sparse::CsrMatrix::from(&j);
    let csc = nalgebra_sparse::CscMatrix::from(&j);
    assert_eq!((csr.nrows(), csr.ncols(), csr.nnz()), (3, 5, 7));
    let from_csr: Vec<(usize, usize, f64)> =
        csr.triplet_iter().map(|(i, k, v)| (i, k, *v)).collect();
    assert_eq!(from_csr, entries);
    let mut from_csc: Vec<(usize, usize, f64)> =
        csc.triplet_iter().map(|(i, k, v)| (i, k, *v)).collect();
    from_csc.sort_by_key(|e| (e.0, e.1));
    assert_eq!(from_csc, entries);
    // faer
    let f = faer::sparse::SparseRowMat::<usize, f64>::from(&j);
    assert_eq!((f.nrows(), f.ncols()), (3, 5));
    let from_faer: Vec<(usize, usize, f64)> =
        f.triplet_iter().map(|t| (t.row, t.col, *t.val)).collect();
    assert_eq!(from_faer, entries);
    // sprs
    let s = sprs::CsMat::from(&j);
    assert!(s.is_csr());
    let from_sprs: Vec<(usize, usize, f64)> = s.iter().map(|(v, (i, k))| (i, k, *v)).collect();
    assert_eq!(from_sprs, entries);
    assert_eq!(s.get(2, 2), Some(&2.0));
}

#[test]
fn the_union_of_path_patterns_covers_both_branches() {
    let both = branchy::sparsity(&[1.0, 2.0, 3.0]).union(&branchy::sparsity(&[-1.0, 2.0, 3.0]));
    assert_eq!(both, Pattern::new(2, 3, [(0, 1), (0, 2), (1, 0), (1, 2)]));
    for x in [[1.0, 2.0, 3.0], [-1.0, 2.0, 3.0], [0.5, -4.0, 1.0]] {
        let mut j = SparseMatrix::zeros(both.clone());
        branchy::sparse_jacobian_into(&x, &Coloring::new(&both), &mut j);
        assert_matrix_close(&j.to_dense(), &branchy::jacobian(&x), 0.0, "on the union");
    }
}
