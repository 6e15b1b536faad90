//! `match`, `if let`, array and tuple patterns, local `const` and `use`, and the
//! assertion macros kept in the primal: each differentiated function checked by
//! the full oracle battery (forward = reverse = finite differences, dot-product
//! test), against its closed form, and in second order where its result is a scalar.

mod common;

use common::{assert_slice_close, check, check_second, close};
use jacobian::differentiate;

const TOL: f64 = 1e-6;

// ---------------------------------------------------------------- match

/// A `match` on an integer used as a value: literals, `|`, a range with a
/// binding and a guard, and a catch-all.
#[differentiate]
fn by_degree(x: f64, n: usize) -> f64 {
    match n {
        0 => 1.0,
        1 | 2 => x.powi(n as i32),
        k @ 3..=5 if k % 2 == 1 => x.sin() * k as f64,
        k => x.exp() / k as f64,
    }
}

#[test]
fn match_on_an_integer() {
    let x: f64 = 0.7;
    let want = [
        0.0,
        1.0,
        2.0 * x,
        3.0 * x.cos(),
        x.exp() / 4.0,
        5.0 * x.cos(),
        x.exp() / 6.0,
    ];
    for (n, w) in want.iter().enumerate() {
        let fd = check(&by_degree::bind(x, n), TOL);
        assert!(
            close(fd[(0, 0)], *w, 1e-6),
            "n = {n}: {} vs {w}",
            fd[(0, 0)]
        );
        let h = by_degree::hessian(x, n);
        let d2 = [
            0.0,
            0.0,
            2.0,
            -3.0 * x.sin(),
            x.exp() / 4.0,
            -5.0 * x.sin(),
            x.exp() / 6.0,
        ];
        assert!(
            close(h[(0, 0)], d2[n], 1e-10),
            "n = {n}: Hessian {} vs {}",
            h[(0, 0)],
            d2[n]
        );
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, jacobian::Inactive)]
pub enum Activation {
    Tanh,
    Relu,
    Identity,
}

/// A `match` on an enum without data, as statements assigning in each arm, and a
/// `match` on a tuple with a bound element.
#[differentiate]
fn activate(x: &[f64; 3], act: Activation, flags: (bool, usize)) -> [f64; 3] {
    let mut y = [0.0; 3];
    for i in 0..3 {
        match act {
            Activation::Tanh => y[i] = x[i].tanh(),
            Activation::Relu => {
                y[i] = x[i].max(0.0);
            }
            Activation::Identity => y[i] = x[i],
        }
    }
    let scale = match flags {
        (true, 0) => 2.0,
        (true, k) => x[k % 3] * 3.0,
        (false, _) => 1.0,
    };
    [y[0] * scale, y[1], y[2]]
}

#[test]
fn match_on_enums_and_tuples() {
    let x: [f64; 3] = [0.4, -0.3, 1.2];
    for act in [Activation::Tanh, Activation::Relu, Activation::Identity] {
        for flags in [(true, 0), (true, 2), (false, 7)] {
            check(&activate::bind(&x, act, flags), TOL);
        }
    }
    // Tanh, (true, 2): y0 = tanh(x0)·3x2 → ∂y0/∂x0 = 3x2(1 − tanh²x0), ∂y0/∂x2 = 3 tanh x0.
    let j = activate::jacobian(&x, Activation::Tanh, (true, 2));
    assert!(close(
        j[(0, 0)],
        3.0 * x[2] * (1.0 - x[0].tanh().powi(2)),
        1e-12
    ));
    assert!(close(j[(0, 2)], 3.0 * x[0].tanh(), 1e-12));
    // Relu on a negative input: zero derivative.
    assert_eq!(
        activate::jacobian(&x, Activation::Relu, (false, 0))[(1, 1)],
        0.0
    );
}

/// `if let` on a range pattern and a `match` on `bool` inside a loop.
#[differentiate]
fn piecewise(x: &[f64], cut: usize) -> f64 {
    let mut s = 0.0;
    for i in 0..x.len() {
        if let 0..=1 = i {
            s += x[i] * x[i];
        } else if let 2 = i % 3 {
            s += x[i].cos();
        } else {
            s += match i < cut {
                true => 2.0 * x[i],
                false => x[i].exp(),
            };
        }
    }
    s
}

#[test]
fn if_let_and_match_on_bool() {
    let x = [0.5, -0.4, 0.3, 0.9, 1.1, -0.2];
    let fd = check(&piecewise::bind(&x, 4), TOL);
    let want = [
        1.0,
        -0.8,
        -0.3f64.sin(),
        2.0,
        1.1f64.exp(),
        -(-0.2f64).sin(),
    ];
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
    check_second(
        &piecewise::hessian(&x, 4),
        piecewise::laplacian(&x, 4),
        &|p| piecewise::gradient(p, 4),
        &x,
        1e-5,
    );
}

// ---------------------------------------------------------------- patterns

/// Array and nested tuple patterns in `let`.
#[differentiate]
fn unpack(y: &[f64; 3], pq: ((f64, f64), f64)) -> [f64; 2] {
    let [a, b, c] = *y;
    let ((p, _), q) = pq;
    let [u, v]: [f64; 2] = [a * p, b + c * q];
    [u * v, u - v]
}

#[test]
fn array_and_tuple_patterns() {
    let (y, pq) = ([0.5, -1.0, 2.0], ((1.5, 9.0), -0.5));
    let fd = check(&unpack::bind(&y, pq), TOL);
    assert_eq!((fd.rows(), fd.cols()), (2, 6));
    // u = a p, v = b + c q; row 1 is u − v: ∂ = (p, −1, −q, a, 0, −c)
    assert_slice_close(
        &fd.as_slice()[6..],
        &[1.5, -1.0, 0.5, 0.5, 0.0, -2.0],
        1e-6,
        "row u − v",
    );
}

// ---------------------------------------------------------------- items and macros

/// A local `const`, a local `use`, and assertions that stay in every sweep.
#[differentiate]
fn with_items(x: &[f64]) -> f64 {
    use std::f64::consts::PI;
    const SCALE: f64 = 0.5;
    assert!(!x.is_empty(), "need at least one value, got {}", x.len());
    debug_assert_ne!(x.len(), usize::MAX);
    let mut s = 0.0;
    for xi in x {
        if xi.is_nan() {
            panic!("NaN input");
        }
        s += (PI * xi).sin() * SCALE;
    }
    s
}

#[test]
fn local_items_and_assertions() {
    let x = [0.1, 0.35];
    let fd = check(&with_items::bind(&x), TOL);
    let pi = std::f64::consts::PI;
    let want: Vec<f64> = x.iter().map(|v| 0.5 * pi * (pi * v).cos()).collect();
    assert_slice_close(fd.as_slice(), &want, 1e-6, "closed form");
}

#[test]
#[should_panic(expected = "need at least one value, got 0")]
fn assertions_run_in_the_reverse_sweep() {
    let _ = with_items::gradient(&[]);
}

#[test]
#[should_panic(expected = "NaN input")]
fn panics_run_in_the_tangent_sweep() {
    let _ = with_items::jacobian(&[0.0, f64::NAN]);
}

// ---------------------------------------------------------------- panics

/// An index out of bounds.
#[differentiate]
fn pick(x: &[f64], i: usize) -> f64 {
    let a = x[i] * 2.0;
    a.sin()
}

#[test]
fn a_panic_in_a_derivative_points_at_the_users_line() {
    let src = include_str!("constructs_patterns.rs");
    let line = 1 + src
        .lines()
        .position(|l| l.contains("let a = x[i] * 2.0;"))
        .unwrap() as u32;
    let hook = std::panic::take_hook();
    let (tx, rx) = std::sync::mpsc::channel();
    // The hook is global: other tests' panics are told apart by their message.
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default();
        if msg.contains("the len is 2 but the index is 5") {
            let _ = tx.send(info.location().map(|l| (l.file().to_string(), l.line())));
        }
    }));
    let grad = std::panic::catch_unwind(|| pick::gradient(&[1.0, 2.0], 5));
    let jac = std::panic::catch_unwind(|| pick::jacobian(&[1.0, 2.0], 5));
    std::panic::set_hook(hook);
    assert!(grad.is_err() && jac.is_err());
    for _ in 0..2 {
        let (file, at) = rx.recv().unwrap().unwrap();
        assert!(
            file.ends_with("constructs_patterns.rs") && at == line,
            "panicked at {file}:{at}, not at line {line}"
        );
    }
}

// ---------------------------------------------------------------- model structs

/// A model's weights in a struct passed as a value without derivatives.
#[derive(Clone, jacobian::Inactive)]
pub struct Layer {
    w: Vec<f64>,
    b: [f64; 2],
    inputs: usize,
}

/// tanh(W x + b) for W stored row-major in the struct: differentiated in `x` only.
#[differentiate]
fn dense(layer: &Layer, x: &[f64]) -> [f64; 2] {
    let mut y = [0.0; 2];
    for (i, yi) in y.iter_mut().enumerate() {
        let row = &layer.w[i * layer.inputs..(i + 1) * layer.inputs];
        *yi = (layer.b[i] + row.iter().zip(x).map(|(w, v)| w * v).sum::<f64>()).tanh();
    }
    y
}

#[test]
fn a_model_in_a_struct() {
    let layer = Layer {
        w: vec![0.5, -1.0, 0.25, 2.0, 0.1, -0.3],
        b: [0.1, -0.2],
        inputs: 3,
    };
    let x = [0.3, -0.6, 0.9];
    let fd = check(&dense::bind(&layer, &x), TOL);
    assert_eq!((fd.rows(), fd.cols()), (2, 3));
    let y = dense(&layer, &x);
    for i in 0..2 {
        for j in 0..3 {
            let want = (1.0 - y[i] * y[i]) * layer.w[i * 3 + j];
            assert!(close(fd[(i, j)], want, 1e-6));
        }
    }
}

// ---------------------------------------------------------------- let … else

/// `let … else` on a slice's length and on an integer.
#[differentiate]
fn first_two(x: &[f64], mode: usize) -> f64 {
    let [a, b] = x else {
        return x.iter().sum();
    };
    let 0..=3 = mode else {
        panic!("mode out of range");
    };
    *a * *b + mode as f64 * a
}

#[test]
fn let_else_binds_or_diverges() {
    let fd = check(&first_two::bind(&[1.5, -2.0], 2), TOL);
    // a b + 2 a: ∂ = (b + 2, a)
    assert_slice_close(fd.as_slice(), &[0.0, 1.5], 1e-6, "closed form");
    let fd = check(&first_two::bind(&[1.5, -2.0, 4.0], 2), TOL);
    assert_slice_close(
        fd.as_slice(),
        &[1.0, 1.0, 1.0],
        1e-6,
        "the else branch: a sum",
    );
    assert!(std::panic::catch_unwind(|| first_two::gradient(&[1.0, 2.0], 7)).is_err());
}
