//! One small differentiated function per statement and branch construct the
//! macro accepts (bindings, assignment, arithmetic, `if`/`else`, blocks, boolean
//! and integer logic, parentheses), each checked by the full oracle battery
//! (forward = reverse = finite differences, dot-product test) and, where easy,
//! against its closed-form derivative. Loops are in `constructs_loops.rs`.

// The differentiated functions loop over indices (the macro has no iterator chains) and
// spell out each construct on purpose (`a = a * b` beside `a *= b`).
#![allow(clippy::needless_range_loop, clippy::assign_op_pattern)]

mod common;

use common::{assert_slice_close, check, close};
use jacobian::differentiate;

const TOL: f64 = 1e-6;

// ---------------------------------------------------------------- bindings

/// (x·y + x)·2x, built with `let`, `let mut`, shadowing and assignment.
#[differentiate]
fn let_shadow_assign(x: f64, y: f64) -> f64 {
    let a = x * y;
    let mut b = a + x;
    let x = x * 2.0;
    b = b * x;
    b
}

#[test]
fn let_shadowing_and_assignment() {
    let (x, y) = (1.5, -0.7);
    let fd = check(&let_shadow_assign::bind(x, y), TOL);
    // d/dx = 4xy + 4x, d/dy = 2x²
    assert_slice_close(
        fd.as_slice(),
        &[4.0 * x * y + 4.0 * x, 2.0 * x * x],
        1e-6,
        "closed form",
    );
    let (v, dv) = let_shadow_assign::tangent(x, y, 1.0, 0.0);
    assert!(close(v, (x * y + x) * 2.0 * x, 1e-14));
    assert!(close(dv, 4.0 * x * y + 4.0 * x, 1e-12));
    let (_, (xb, yb)) = let_shadow_assign::adjoint(x, y, 2.0);
    assert!(close(xb, 2.0 * (4.0 * x * y + 4.0 * x), 1e-12));
    assert!(close(yb, 2.0 * 2.0 * x * x, 1e-12));
}

/// ((x + y)·x − y²) / y with every compound assignment on a scalar.
#[differentiate]
fn compound_scalar(x: f64, y: f64) -> f64 {
    let mut s = x;
    s += y;
    s *= x;
    s -= y * y;
    s /= y;
    s
}

#[test]
fn compound_assignment_on_scalars() {
    let (x, y) = (1.3, 0.8);
    let fd = check(&compound_scalar::bind(x, y), TOL);
    // s = x²/y + x − y: ∂x = 2x/y + 1, ∂y = −x²/y² − 1
    let want = [2.0 * x / y + 1.0, -x * x / (y * y) - 1.0];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
    let g = compound_scalar::gradient(x, y);
    assert_slice_close(&[g.0, g.1], &want, 1e-12, "gradient");
}

/// Compound assignments on array elements, including an element read after it was updated.
#[differentiate]
fn compound_elements(x: &[f64; 3]) -> [f64; 3] {
    let mut a = [x[0], x[1], x[2]];
    a[0] += x[1];
    a[1] *= x[2];
    a[2] -= x[0];
    a[2] /= x[1];
    a[0] *= a[0];
    a
}

#[test]
fn compound_assignment_on_elements() {
    let x = [0.4, 1.7, -0.9];
    let fd = check(&compound_elements::bind(&x), TOL);
    let [x0, x1, x2] = x;
    let s = x0 + x1;
    #[rustfmt::skip]
    let want = [
        2.0 * s, 2.0 * s, 0.0,
        0.0, x2, x1,
        -1.0 / x1, -(x2 - x0) / (x1 * x1), 1.0 / x1,
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

// ---------------------------------------------------------------- arithmetic

/// −(x·y) + x/y − (−x) + 3(x − y).
#[differentiate]
fn arithmetic(x: f64, y: f64) -> f64 {
    -(x * y) + x / y - -x + (x - y) * 3.0
}

#[test]
fn arithmetic_and_unary_minus() {
    let (x, y) = (0.6, 1.9);
    let fd = check(&arithmetic::bind(x, y), TOL);
    let want = [-y + 1.0 / y + 1.0 + 3.0, -x - x / (y * y) - 3.0];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

/// x % y: ∂x = 1, ∂y = −trunc(x / y).
#[differentiate]
fn float_rem(x: f64, y: f64) -> f64 {
    (x * x) % y
}

#[test]
fn float_remainder() {
    for (x, y) in [(2.7, 1.5), (-2.7, 1.5), (2.7, -1.1)] {
        let fd = check(&float_rem::bind(x, y), TOL);
        let want = [2.0 * x, -((x * x) / y).trunc()];
        assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
    }
}

// ---------------------------------------------------------------- branches

/// x² when x > 1, sin x otherwise, as an `if` statement assigning a variable.
#[differentiate]
fn if_statement(x: f64) -> f64 {
    let mut y = x;
    if x > 1.0 {
        y = x * x;
    } else {
        y = y.sin();
    }
    y
}

#[test]
fn if_else_statement_both_branches() {
    for (x, want) in [(2.0, 4.0), (0.5, 0.5_f64.cos()), (-3.0, (-3.0_f64).cos())] {
        let fd = check(&if_statement::bind(x), TOL);
        assert!(
            close(fd[(0, 0)], want, 1e-6),
            "x = {x}: {} vs {want}",
            fd[(0, 0)]
        );
    }
}

/// `if` without `else`, inside an expression-free statement position.
#[differentiate]
fn if_without_else(x: f64, y: f64) -> f64 {
    let mut s = x * y;
    if y < 0.0 {
        s = s * s;
    }
    s
}

#[test]
fn if_without_else_both_sides() {
    let fd = check(&if_without_else::bind(1.5, 2.0), TOL);
    assert_slice_close(fd.as_slice(), &[2.0, 1.5], 1e-6, "not taken");
    let (x, y) = (1.5, -2.0);
    let fd = check(&if_without_else::bind(x, y), TOL);
    assert_slice_close(
        fd.as_slice(),
        &[2.0 * x * y * y, 2.0 * x * x * y],
        1e-6,
        "taken",
    );
}

/// `let y = if c { a } else { b }`, then used.
#[differentiate]
fn if_expression(x: f64, y: f64) -> f64 {
    let z = if x > y { x * x } else { -3.0 * y };
    z * x
}

#[test]
fn if_else_expression_both_branches() {
    let (x, y) = (2.0, 1.0);
    let fd = check(&if_expression::bind(x, y), TOL);
    assert_slice_close(fd.as_slice(), &[3.0 * x * x, 0.0], 1e-6, "x > y");
    let (x, y) = (0.5, 1.0);
    let fd = check(&if_expression::bind(x, y), TOL);
    assert_slice_close(fd.as_slice(), &[-3.0 * y, -3.0 * x], 1e-6, "x <= y");
}

/// An `if` expression in tail position, with blocks holding statements.
#[differentiate]
fn if_tail(x: f64) -> f64 {
    if x < 0.0 {
        let t = x * x;
        t * x
    } else {
        let t = x.exp();
        t + x
    }
}

#[test]
fn if_expression_in_tail_position() {
    let fd = check(&if_tail::bind(-1.5), TOL);
    assert!(close(fd[(0, 0)], 3.0 * 2.25, 1e-6));
    let fd = check(&if_tail::bind(0.7), TOL);
    assert!(close(fd[(0, 0)], 0.7_f64.exp() + 1.0, 1e-6));
}

/// A four-way `else if` chain; each arm has a different derivative.
#[differentiate]
fn else_if_chain(x: f64) -> f64 {
    let y;
    if x < -1.0 {
        y = -x;
    } else if x < 0.0 {
        y = x * x * 2.0;
    } else if x < 1.0 {
        y = x.sin();
    } else {
        y = x * x * x;
    }
    y + x
}

#[test]
fn else_if_chain_every_arm() {
    let cases = [
        (-2.0, -1.0 + 1.0),
        (-0.5, -2.0 + 1.0),
        (0.5, 0.5_f64.cos() + 1.0),
        (2.0, 12.0 + 1.0),
    ];
    for (x, want) in cases {
        let fd = check(&else_if_chain::bind(x), TOL);
        assert!(
            close(fd[(0, 0)], want, 1e-6),
            "x = {x}: {} vs {want}",
            fd[(0, 0)]
        );
    }
}

/// Conditions with `&&`, `||`, `!`, `==`, `!=`, `<=`, `>=`, and integer tests.
#[differentiate]
fn boolean_logic(x: f64, y: f64, n: i32, flag: bool) -> f64 {
    let mut s = x + y;
    if (x > 0.0 && y >= 0.0) || !flag {
        s = s * x;
    }
    if n % 2 == 0 && n != 4 {
        s = s * y;
    }
    if x <= y || n >= 10 {
        s = s + x * y;
    }
    s
}

#[test]
fn comparisons_and_boolean_logic() {
    // x, y, n, flag -> closed-form gradient
    let (x, y) = (0.8, 1.3);
    let f = |x: f64, y: f64, n: i32, flag: bool| {
        let fd = check(&boolean_logic::bind(x, y, n, flag), TOL);
        assert_eq!(
            fd.shape(),
            (1, 2),
            "integer and bool parameters are not active"
        );
        [fd[(0, 0)], fd[(0, 1)]]
    };
    // all three taken: s = (x + y)·x·y + x·y
    let g = f(x, y, 2, true);
    assert_slice_close(
        &g,
        &[2.0 * x * y + y * y + y, x * x + 2.0 * x * y + x],
        1e-6,
        "all",
    );
    // none taken (x > y, n odd, flag and x > 0 but y < 0): s = x + y
    let g = f(1.5, -0.2, 3, true);
    assert_slice_close(&g, &[1.0, 1.0], 1e-6, "none");
    // first via !flag only, n = 4 excluded, third via n >= 10 is false and x > y: s = (x + y)·x
    let (x, y) = (1.5, -0.2);
    let g = f(x, y, 4, false);
    assert_slice_close(&g, &[2.0 * x + y, x], 1e-6, "flag");
}

// ---------------------------------------------------------------- blocks

#[differentiate]
fn block_value(x: f64, y: f64) -> f64 {
    let b = {
        let t = x + y;
        t * t
    };
    b * x
}

#[test]
fn blocks_as_values() {
    let (x, y) = (0.3, 1.1);
    let fd = check(&block_value::bind(x, y), TOL);
    let t = x + y;
    assert_slice_close(
        fd.as_slice(),
        &[2.0 * t * x + t * t, 2.0 * t * x],
        1e-6,
        "closed form",
    );
}

// ---------------------------------------------------------------- integers

/// Integer arithmetic and `as` casts feeding float math.
#[differentiate]
fn integer_arithmetic(x: &[f64; 4], n: usize) -> f64 {
    let mut s = 0.0;
    for i in 0..4 {
        let k = (i * 3 + n) % 4;
        let w = (k as f64) * 0.5 + (i as i32 - 2) as f64;
        s += w * x[k] * x[i];
    }
    s
}

#[test]
fn integer_arithmetic_and_casts() {
    let x = [0.3, -1.2, 0.7, 2.0];
    for n in [0, 1, 5] {
        let fd = check(&integer_arithmetic::bind(&x, n), TOL);
        let mut want = [0.0; 4];
        for i in 0..4 {
            let k = (i * 3 + n) % 4;
            let w = k as f64 * 0.5 + (i as f64 - 2.0);
            want[k] += w * x[i];
            want[i] += w * x[k];
        }
        assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
    }
}

// ---------------------------------------------------------------- parentheses

/// Parenthesized operands in float and integer arithmetic and casts.
#[differentiate]
fn parenthesized(x: f64, y: f64, n: usize) -> f64 {
    let k = (n * 3 + 1) % 4;
    let t = 0.5 * (x + y / x);
    -(x * y) + (x - y) * 3.0 + (x * x) % y + (k as f64) * t
}

#[test]
fn parenthesized_operands() {
    let (x, y, n) = (1.3, 0.7, 2);
    let fd = check(&parenthesized::bind(x, y, n), TOL);
    // k = 3; ∂x = −y + 3 + 2x + 3·0.5·(1 − y/x²), ∂y = −x − 3 − trunc(x²/y) + 1.5/x
    let want = [
        -y + 3.0 + 2.0 * x + 1.5 * (1.0 - y / (x * x)),
        -x - 3.0 - (x * x / y).trunc() + 1.5 / x,
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

// ---------------------------------------------------------------- self-referential updates

/// Compound assignments whose right-hand side reads the target: s *= s, s += s, …
#[differentiate]
fn self_compound(x: f64) -> f64 {
    let mut s = x + 1.0;
    s *= s;
    s += s;
    s -= s * 0.25;
    s /= s * s;
    s
}

#[test]
fn compound_assignment_reading_its_target() {
    let x = 0.7_f64;
    let fd = check(&self_compound::bind(x), TOL);
    // s = 1.5 (x + 1)² then s / s² = 1 / s: d/dx = −2 / (1.5 (x + 1)³)
    let want = -2.0 / (1.5 * (x + 1.0).powi(3));
    assert!(close(fd[(0, 0)], want, 1e-6), "{} vs {want}", fd[(0, 0)]);
    let (_, d) = self_compound::tangent(x, 1.0);
    assert!(close(d, want, 1e-12));
}

/// Shadowing inside a block and inside a loop body leaves the outer binding intact.
#[differentiate]
fn scoped_shadowing(x: f64) -> f64 {
    let t = {
        let x = x * 2.0;
        x + 1.0
    };
    let mut s = t + x;
    for i in 1..3 {
        let x = x * i as f64;
        s += x * s;
    }
    s * x
}

#[test]
fn shadowing_in_inner_scopes() {
    let x = 0.7_f64;
    let fd = check(&scoped_shadowing::bind(x), TOL);
    // s₀ = 3x + 1, s₁ = s₀(1 + x), s₂ = s₁(1 + 2x), f = s₂ x
    let s0 = 3.0 * x + 1.0;
    let g = s0 * (1.0 + x) * (1.0 + 2.0 * x);
    let dg = 3.0 * (1.0 + x) * (1.0 + 2.0 * x) + s0 * (1.0 + 2.0 * x) + 2.0 * s0 * (1.0 + x);
    assert!(close(fd[(0, 0)], g + x * dg, 1e-6));
}

/// `let y = if .. else if .. else ..;` as an expression chain.
#[differentiate]
fn else_if_expression(x: f64) -> f64 {
    let y = if x < 0.0 {
        x * x
    } else if x < 1.0 {
        x.sin()
    } else {
        x.ln()
    };
    y * x
}

#[test]
fn else_if_chain_as_expression() {
    let cases = [
        (-1.5, 3.0 * 1.5 * 1.5),
        (0.5, 0.5_f64.sin() + 0.5 * 0.5_f64.cos()),
        (2.0, 2.0_f64.ln() + 1.0),
    ];
    for (x, want) in cases {
        let fd = check(&else_if_expression::bind(x), TOL);
        assert!(close(fd[(0, 0)], want, 1e-6), "x = {x}");
    }
}

/// Boolean and integer locals computed from active values, then used as conditions.
#[differentiate]
fn discrete_locals(x: f64, y: f64) -> f64 {
    let big = x > y;
    let mut s = x;
    if big && y > 0.0 {
        s = s * y;
    }
    let k: usize = if big { 2 } else { 3 };
    s * k as f64
}

#[test]
fn bool_and_integer_locals() {
    let fd = check(&discrete_locals::bind(2.0, 1.5), TOL);
    assert_slice_close(fd.as_slice(), &[3.0, 4.0], 1e-6, "big: 2xy");
    let fd = check(&discrete_locals::bind(0.5, 1.0), TOL);
    assert_slice_close(fd.as_slice(), &[3.0, 0.0], 1e-6, "small: 3x");
}

// ---------------------------------------------------------------- `mut` parameters

/// A `mut` scalar parameter reassigned in the body.
#[differentiate]
fn mut_scalar_param(mut x: f64, y: f64) -> f64 {
    x = x * x;
    x * y
}

/// A `mut` array parameter updated in place.
#[differentiate]
fn mut_array_param(mut a: [f64; 2]) -> f64 {
    a[0] *= a[1];
    a[0] * a[1]
}

#[test]
fn mut_parameters() {
    let (x, y) = (0.7, 1.2);
    let fd = check(&mut_scalar_param::bind(x, y), TOL);
    assert_slice_close(fd.as_slice(), &[2.0 * x * y, x * x], 1e-6, "x²y");
    let a = [0.7, 1.2];
    let fd = check(&mut_array_param::bind(a), TOL);
    assert_slice_close(
        fd.as_slice(),
        &[a[1] * a[1], 2.0 * a[0] * a[1]],
        1e-6,
        "a₀a₁²",
    );
}
