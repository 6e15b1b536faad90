//! The sparse Jacobian of the 2-D Brusselator's right-hand side on an N × N periodic
//! grid (2N² unknowns, 12N² nonzeros): the pattern found through the generated code,
//! printed and written as an SVG, its colouring, and the compressed Jacobian timed
//! against the dense one.
//!
//! `cargo run --release --example sparsity [N]` (N = 32 by default: 2,048 unknowns)

use std::hint::black_box;
use std::time::Instant;

use jacobian::{differentiate, Coloring, SparseMatrix};

/// The Brusselator: for species u (indices k = iN + j) and v (N² + k),
/// u̇ = B + u²v − (A + 1)u + αΔu, v̇ = Au − u²v + αΔv, with the 5-point Laplacian on a
/// periodic grid. Each row depends on its cell's u and v and the four neighbours of its
/// species: 6 entries per row.
#[differentiate(wrt(y))]
fn brusselator(y: &[f64], n: usize) -> Vec<f64> {
    let (a, b) = (3.4, 1.0);
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
            d[k] = b + u * u * v - (a + 1.0) * u + alpha * lu;
            d[m + k] = a * u - u * u * v + alpha * lv;
        }
    }
    d
}

/// The fastest of `runs` timings of `f`, in microseconds.
fn best_us(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e6
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(32);
    let y: Vec<f64> = (0..2 * n * n)
        .map(|k| 1.0 + 0.5 * ((k as f64) * 0.37).sin())
        .collect();

    let pattern = brusselator::sparsity(&y, n);
    println!("{pattern}");
    let svg = std::env::temp_dir().join("brusselator-pattern.svg");
    match std::fs::write(&svg, pattern.to_svg()) {
        Ok(()) => println!("pattern written to {}", svg.display()),
        Err(e) => println!("could not write {}: {e}", svg.display()),
    }
    let coloring = Coloring::new(&pattern);
    assert!(coloring.is_valid());
    println!(
        "{} unknowns, {} nonzeros, {} colours ({:?})",
        pattern.cols(),
        pattern.nnz(),
        coloring.colors(),
        coloring.compression()
    );

    // The sparse Jacobian is the dense one.
    let dense = brusselator::jacobian(&y, n);
    let sparse = brusselator::sparse_jacobian(&y, n);
    let diff = sparse.to_dense().max_abs_diff(&dense);
    println!("largest difference from the dense Jacobian: {diff:e}");
    assert!(diff <= 1e-12 * dense.as_slice().iter().fold(1.0_f64, |a, x| a.max(x.abs())));

    let runs = 20;
    let primal = best_us(runs, || {
        black_box(brusselator(black_box(&y), n));
    });
    let detect_only = best_us(runs, || {
        black_box(brusselator::sparsity(black_box(&y), n));
    });
    let color_only = best_us(runs, || {
        black_box(Coloring::from_pattern(black_box(pattern.clone())));
    });
    let detect = detect_only + color_only;
    let mut jac = SparseMatrix::zeros(pattern.clone());
    let reuse = best_us(runs, || {
        brusselator::sparse_jacobian_into(black_box(&y), n, &coloring, &mut jac);
        black_box(&jac);
    });
    let end_to_end = best_us(runs, || {
        black_box(brusselator::sparse_jacobian(black_box(&y), n));
    });
    let dense_us = best_us(3, || {
        black_box(brusselator::jacobian(black_box(&y), n));
    });
    println!("primal                         {primal:10.1} µs");
    println!(
        "pattern + colouring            {detect:10.1} µs ({:.0}× the primal; {detect_only:.1} + {color_only:.1})",
        detect / primal
    );
    println!(
        "sparse Jacobian, reused colouring {reuse:7.1} µs ({:.0}× the primal)",
        reuse / primal
    );
    println!("sparse Jacobian, end to end    {end_to_end:10.1} µs");
    println!(
        "dense Jacobian                 {dense_us:10.1} µs ({:.0}× the sparse end to end)",
        dense_us / end_to_end
    );
}
