//! Hygiene: the generated code keeps working when the user's module shadows
//! `core`, `std`, prelude names (`Option`, `Vec`, `Some`), `f64`, the float
//! methods and the runtime's helpers, and when the user's locals and
//! parameters are named like the generated temporaries and parameters. Each
//! function's derivatives are checked against closed forms, in both modes.

// The differentiated functions loop over indices (the macro has no iterator
// chains); the shadowing items exist only to be in scope.
#![allow(clippy::needless_range_loop, dead_code, non_camel_case_types)]

mod common;

use common::{assert_slice_close, check, close};

const TOL: f64 = 1e-12;

/// Everything the generated code could accidentally pick up is shadowed here.
mod shadowed {
    #![allow(non_snake_case, clippy::all)]

    use jacobian::differentiate;

    // The standard library's crates and prelude names.
    mod core {}
    mod std {}
    mod f64 {}
    mod f32 {}
    pub struct Option;
    pub struct Vec;
    pub struct Box;
    pub struct PhantomData;
    pub fn Some() {}
    pub trait Clone {}
    pub trait Default {}
    pub trait Iterator {}
    pub trait ToOwned {}

    /// Wrong float methods, as a trait in scope (inherent methods must win).
    pub trait Shadow {
        fn sin(self) -> Self;
        fn cos(self) -> Self;
        fn exp(self) -> Self;
        fn powi(self, n: i32) -> Self;
        fn max(self, o: Self) -> Self;
        fn mul_add(self, a: Self, b: Self) -> Self;
        fn recip(self) -> Self;
    }
    impl Shadow for f64 {
        fn sin(self) -> f64 {
            0.0
        }
        fn cos(self) -> f64 {
            0.0
        }
        fn exp(self) -> f64 {
            0.0
        }
        fn powi(self, _: i32) -> f64 {
            0.0
        }
        fn max(self, _: f64) -> f64 {
            0.0
        }
        fn mul_add(self, _: f64, _: f64) -> f64 {
            0.0
        }
        fn recip(self) -> f64 {
            0.0
        }
    }

    // Names of the runtime's helpers and of the generated items.
    pub fn zero_tangent() {}
    pub fn zero_lanes() {}
    pub fn lanes_zero() {}
    pub fn take() {}
    pub fn add_assign() {}
    pub fn dot() {}
    pub struct Init;
    pub struct Store;
    pub struct Stack;
    pub struct Matrix;
    pub struct Mode;
    pub struct Lanes;
    pub struct Bound;
    pub trait Differentiable {}
    pub trait SecondOrder {}
    pub trait Scalar {}
    pub trait Float {}
    pub trait TangentOf {}
    pub mod rules {}
    pub mod __private {}
    pub fn tangent() {}
    pub fn adjoint() {}
    pub fn adjoint_with() {}
    pub fn jacobian() {}
    pub fn value_and_jacobian() {}
    pub fn jacobian_into() {}
    pub fn gradient() {}
    pub fn bind() {}
    pub fn hessian() {}
    pub fn laplacian() {}
    pub fn __tangent() {}
    pub fn __adjoint() {}

    /// Locals named like the generated temporaries, tangents and adjoints:
    /// f = (x sin(xy) + y)² − sin(xy).
    #[differentiate]
    pub fn locals(x: f64, y: f64) -> f64 {
        let __t0 = x * y;
        let x__d = __t0.sin();
        let x__b = x__d * x;
        let __ab = x__b + y;
        let __y = __ab * __ab;
        let __dy = __y - x__d;
        let __out = __dy;
        __out
    }

    /// Overwrites in a `while` loop, with locals named like the adjoint's
    /// stack, counters and saved values: k ← k·xᵢ + s for i = 0, 1, 2, from k = 1.
    #[differentiate]
    pub fn loop_locals(x: &[f64; 3], __stack: f64) -> f64 {
        let mut __k = 1.0;
        let mut __s1 = 0;
        let mut __n7 = 0;
        while __s1 < 3 {
            let __w8 = x[__s1];
            __k = __k * __w8 + __stack;
            __s1 += 1;
            __n7 += 1;
        }
        let stack = __k;
        stack
    }

    /// A `for` loop with locals named like the adjoint's loop variables:
    /// p ← p·xᵢ + sin xᵢ for i = 0, 1, 2, from p = 0.
    #[differentiate]
    pub fn for_locals(x: &[f64; 3]) -> f64 {
        let mut __prog5 = 0.0;
        for __i in 0..3 {
            let __k = x[__i];
            __prog5 = __prog5 * __k + __k.sin();
        }
        __prog5
    }

    /// Parameters named like the generated functions' own parameters:
    /// f = x·dx + y_bar·stack + jac·d + input·lx.
    #[differentiate]
    #[allow(clippy::too_many_arguments)]
    pub fn api_names(
        x: f64,
        dx: f64,
        y_bar: f64,
        stack: f64,
        jac: f64,
        d: f64,
        input: f64,
        lx: f64,
    ) -> f64 {
        x * dx + y_bar * stack + jac * d + input * lx
    }

    /// More of them, and the internal functions' parameters:
    /// f = seed·samples + __c0·__out + __ybar·ddx + __st².
    #[differentiate]
    pub fn more_names(
        seed: f64,
        samples: f64,
        __c0: f64,
        __out: f64,
        __ybar: f64,
        ddx: f64,
        __st: f64,
    ) -> f64 {
        seed * samples + __c0 * __out + __ybar * ddx + __st * __st
    }

    /// Shadowed locals (the macro renames the second `x` to `x_1` unless the
    /// name is taken) beside user variables called `x_1` and `x_2`, with the
    /// wrong trait methods above in scope: with u = sin(2x)·x + eˣ,
    /// f = (u + 2x)·u + u² − eᵘ.
    #[differentiate]
    pub fn renamed(x: f64) -> f64 {
        let x_1 = x * 2.0;
        let x = x_1.sin() * x + x.exp();
        let x_1 = x + x_1;
        let x_2 = x_1 * x;
        x_2 + x.powi(2) - x.exp()
            + x.max(0.5) * 0.0
            + x.mul_add(0.0, 0.0)
            + x.cos() * 0.0
            + x.recip() * 0.0
    }

    /// An absolute `Vec` path while `Vec` is shadowed: yᵢ = xᵢ² + s.
    #[differentiate]
    pub fn vectors(x: &[f64], s: f64) -> ::std::vec::Vec<f64> {
        let mut y = vec![0.0; x.len()];
        for i in 0..x.len() {
            y[i] = x[i] * x[i] + s;
        }
        y
    }

    /// A call to another differentiated function of this module:
    /// f = locals(x, y) + locals(y, x).
    #[differentiate]
    pub fn calls(x: f64, y: f64) -> f64 {
        locals(x, y) + self::locals(y, x)
    }

    /// A generic function, its bound spelled with a path: f = 2 sin x.
    #[differentiate]
    pub fn generic<T: ::num_traits::Float>(x: T) -> T {
        let two = T::from(2.0).unwrap();
        x.sin() * two
    }
}

/// Differentiated functions named like the generated items and the crate.
mod named {
    use ::jacobian::differentiate;

    /// f = x³.
    #[differentiate]
    pub fn tangent(x: f64) -> f64 {
        x * x * x
    }

    /// f = sin x.
    #[differentiate]
    pub fn bind(x: f64) -> f64 {
        x.sin()
    }

    /// f = x³ + sin x.
    #[differentiate]
    pub fn jacobian(x: f64) -> f64 {
        x * x * x + x.sin()
    }
}

/// A plain helper named like a generated item (`bind`, `tangent`, …) is still
/// the one the differentiated function calls.
mod helper_named_like_generated_items {
    use jacobian::differentiate;

    fn bind(n: usize) -> usize {
        n
    }

    #[differentiate]
    fn calls_bind(x: f64, n: usize) -> f64 {
        x * x * bind(n) as f64
    }

    #[test]
    fn the_users_helper_is_called() {
        // d(3x²)/dx = 6x = 12 at x = 2
        assert_eq!(calls_bind::gradient(2.0, 3), 12.0);
        assert_eq!(calls_bind::tangent(2.0, 3, 1.0), (12.0, 12.0));
    }
}

/// Cases that do not compile yet, reported to the macro's owner; replace
/// `any()` by `all()` to reproduce.
#[cfg(any())]
mod known_failures {
    use jacobian::differentiate;

    /// A parameter named like the field `Bound` adds for its lifetime.
    #[differentiate]
    fn marker(x: f64, __marker: f64) -> f64 {
        x * __marker
    }

    /// A lifetime named like the one `Bound` adds.
    #[differentiate]
    fn lifetime<'__a>(x: &'__a [f64; 2], y: &[f64]) -> f64 {
        x[0] * y[1]
    }

    /// A constant named like a binding of the generated code (`d`, `input`,
    /// `stack`, `y_bar`, `__ab`, `__y`, `__dy`, `__out`, `__c0`, …) turns
    /// that `let` into a pattern match on the constant.
    #[allow(non_upper_case_globals)]
    const stack: f64 = 0.0;

    #[differentiate]
    fn constant(x: f64, y: &[f64; 2]) -> f64 {
        let mut t = x * y[0];
        t = t * t;
        t * y[1]
    }
}

/// ∂f/∂x, ∂f/∂y of `locals`.
fn locals_grad(x: f64, y: f64) -> [f64; 2] {
    let (s, c) = ((x * y).sin(), (x * y).cos());
    let u = x * s + y;
    [
        2.0 * u * (s + x * y * c) - y * c,
        2.0 * u * (x * x * c + 1.0) - x * c,
    ]
}

#[test]
fn locals_named_like_temporaries() {
    use shadowed::locals;
    let (x, y) = (0.7, -1.3);
    let g = locals_grad(x, y);
    let (v, dv) = locals::tangent(x, y, 1.0, 0.0);
    let s = (x * y).sin();
    assert!(close(v, (x * s + y).powi(2) - s, TOL), "value {v}");
    assert!(close(dv, g[0], TOL), "tangent {dv}, expected {}", g[0]);
    let (_, (bx, by)) = locals::adjoint(x, y, 1.0);
    assert_slice_close(&[bx, by], &g, TOL, "adjoint");
    check(&locals::bind(x, y), 1e-6);
}

#[test]
fn loop_with_stack_named_locals() {
    use shadowed::loop_locals;
    let (x, s) = ([0.5, -1.5, 2.0], 0.25);
    let k1 = x[0] + s;
    let k2 = k1 * x[1] + s;
    let want = [x[1] * x[2], k1 * x[2], k2];
    let ds = x[1] * x[2] + x[2] + 1.0;
    let (v, dv) = loop_locals::tangent(&x, s, &[0.0; 3], 1.0);
    assert!(close(v, k2 * x[2] + s, TOL), "value {v}");
    assert!(
        close(dv, ds, TOL),
        "tangent wrt __stack {dv}, expected {ds}"
    );
    let (_, (bx, bs)) = loop_locals::adjoint(&x, s, 1.0);
    assert_slice_close(&bx, &want, TOL, "adjoint wrt x");
    assert!(
        close(bs, ds, TOL),
        "adjoint wrt __stack {bs}, expected {ds}"
    );
    check(&loop_locals::bind(&x, s), 1e-6);
}

#[test]
fn for_loop_with_loop_named_locals() {
    use shadowed::for_locals;
    let x: [f64; 3] = [0.3, -0.8, 1.7];
    let p1 = x[0].sin();
    let p2 = p1 * x[1] + x[1].sin();
    let want = [
        x[0].cos() * x[1] * x[2],
        (p1 + x[1].cos()) * x[2],
        p2 + x[2].cos(),
    ];
    let (v, dv) = for_locals::tangent(&x, &[0.0, 1.0, 0.0]);
    assert!(close(v, p2 * x[2] + x[2].sin(), TOL), "value {v}");
    assert!(
        close(dv, want[1], TOL),
        "tangent {dv}, expected {}",
        want[1]
    );
    let (_, b) = for_locals::adjoint(&x, 1.0);
    assert_slice_close(&b, &want, TOL, "adjoint");
    check(&for_locals::bind(&x), 1e-6);
}

#[test]
fn parameters_named_like_generated_parameters() {
    use shadowed::{api_names, more_names};
    let p = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
    // ∂f/∂pᵢ is the parameter it multiplies.
    let want = [2.0, 1.0, 4.0, 3.0, 6.0, 5.0, 8.0, 7.0];
    let g = api_names::gradient(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
    let g = [g.0, g.1, g.2, g.3, g.4, g.5, g.6, g.7];
    assert_slice_close(&g, &want, TOL, "gradient (adjoint)");
    let (v, dv) = api_names::tangent(
        p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], //
        1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0,
    );
    assert!(close(v, 2.0 + 12.0 + 30.0 + 56.0, TOL), "value {v}");
    assert!(close(dv, want[0] + want[3] + want[7], TOL), "tangent {dv}");
    check(
        &api_names::bind(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]),
        1e-6,
    );
    let (v, dv) = more_names::tangent(
        1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, //
        0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0,
    );
    assert!(close(v, 2.0 + 12.0 + 30.0 + 49.0, TOL), "value {v}");
    assert!(close(dv, 4.0 + 5.0 + 14.0, TOL), "tangent {dv}");
    let (_, g) = more_names::adjoint(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 1.0);
    let g = [g.0, g.1, g.2, g.3, g.4, g.5, g.6];
    let want = [2.0, 1.0, 4.0, 3.0, 6.0, 5.0, 14.0];
    assert_slice_close(&g, &want, TOL, "adjoint");
    check(&more_names::bind(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0), 1e-6);
}

#[test]
fn shadowed_locals_and_float_methods() {
    use shadowed::renamed;
    let x: f64 = 0.9;
    let u = (2.0 * x).sin() * x + x.exp();
    let du = 2.0 * (2.0 * x).cos() * x + (2.0 * x).sin() + x.exp();
    let want_v = (u + 2.0 * x) * u + u * u - u.exp();
    let want_d = (du + 2.0) * u + (u + 2.0 * x) * du + 2.0 * u * du - u.exp() * du;
    let (v, dv) = renamed::tangent(x, 1.0);
    assert!(close(v, want_v, TOL), "value {v}, expected {want_v}");
    assert!(close(dv, want_d, TOL), "tangent {dv}, expected {want_d}");
    let (_, b) = renamed::adjoint(x, 1.0);
    assert!(close(b, want_d, TOL), "adjoint {b}, expected {want_d}");
    check(&renamed::bind(x), 1e-6);
}

#[test]
fn vectors_with_vec_shadowed() {
    use shadowed::vectors;
    let (x, s) = ([0.5, -2.0, 3.0], 1.5);
    let j = vectors::jacobian(&x, s);
    for i in 0..3 {
        for k in 0..3 {
            let want = if i == k { 2.0 * x[i] } else { 0.0 };
            assert!(close(j[(i, k)], want, TOL), "∂y{i}/∂x{k} = {}", j[(i, k)]);
        }
        assert!(close(j[(i, 3)], 1.0, TOL), "∂y{i}/∂s = {}", j[(i, 3)]);
    }
    let (_, (bx, bs)) = vectors::adjoint(&x, s, &[1.0, 0.0, 2.0]);
    assert_slice_close(&bx, &[2.0 * x[0], 0.0, 4.0 * x[2]], TOL, "adjoint wrt x");
    assert!(close(bs, 3.0, TOL), "adjoint wrt s {bs}");
    check(&vectors::bind(&x, s), 1e-6);
}

#[test]
fn calls_between_shadowed_functions() {
    use shadowed::calls;
    let (x, y) = (0.4, 1.1);
    let (a, b) = (locals_grad(x, y), locals_grad(y, x));
    let want = [a[0] + b[1], a[1] + b[0]];
    let (_, d) = calls::tangent(x, y, 0.0, 1.0);
    assert!(close(d, want[1], TOL), "tangent {d}, expected {}", want[1]);
    let (_, (bx, by)) = calls::adjoint(x, y, 1.0);
    assert_slice_close(&[bx, by], &want, TOL, "adjoint");
    check(&calls::bind(x, y), 1e-6);
}

#[test]
fn generic_bound_through_a_path() {
    use shadowed::generic;
    let x = 0.3_f64;
    let (v, d) = generic::tangent(x, 1.0);
    assert!(
        close(v, 2.0 * x.sin(), TOL) && close(d, 2.0 * x.cos(), TOL),
        "{v} {d}"
    );
    let (_, b) = generic::adjoint(x, 1.0);
    assert!(close(b, 2.0 * x.cos(), TOL), "adjoint {b}");
    check(&generic::bind(x), 1e-6);
}

#[test]
fn functions_named_like_generated_items() {
    let x = 0.8_f64;
    let want = 3.0 * x * x + x.cos();
    let (v, d) = named::jacobian::tangent(x, 1.0);
    assert!(close(v, x * x * x + x.sin(), TOL), "value {v}");
    assert!(close(d, want, TOL), "tangent {d}, expected {want}");
    let (_, b) = named::jacobian::adjoint(x, 1.0);
    assert!(close(b, want, TOL), "adjoint {b}, expected {want}");
    let j = named::jacobian::jacobian(x);
    assert!(close(j[(0, 0)], want, TOL), "jacobian {}", j[(0, 0)]);
    let (_, d) = named::tangent::tangent(x, 1.0);
    assert!(close(d, 3.0 * x * x, TOL), "tangent of `tangent` {d}");
    let (_, b) = named::bind::adjoint(x, 1.0);
    assert!(close(b, x.cos(), TOL), "adjoint of `bind` {b}");
    check(&named::tangent::bind(x), 1e-6);
    check(&named::bind::bind(x), 1e-6);
}
