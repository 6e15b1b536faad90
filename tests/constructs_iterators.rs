//! Iterator chains, closures and `for` loops over sequences: each differentiated
//! function checked by the full oracle battery (forward = reverse = finite
//! differences, dot-product test), against its closed form, and in second order
//! (Hessian against finite differences of the gradient, Laplacian = its trace)
//! where its result is a scalar; non-square shapes, empty and one-element inputs.

mod common;

use common::{assert_slice_close, check, check_second, close};
use jacobian::differentiate;

const TOL: f64 = 1e-6;

/// The Hessian and Laplacian of a slice function `f` at `x` against finite
/// differences of its gradient.
macro_rules! second {
    ($f:ident, $x:expr) => {{
        let x: &[f64] = $x;
        check_second(
            &$f::hessian(x),
            $f::laplacian(x),
            &|p| $f::gradient(p),
            x,
            1e-5,
        );
    }};
}

// ---------------------------------------------------------------- reductions

/// Σ aᵢ bᵢ over the shorter of the two: `zip`, `map` with a tuple pattern, `sum`.
#[differentiate]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(p, q)| p * q).sum()
}

#[test]
fn zip_map_sum_is_a_dot_product() {
    let (a, b) = ([0.5, -1.0, 2.0], [1.5, 0.25, -0.75, 9.0]);
    let fd = check(&dot::bind(&a, &b), TOL);
    // ∂/∂a = b[..3], ∂/∂b = (a, 0): the fourth b pairs with nothing.
    assert_slice_close(
        fd.as_slice(),
        &[1.5, 0.25, -0.75, 0.5, -1.0, 2.0, 0.0],
        1e-6,
        "closed form",
    );
    let (ga, gb) = dot::gradient(&a, &b);
    assert_slice_close(&ga, &b[..3], 1e-14, "∂a");
    assert_slice_close(&gb, &[0.5, -1.0, 2.0, 0.0], 1e-14, "∂b");
    // Size 0 and 1.
    check(&dot::bind(&[], &[1.0]), TOL);
    check(&dot::bind(&[2.0], &[3.0]), TOL);
    assert_eq!(dot::value_and_gradient(&[], &[]).0, 0.0);
}

/// Σ xᵢ² on an array, and Σ xᵢ: `map` with a reference parameter, `sum` alone.
#[differentiate]
fn sum_squares(x: &[f64; 4]) -> f64 {
    let s: f64 = x.iter().sum();
    x.iter().map(|v| v * v).sum::<f64>() + s
}

#[test]
fn sum_of_squares_has_gradient_2x_plus_1_and_hessian_2i() {
    let x = [0.3, -1.2, 2.0, 0.7];
    let fd = check(&sum_squares::bind(&x), TOL);
    let want: Vec<f64> = x.iter().map(|v| 2.0 * v + 1.0).collect();
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
    let h = sum_squares::hessian(&x);
    for i in 0..4 {
        for j in 0..4 {
            assert!(close(h[(i, j)], if i == j { 2.0 } else { 0.0 }, 1e-12));
        }
    }
    assert!(close(sum_squares::laplacian(&x), 8.0, 1e-12));
}

/// max xᵢ as `fold(NEG_INFINITY, f64::max)`: a fold with a function path.
#[differentiate]
fn max_fold(x: &[f64]) -> f64 {
    x.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

#[test]
fn fold_with_max_picks_the_largest() {
    let x = [0.3, 2.5, -1.0, 1.75];
    let fd = check(&max_fold::bind(&x), TOL);
    assert_slice_close(
        fd.as_slice(),
        &[0.0, 1.0, 0.0, 0.0],
        1e-6,
        "one-hot at the maximum",
    );
    assert_eq!(max_fold::value_and_gradient(&[]).0, f64::NEG_INFINITY);
}

/// Π (1 + xᵢ) by `fold` with a closure, and Π xᵢ by `product`.
#[differentiate]
fn products(x: &[f64]) -> f64 {
    let p = x.iter().fold(1.0, |acc, v| acc * (1.0 + v));
    p + x.iter().product::<f64>()
}

#[test]
fn products_by_fold_and_product() {
    let x = [0.5, -0.25, 1.5];
    let fd = check(&products::bind(&x), TOL);
    let p: f64 = x.iter().map(|v| 1.0 + v).product();
    let q: f64 = x.iter().product();
    let want: Vec<f64> = x.iter().map(|v| p / (1.0 + v) + q / v).collect();
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
    second!(products, &x);
    assert_eq!(products::value_and_gradient(&[]).0, 2.0);
}

/// Σ (xᵢ₊₁ − xᵢ)² by `windows(2)`.
#[differentiate]
fn squared_steps(x: &[f64]) -> f64 {
    x.windows(2).map(|w| (w[1] - w[0]).powi(2)).sum()
}

#[test]
fn windows_see_neighbours() {
    let x = [0.1, 0.7, -0.4, 1.1, 0.0];
    let fd = check(&squared_steps::bind(&x), TOL);
    let mut want = [0.0; 5];
    for i in 0..4 {
        let d = x[i + 1] - x[i];
        want[i] -= 2.0 * d;
        want[i + 1] += 2.0 * d;
    }
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
    second!(squared_steps, &x);
    // One element: no window.
    assert_eq!(squared_steps::gradient(&[3.0]), vec![0.0]);
}

/// Σ over chunks of 2 of the chunk's product: a chain inside a closure, over a
/// chunk, and a shorter last chunk.
#[differentiate]
fn chunk_products(x: &[f64]) -> f64 {
    x.chunks(2).map(|c| c.iter().product::<f64>()).sum()
}

#[test]
fn chunks_and_a_nested_chain() {
    let x = [0.5, 2.0, -1.5, 3.0, 0.75];
    let fd = check(&chunk_products::bind(&x), TOL);
    assert_slice_close(
        fd.as_slice(),
        &[2.0, 0.5, 3.0, -1.5, 1.0],
        1e-6,
        "closed form",
    );
    second!(chunk_products, &x);
}

/// Σ √xᵢ over positive xᵢ: `filter` with a double dereference.
#[differentiate]
fn positive_roots(x: &[f64]) -> f64 {
    x.iter().filter(|v| **v > 0.0).map(|v| v.sqrt()).sum()
}

#[test]
fn filter_skips_elements_and_their_derivatives() {
    let x = [4.0, -1.0, 0.25, -9.0];
    let fd = check(&positive_roots::bind(&x), TOL);
    assert_slice_close(fd.as_slice(), &[0.25, 0.0, 1.0, 0.0], 1e-6, "closed form");
    second!(positive_roots, &x);
}

/// `rev`, `skip`, `step_by`, `enumerate` in one chain: Σₖ (k + 1)·x[n − 2 − 2k].
#[differentiate]
fn strided(x: &[f64]) -> f64 {
    x.iter()
        .rev()
        .skip(1)
        .step_by(2)
        .enumerate()
        .map(|(k, v)| (k as f64 + 1.0) * v)
        .sum()
}

#[test]
fn position_adaptors_compose() {
    let x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    // Reversed: 6 5 4 3 2 1; skip 1: 5 4 3 2 1; step 2: 5 3 1 → x[4], x[2], x[0].
    let fd = check(&strided::bind(&x), TOL);
    assert_slice_close(
        fd.as_slice(),
        &[3.0, 0.0, 2.0, 0.0, 1.0, 0.0],
        1e-6,
        "closed form",
    );
    let want: f64 = x
        .iter()
        .rev()
        .skip(1)
        .step_by(2)
        .enumerate()
        .map(|(k, v)| (k as f64 + 1.0) * v)
        .sum();
    assert!(close(strided::tangent(&x, &[0.0; 6]).0, want, 1e-14));
    for n in 0..4 {
        check(&strided::bind(&x[..n]), TOL);
    }
}

/// `take` and a range source: Σ_{i < min(n, 3)} xᵢ · x_{n−1−i}.
#[differentiate]
fn mirrored(x: &[f64]) -> f64 {
    (0..x.len())
        .take(3)
        .map(|i| x[i] * x[x.len() - 1 - i])
        .sum()
}

#[test]
fn ranges_in_chains() {
    let x = [0.5, -1.0, 2.0, 1.5];
    let fd = check(&mirrored::bind(&x), TOL);
    // x0·x3 + x1·x2 + x2·x1 → ∂ = (x3, 2x2, 2x1, x0)
    assert_slice_close(fd.as_slice(), &[1.5, 4.0, -2.0, 0.5], 1e-6, "closed form");
    second!(mirrored, &x);
}

/// Σ x[1..]ᵢ · x[..n−1]ᵢ: slices as sources.
#[differentiate]
fn lagged(x: &[f64]) -> f64 {
    x[1..]
        .iter()
        .zip(&x[..x.len() - 1])
        .map(|(a, b)| a * b)
        .sum()
}

#[test]
fn slices_as_sources() {
    let x = [0.5, -1.0, 2.0, 1.5];
    let fd = check(&lagged::bind(&x), TOL);
    assert_slice_close(fd.as_slice(), &[-1.0, 2.5, 0.5, 2.0], 1e-6, "closed form");
    second!(lagged, &x);
}

// ---------------------------------------------------------------- for loops

/// Every spelling of a `for` loop over elements.
#[differentiate]
fn loops(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for xi in x.iter() {
        s += xi.sin();
    }
    for (i, xi) in x.iter().enumerate() {
        s += (i as f64) * xi;
    }
    for &xi in x {
        s += xi * xi;
    }
    for xi in x.iter().rev() {
        s = s * 0.5 + *xi;
    }
    s
}

#[test]
fn for_loops_over_elements() {
    let x = [0.3, -0.8, 1.2];
    let fd = check(&loops::bind(&x), TOL);
    let mut want = [0.0; 3];
    // The last loop runs s ← s/2 + x_k for k = 2, 1, 0: s_final = s₀/8 + x₂/4 + x₁/2 + x₀.
    let late = [1.0, 0.5, 0.25];
    for i in 0..3 {
        want[i] = (x[i].cos() + i as f64 + 2.0 * x[i]) / 8.0 + late[i];
    }
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
    second!(loops, &x);
    check(&loops::bind(&[]), TOL);
    check(&loops::bind(&[0.4]), TOL);
}

/// yᵢ = e^{xᵢ}·c through `iter_mut` zipped with the input: writes through the loop variable.
#[differentiate]
fn exp_into(x: &[f64; 3], c: f64) -> [f64; 3] {
    let mut y = [0.0; 3];
    for (yi, xi) in y.iter_mut().zip(x.iter()) {
        *yi = xi.exp() * c;
    }
    y
}

#[test]
fn iter_mut_writes_the_output() {
    let (x, c) = ([0.1, -0.5, 0.9], 1.5);
    let fd = check(&exp_into::bind(&x, c), TOL);
    // 3 × 4 Jacobian: diag(c·eˣ) | eˣ.
    for i in 0..3 {
        for j in 0..3 {
            let want = if i == j { c * x[i].exp() } else { 0.0 };
            assert!(close(fd[(i, j)], want, 1e-6));
        }
        assert!(close(fd[(i, 3)], x[i].exp(), 1e-6));
    }
}

/// `tanh` of every element, collected: a `Vec` result of the input's length.
#[differentiate]
fn tanh_all(x: &[f64]) -> Vec<f64> {
    x.iter().map(|v| v.tanh()).collect::<Vec<_>>()
}

#[test]
fn collect_builds_a_vec() {
    let x = [0.2, -1.0, 0.5, 2.0, -0.1];
    let fd = check(&tanh_all::bind(&x), TOL);
    for i in 0..5 {
        for j in 0..5 {
            let want = if i == j {
                1.0 - x[i].tanh().powi(2)
            } else {
                0.0
            };
            assert!(close(fd[(i, j)], want, 1e-6));
        }
    }
    assert!(tanh_all::jacobian(&[]).rows() == 0);
}

// ---------------------------------------------------------------- closures

/// Closures bound with `let`, capturing locals, called several times and nested.
#[differentiate]
fn closures(x: f64, y: f64) -> f64 {
    let sq = |a: f64| a * a;
    let k = 2.0 * y;
    let scale = |a: f64| k * a;
    let k = 100.0; // shadows `k` after `scale` captured it
    sq(x) + scale(x) + sq(scale(y)) + k * 0.0
}

#[test]
fn closures_capture_where_they_are_written() {
    let (x, y) = (0.7, -1.3);
    let fd = check(&closures::bind(x, y), TOL);
    // f = x² + 2xy + 4y⁴: ∂x = 2x + 2y, ∂y = 2x + 16y³
    assert_slice_close(
        fd.as_slice(),
        &[2.0 * x + 2.0 * y, 2.0 * x + 16.0 * y.powi(3)],
        1e-6,
        "closed form",
    );
    assert!(close(
        closures::tangent(x, y, 0.0, 0.0).0,
        x * x + 2.0 * x * y + 4.0 * y.powi(4),
        1e-12
    ));
}

/// `for_each` with a closure that updates a captured accumulator, and a `let`
/// closure passed to `map`.
#[differentiate]
fn effects(x: &[f64]) -> f64 {
    let mut s = 0.0;
    x.iter().for_each(|v| s += v.cos());
    let cube = |v: &f64| v * v * v;
    s + x.iter().map(cube).sum::<f64>()
}

#[test]
fn for_each_and_named_closures() {
    let x = [0.4, -0.9];
    let fd = check(&effects::bind(&x), TOL);
    let want: Vec<f64> = x.iter().map(|v| -v.sin() + 3.0 * v * v).collect();
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
    second!(effects, &x);
}

// ---------------------------------------------------------------- f32 and generic

/// The dot product in `f32`.
#[differentiate]
fn dot32(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b.iter()).map(|(p, q)| p * q).sum()
}

#[test]
fn chains_in_f32() {
    let (a, b) = ([0.5f32, -1.0], [2.0f32, 0.25]);
    let (ga, gb) = dot32::gradient(&a, &b);
    assert_eq!(ga, vec![2.0, 0.25]);
    assert_eq!(gb, vec![0.5, -1.0]);
    check(&dot32::bind(&a, &b), 1e-3);
}

/// Σ xᵢ² by `fold` for any float type.
#[differentiate]
fn norm2<T: num_traits::Float>(x: &[T]) -> T {
    x.iter().fold(T::zero(), |acc, &v| acc + v * v)
}

#[test]
fn chains_in_generic_functions() {
    let x = [0.5, -2.0, 1.5];
    let fd = check(&norm2::bind(&x[..]), TOL);
    assert_slice_close(fd.as_slice(), &[1.0, -4.0, 3.0], 1e-6, "closed form");
    let g32 = norm2::gradient(&[1.0f32, 2.0][..]);
    assert_eq!(g32, vec![2.0f32, 4.0]);
}

// ---------------------------------------------------------------- extrema

/// max by `total_cmp` and min by `partial_cmp` of a mapped chain.
#[differentiate]
fn extrema(x: &[f64]) -> f64 {
    let hi = x.iter().max_by(|a, b| a.total_cmp(b)).unwrap();
    let lo = x
        .iter()
        .map(|v| v * v)
        .min_by(|a, b| a.partial_cmp(b).unwrap())
        .unwrap();
    let first = x
        .iter()
        .copied()
        .max_by(|&a, &b| a.partial_cmp(&b).unwrap())
        .expect("not empty");
    hi * 2.0 + lo + first
}

#[test]
fn max_by_and_min_by_pick_elements() {
    let x = [0.5, -1.5, 2.0, 0.25];
    let fd = check(&extrema::bind(&x), TOL);
    // max = x₂ (twice: 2 + 1), min of squares = x₃² → 2x₃.
    assert_slice_close(fd.as_slice(), &[0.0, 0.0, 3.0, 0.5], 1e-6, "closed form");
    assert!(close(
        extrema::tangent(&x, &[0.0; 4]).0,
        2.0 * 2.0 + 0.0625 + 2.0,
        1e-14
    ));
    // Ties: max_by keeps the last maximum (x₁: 2 + 1), min_by the first minimum
    // (x₀² → 2), as std does.
    let tie = [1.0, 1.0];
    assert_eq!(extrema::gradient(&tie), vec![2.0, 3.0]);
}

#[test]
#[should_panic(expected = "on a `None` value")]
fn max_by_of_nothing_panics() {
    let _ = extrema::gradient(&[]);
}

/// A slice bound with `let` and both iterated and indexed: x₁·Σ_{k≥1} x_k.
#[differentiate]
fn tail_sum(x: &[f64]) -> f64 {
    let tail = &x[1..];
    tail.iter().map(|v| v * tail[0]).sum()
}

#[test]
fn slices_bound_with_let() {
    let x = [0.5, 2.0, -1.0, 3.0];
    let fd = check(&tail_sum::bind(&x), TOL);
    let s: f64 = x[1..].iter().sum();
    assert_slice_close(
        fd.as_slice(),
        &[0.0, s + x[1], x[1], x[1]],
        1e-6,
        "closed form",
    );
    second!(tail_sum, &x);
}

/// `for v in a` iterates a copy of the array: writes to `a` in the body do not
/// change the elements seen.
#[differentiate]
fn by_value(x: &[f64; 3]) -> f64 {
    let mut a = *x;
    let mut s = 0.0;
    for v in a {
        a[0] = 5.0 * a[2];
        s += v * a[0];
    }
    s
}

#[test]
fn iterating_a_value_iterates_a_copy() {
    let x = [0.5, -1.0, 2.0];
    assert!(close(
        by_value::tangent(&x, &[0.0; 3]).0,
        by_value(&x),
        1e-15
    ));
    let fd = check(&by_value::bind(&x), TOL);
    // s = 5x₂ (x₀ + x₁ + x₂): ∂ = (5x₂, 5x₂, 5(x₀ + x₁) + 10x₂)
    assert_slice_close(fd.as_slice(), &[10.0, 10.0, 17.5], 1e-6, "closed form");
}
