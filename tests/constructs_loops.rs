//! One small differentiated function per loop and early-exit construct: `for`
//! over every range form, `while`, `loop`, `break`, `continue` and `return`
//! from every depth, each checked by the full oracle battery (forward = reverse
//! = finite differences, dot-product test) and, where easy, a closed form.

// The differentiated functions loop over indices (the macro has no iterator chains) and
// spell out each construct on purpose (`a = a * b` beside `a *= b`).
#![allow(clippy::needless_range_loop, clippy::assign_op_pattern)]

mod common;

use common::{assert_slice_close, check, close};
use jacobian::differentiate;

const TOL: f64 = 1e-6;

// ---------------------------------------------------------------- for loops

/// Horner's rule over `0..4`: order matters, so a wrong iteration order fails.
#[differentiate]
fn horner(c: &[f64; 4], x: f64) -> f64 {
    let mut s = 0.0;
    for i in 0..4 {
        s = s * x + c[i];
    }
    s
}

#[test]
fn for_over_exclusive_range() {
    let (c, x) = ([1.0, -2.0, 0.5, 3.0], 1.3);
    let fd = check(&horner::bind(&c, x), TOL);
    // p = c0 x³ + c1 x² + c2 x + c3
    let dp = 3.0 * c[0] * x * x + 2.0 * c[1] * x + c[2];
    assert_slice_close(
        fd.as_slice(),
        &[x * x * x, x * x, x, 1.0, dp],
        1e-6,
        "closed form",
    );
}

/// Σ_{i=1..=n} i·xⁱ via an inclusive range with a parameter bound.
#[differentiate]
fn inclusive_range(x: f64, n: usize) -> f64 {
    let mut s = 0.0;
    let mut p = 1.0;
    for i in 1..=n {
        p *= x;
        s += (i as f64) * p;
    }
    s
}

#[test]
fn for_over_inclusive_range() {
    let x = 0.9;
    for n in [0_usize, 1, 4] {
        let fd = check(&inclusive_range::bind(x, n), TOL);
        let want: f64 = (1..=n).map(|i| (i * i) as f64 * x.powi(i as i32 - 1)).sum();
        assert!(close(fd[(0, 0)], want, 1e-6), "n = {n}");
    }
}

/// Horner over `(0..4).rev()`: the coefficients are read backwards.
#[differentiate]
fn horner_rev(c: &[f64; 4], x: f64) -> f64 {
    let mut s = 0.0;
    for i in (0..4).rev() {
        s = s * x + c[i];
    }
    s
}

#[test]
fn for_over_reversed_range() {
    let (c, x) = ([1.0, -2.0, 0.5, 3.0], 1.3);
    let fd = check(&horner_rev::bind(&c, x), TOL);
    // p = c3 x³ + c2 x² + c1 x + c0
    let dp = 3.0 * c[3] * x * x + 2.0 * c[2] * x + c[1];
    assert_slice_close(
        fd.as_slice(),
        &[1.0, x, x * x, x * x * x, dp],
        1e-6,
        "closed form",
    );
}

/// Horner over `(0..7).step_by(3)` = 0, 3, 6 and `(0..7).rev().step_by(3)` = 6, 3, 0.
#[differentiate]
fn stepped(c: &[f64; 7], x: f64) -> [f64; 2] {
    let mut up = 0.0;
    for i in (0..7).step_by(3) {
        up = up * x + c[i];
    }
    let mut down = 0.0;
    for i in (0..7).rev().step_by(3) {
        down = down * x + c[i];
    }
    [up, down]
}

#[test]
fn for_over_step_by_and_rev_step_by() {
    let c = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
    let x = 0.7;
    let fd = check(&stepped::bind(&c, x), TOL);
    // up = c0 x² + c3 x + c6; down = c6 x² + c3 x + c0
    #[rustfmt::skip]
    let want = [
        x * x, 0.0, 0.0, x, 0.0, 0.0, 1.0, 2.0 * c[0] * x + c[3],
        1.0, 0.0, 0.0, x, 0.0, 0.0, x * x, 2.0 * c[6] * x + c[3],
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// `step_by` with a bound from a parameter, on a range that is not a multiple of the step.
#[differentiate]
fn stepped_param(x: &[f64], k: usize) -> f64 {
    let mut s = 1.0;
    for i in (1..x.len()).step_by(k) {
        s = s * x[i] + x[i - 1];
    }
    for i in (0..x.len()).rev().step_by(k) {
        s = s * x[i];
    }
    s
}

#[test]
fn step_by_with_parameter_bounds() {
    let x = [0.5, 1.5, -0.8, 1.2, 0.9, -1.1, 0.7];
    for k in [1, 2, 3, 10] {
        check(&stepped_param::bind(&x, k), TOL);
    }
}

/// Σ_{i ≤ j} xᵢxⱼ: the inner range starts at the outer index.
#[differentiate]
fn nested_loops(x: &[f64; 3]) -> f64 {
    let mut s = 0.0;
    for i in 0..3 {
        for j in i..3 {
            s += x[i] * x[j];
        }
    }
    s
}

#[test]
fn nested_for_loops() {
    let x = [0.5, -1.0, 2.0];
    let fd = check(&nested_loops::bind(&x), TOL);
    // ∂/∂xₖ = 2xₖ + Σ_{j≠k} xⱼ = xₖ + Σ xⱼ
    let sum: f64 = x.iter().sum();
    let want: Vec<f64> = x.iter().map(|xk| xk + sum).collect();
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// xⁿ by repeated multiplication, `n: usize` from a parameter.
#[differentiate]
fn power_loop(x: f64, n: usize) -> f64 {
    let mut p = 1.0;
    for _ in 0..n {
        p *= x;
    }
    p
}

#[test]
fn loop_bound_from_usize_parameter() {
    let x = 1.1;
    for n in [0_usize, 1, 5] {
        let fd = check(&power_loop::bind(x, n), TOL);
        let want = if n == 0 {
            0.0
        } else {
            n as f64 * x.powi(n as i32 - 1)
        };
        assert!(close(fd[(0, 0)], want, 1e-6), "n = {n}");
        let (p, dp) = power_loop::tangent(x, n, 1.0);
        assert!(
            close(p, x.powi(n as i32), 1e-14) && close(dp, want, 1e-12),
            "tangent, n = {n}"
        );
    }
}

/// Σ xᵢ² · (i + 1) over a slice, bound from `x.len()`.
#[differentiate]
fn len_bound(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..x.len() {
        s += x[i] * x[i] * ((i + 1) as f64);
    }
    s
}

#[test]
fn loop_bound_from_len() {
    let x = [0.3, -0.4, 1.2, 0.8];
    let fd = check(&len_bound::bind(&x), TOL);
    let want: Vec<f64> = x
        .iter()
        .enumerate()
        .map(|(i, xi)| 2.0 * xi * (i + 1) as f64)
        .collect();
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
    let (_, bar) = len_bound::adjoint(&x, 1.0);
    assert_slice_close(&bar, &want, 1e-12, "adjoint");
}

// ---------------------------------------------------------------- while and loop

/// Halves x until it is at most 1: x / 2ᵏ with a data-dependent k.
#[differentiate]
fn while_halving(x: f64) -> f64 {
    let mut y = x;
    let mut k = 0;
    while y > 1.0 {
        y = y * 0.5;
        k += 1;
    }
    y * (k as f64 + 1.0)
}

#[test]
fn while_with_data_dependent_trip_count() {
    for (x, k) in [(0.5, 0), (3.0, 2), (37.0, 6)] {
        let fd = check(&while_halving::bind(x), TOL);
        let want = (k as f64 + 1.0) / 2.0_f64.powi(k);
        assert!(
            close(fd[(0, 0)], want, 1e-6),
            "x = {x}: {} vs {want}",
            fd[(0, 0)]
        );
    }
}

/// A nonlinear `while` whose body also reads a parameter.
#[differentiate]
fn while_nonlinear(x: f64, a: f64) -> f64 {
    let mut y = x;
    while y < 10.0 {
        y = y * a + y.sin();
    }
    y
}

#[test]
fn while_with_nonlinear_body() {
    check(&while_nonlinear::bind(0.8, 1.7), TOL);
    check(&while_nonlinear::bind(12.0, 1.7), TOL);
}

/// Newton's iteration for √a with `loop` and a convergence `break`.
#[differentiate]
fn newton_sqrt(a: f64) -> f64 {
    let mut x = a;
    loop {
        let next = 0.5 * (x + a / x);
        if (next - x).abs() < 1e-13 * a {
            break;
        }
        x = next;
    }
    x
}

#[test]
fn loop_with_break() {
    for a in [2.0, 9.0, 0.3] {
        let fd = check(&newton_sqrt::bind(a), 1e-5);
        let (r, g) = newton_sqrt::value_and_gradient(a);
        assert!(close(r, a.sqrt(), 1e-12));
        assert!(close(g, 0.5 / a.sqrt(), 1e-8), "a = {a}: {g}");
        assert!(close(fd[(0, 0)], g, 1e-6));
    }
}

/// `loop` with a counter and a `break` in the middle of the body.
#[differentiate]
fn loop_counter(x: f64, n: usize) -> f64 {
    let mut s = 1.0;
    let mut i = 0;
    loop {
        s = s * x + 1.0;
        i += 1;
        if i >= n {
            break;
        }
        s = s.sin();
    }
    s
}

#[test]
fn loop_with_break_in_the_middle() {
    for n in [1, 2, 4] {
        check(&loop_counter::bind(0.7, n), TOL);
    }
    // n = 1: s = x + 1
    let fd = check(&loop_counter::bind(0.7, 1), TOL);
    assert!(close(fd[(0, 0)], 1.0, 1e-6));
}

/// `continue` skips odd indices.
#[differentiate]
fn skip_odd(x: &[f64; 6]) -> f64 {
    let mut s = 0.0;
    for i in 0..6 {
        if i % 2 == 1 {
            continue;
        }
        s += x[i] * x[i];
    }
    s
}

#[test]
fn continue_in_for() {
    let x = [0.5, 1.0, -1.5, 2.0, 0.25, 3.0];
    let fd = check(&skip_odd::bind(&x), TOL);
    let want = [1.0, 0.0, -3.0, 0.0, 0.5, 0.0];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// `continue` in a `while` after the counter is advanced, data-dependent.
#[differentiate]
fn continue_in_while(x: &[f64; 5]) -> f64 {
    let mut s = 1.0;
    let mut i = 0;
    while i < 5 {
        let v = x[i];
        i += 1;
        if v < 0.0 {
            continue;
        }
        s = s * v + v;
    }
    s
}

#[test]
fn continue_in_while_loop() {
    check(&continue_in_while::bind(&[0.5, -1.0, 1.5, -0.2, 0.8]), TOL);
    check(
        &continue_in_while::bind(&[-0.5, -1.0, -1.5, -0.2, -0.8]),
        TOL,
    );
}

// ---------------------------------------------------------------- early return

#[differentiate]
fn return_top_level(x: f64) -> f64 {
    if x < 0.0 {
        return -x * x;
    }
    x.sin()
}

#[test]
fn early_return_from_top_level() {
    let fd = check(&return_top_level::bind(-1.5), TOL);
    assert!(close(fd[(0, 0)], 3.0, 1e-6));
    let fd = check(&return_top_level::bind(0.5), TOL);
    assert!(close(fd[(0, 0)], 0.5_f64.cos(), 1e-6));
}

/// Running product that returns as soon as it exceeds 10.
#[differentiate]
fn return_from_loop(x: &[f64; 4]) -> f64 {
    let mut s = 1.0;
    for i in 0..4 {
        s = s * x[i];
        if s > 10.0 {
            return s * 2.0;
        }
    }
    s + 1.0
}

#[test]
fn early_return_from_inside_loop() {
    // returns at i = 2: 2·x0·x1·x2
    let x = [2.0, 3.0, 4.0, 5.0];
    let fd = check(&return_from_loop::bind(&x), TOL);
    assert_slice_close(
        fd.as_slice(),
        &[24.0, 16.0, 12.0, 0.0],
        1e-6,
        "returns early",
    );
    // never returns: x0 x1 x2 x3 + 1
    let x = [0.5, 1.5, 2.0, 0.8];
    let fd = check(&return_from_loop::bind(&x), TOL);
    assert_slice_close(fd.as_slice(), &[2.4, 0.8, 0.6, 1.5], 1e-6, "falls through");
}

/// Returns from the inner of two loops, under two nested branches.
#[differentiate]
fn return_from_nested(x: &[f64; 3], y: f64) -> f64 {
    let mut acc = y;
    for i in 0..3 {
        for j in 0..3 {
            acc = acc * 0.9 + x[i] * x[j];
            if i > 0 {
                if acc > 5.0 {
                    return acc * y;
                } else if acc < -5.0 {
                    return -acc;
                }
            }
        }
        acc = acc.sin() * 3.0;
    }
    acc
}

#[test]
fn early_return_from_nested_loops_and_branches() {
    check(&return_from_nested::bind(&[0.3, 0.2, -0.1], 0.5), TOL); // no return
    check(&return_from_nested::bind(&[1.0, 2.5, 1.0], 0.5), TOL); // acc > 5 at (1, 1)
    check(&return_from_nested::bind(&[0.2, 0.3, 2.5], 0.5), TOL); // acc > 5 at (2, 2)
    check(&return_from_nested::bind(&[3.0, -2.5, 1.0], 0.5), TOL); // acc < -5 at (1, 0)
}

/// `return` as the last statement, with a value computed in a loop.
#[allow(clippy::needless_return)] // the explicit `return` is the construct under test
#[differentiate]
fn explicit_tail_return(x: f64) -> f64 {
    let mut s = x;
    for _ in 0..3 {
        s = s * s * 0.5;
    }
    return s + x;
}

#[test]
fn explicit_return_at_end() {
    let x = 1.3;
    let fd = check(&explicit_tail_return::bind(x), TOL);
    // s = x⁸ / 2⁷
    assert!(close(fd[(0, 0)], 8.0 * x.powi(7) / 128.0 + 1.0, 1e-6));
}

// ---------------------------------------------------------------- branch inside loop

/// Each iteration overwrites `m` on one of two branches, and tracks the max.
#[differentiate]
fn branch_in_loop(x: &[f64; 5]) -> [f64; 2] {
    let mut m = 1.0;
    let mut best = x[0];
    for i in 0..5 {
        if x[i] > 0.0 {
            m = m * x[i];
        } else {
            m = m + x[i] * x[i];
        }
        if x[i] > best {
            best = x[i];
        }
    }
    [m, best]
}

#[test]
fn branch_inside_loop_overwrites_variable() {
    let x = [0.5, -1.5, 2.0, -0.3, 1.2];
    let fd = check(&branch_in_loop::bind(&x), TOL);
    // best = x2; m = (((0.5·1 + 2.25)·2 + 0.09)·1.2)
    assert_slice_close(fd.row(1), &[0.0, 0.0, 1.0, 0.0, 0.0], 1e-6, "max");
    let m1 = 0.5 + x[1] * x[1];
    let m2 = m1 * x[2];
    let m3 = m2 + x[3] * x[3];
    let want = [
        x[2] * x[4],
        2.0 * x[1] * x[2] * x[4],
        m1 * x[4],
        2.0 * x[3] * x[4],
        m3,
    ];
    assert_slice_close(fd.row(0), &want, 1e-6, "product");
}

// ---------------------------------------------------------------- more exits and bounds

/// `break` in the inner of two loops leaves only the inner one.
#[differentiate]
fn break_inner(x: &[f64; 3]) -> f64 {
    let mut s = 0.0;
    for i in 0..3 {
        for j in 0..3 {
            if j > i {
                break;
            }
            s = s * 0.5 + x[i] * x[j];
        }
        s = s.sin();
    }
    s
}

#[test]
fn break_from_inner_loop_only() {
    check(&break_inner::bind(&[0.7, 1.3, 2.0]), TOL);
    check(&break_inner::bind(&[-0.4, 0.9, 0.2]), TOL);
}

/// `continue` in an inner loop and in the outer loop, the latter data-dependent.
#[differentiate]
fn continue_nested(x: &[f64; 3]) -> f64 {
    let mut s = 1.0;
    for i in 0..3 {
        for j in 0..3 {
            if i == j {
                continue;
            }
            s = s * x[i] + x[j];
        }
        if s > 100.0 {
            continue;
        }
        s = s * 0.5;
    }
    s
}

#[test]
fn continue_in_nested_loops() {
    check(&continue_nested::bind(&[0.7, 1.3, 2.0]), TOL); // never skips the halving
    check(&continue_nested::bind(&[3.0, 4.0, 2.0]), TOL); // skips it once s > 100
}

/// A `loop` left only by `return`.
#[differentiate]
fn loop_until_return(x: f64) -> f64 {
    let mut s = x;
    loop {
        s = s * 1.5;
        if s > 10.0 {
            return s * x;
        }
    }
}

#[test]
fn loop_left_by_return() {
    // x = 0.7: 7 steps to exceed 10, f = 1.5⁷ x²
    let fd = check(&loop_until_return::bind(0.7), TOL);
    assert!(close(fd[(0, 0)], 2.0 * 1.5_f64.powi(7) * 0.7, 1e-6));
}

/// `return` from inside a `while` whose condition is also data-dependent.
#[differentiate]
fn return_from_while(x: f64, cap: f64) -> f64 {
    let mut s = x;
    while s < cap {
        s = s * s + 0.5;
        if s > 3.0 {
            return -s;
        }
    }
    s + x
}

#[test]
fn early_return_from_while() {
    check(&return_from_while::bind(1.2, 5.0), TOL); // returns
    check(&return_from_while::bind(0.3, 0.7), TOL); // the condition ends the loop
    let fd = check(&return_from_while::bind(2.0, 1.0), TOL); // no iteration: s + x = 2x
    assert!(close(fd[(0, 0)], 2.0, 1e-6) && close(fd[(0, 1)], 0.0, 1e-6));
}

/// The loop bound is read once: changing `m` inside does not change the trip count.
#[allow(clippy::mut_range_bound)] // the point: the bound is read once
#[differentiate]
fn bound_read_once(x: &[f64; 6], n: usize) -> f64 {
    let mut m = n;
    let mut s = 0.0;
    for i in 0..m {
        m -= 1;
        s = s * x[i] + x[m];
    }
    s
}

#[test]
fn loop_bound_evaluated_once() {
    check(
        &bound_read_once::bind(&[0.7, 1.3, 2.0, 0.5, 0.4, 0.3], 6),
        TOL,
    );
    // n = 2: s = x1·x1 + x0... i = 0: m = 1, s = x1; i = 1: m = 0, s = x1·x1 + x0
    let fd = check(
        &bound_read_once::bind(&[0.7, 1.3, 2.0, 0.5, 0.4, 0.3], 2),
        TOL,
    );
    assert_slice_close(
        fd.as_slice(),
        &[1.0, 2.6, 0.0, 0.0, 0.0, 0.0],
        1e-6,
        "n = 2",
    );
}

/// A loop variable shadowing an integer parameter used as its own bound.
#[differentiate]
fn loop_var_shadows_param(x: f64, i: usize) -> f64 {
    let mut s = x;
    for i in 0..i {
        s = s * x + i as f64;
    }
    s
}

#[test]
fn loop_variable_shadowing_a_parameter() {
    // i = 3: s = x⁴ + x + 2 (the loop adds 0, 1, 2 after each product)
    let x = 0.7_f64;
    let fd = check(&loop_var_shadows_param::bind(x, 3), TOL);
    assert!(close(fd[(0, 0)], 4.0 * x.powi(3) + 1.0, 1e-6));
}

/// Integer locals updated with every compound operator, used as indices.
#[differentiate]
fn integer_counters(x: &[f64; 5]) -> f64 {
    let mut idx = 0;
    let mut s = 0.0;
    for _ in 0..3 {
        s += x[idx] * x[idx + 1];
        idx += 3;
        idx %= 5;
        idx -= idx / 4;
        idx *= 1;
    }
    s
}

#[test]
fn integer_counters_as_indices() {
    // idx: 0, 3, then 6 % 5 = 1 → indices (0, 1), (3, 4), (1, 2)
    let x = [0.7, 1.3, -0.5, 2.0, 0.3];
    let fd = check(&integer_counters::bind(&x), TOL);
    let want = [x[1], x[0] + x[2], x[1], x[4], x[3]];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}
