//! Structs deriving `Differentiable`: parameters whose float fields carry
//! derivatives (by reference and by value, nested, generic, with integer and
//! other fields copied), each function checked by the oracle battery (forward =
//! reverse = finite differences, dot-product test) through its struct input,
//! against closed forms, and in second order where its result is a scalar.

mod common;

use common::{assert_slice_close, check, check_second, close};
use jacobian::{differentiate, Shape};

const TOL: f64 = 1e-6;

#[derive(Clone, Debug, PartialEq, jacobian::Differentiable)]
pub struct Layer {
    pub w: Vec<f64>,
    pub b: [f64; 2],
    pub n: usize,
    pub name: String,
}

fn layer() -> Layer {
    Layer {
        w: vec![1.0, -2.0, 0.5],
        b: [0.3, 1.5],
        n: 3,
        name: "first".into(),
    }
}

/// s = (b₀ + Σᵢ wᵢ xᵢ²) · b₁ over the first `n` weights.
#[differentiate(wrt(m, x))]
fn score(m: &Layer, x: &[f64]) -> f64 {
    let mut s = m.b[0];
    for i in 0..m.n {
        s += m.w[i] * x[i] * x[i];
    }
    s * m.b[1]
}

#[test]
fn a_struct_parameter_has_a_gradient_of_its_own_type() {
    let (m, x) = (layer(), [0.5, 1.5, -1.0]);
    let (gm, gx) = score::gradient(&m, &x);
    // ∂s/∂wᵢ = b₁ xᵢ², ∂s/∂b₀ = b₁, ∂s/∂b₁ = b₀ + Σ wᵢ xᵢ², ∂s/∂xᵢ = 2 b₁ wᵢ xᵢ.
    let inner = 0.3 + 0.25 - 2.0 * 2.25 + 0.5;
    assert_slice_close(&gm.w, &[1.5 * 0.25, 1.5 * 2.25, 1.5], 1e-14, "∂w");
    assert_slice_close(&gm.b, &[1.5, inner], 1e-14, "∂b");
    // Fields without derivatives are copied from the primal.
    assert_eq!((gm.n, gm.name.as_str()), (3, "first"));
    assert_slice_close(&gx, &[1.5, -9.0, -1.5], 1e-14, "∂x");
    // Columns: the struct's floats in field order (w, b), then x.
    let fd = check(&score::bind(&m, &x), TOL);
    assert_eq!(fd.cols(), 8);
    let mut flat = gm.to_flat_vec();
    flat.extend(&gx);
    assert_slice_close(fd.as_slice(), &flat, 1e-6, "columns");
}

#[test]
fn a_struct_tangent_and_cotangent_are_structs() {
    let (m, x) = (layer(), [0.5, 1.5, -1.0]);
    let mut dm = m.clone();
    dm.w = vec![1.0, 0.0, 0.0];
    dm.b = [0.0, 2.0];
    let dx = [0.0, 0.0, 1.0];
    let (y, dy) = score::tangent(&m, &x, &dm, &dx);
    let (y2, (gm, gx)) = score::adjoint(&m, &x, 1.0);
    assert_eq!(y, y2);
    // ⟨∇, d⟩ from the two sweeps.
    let dot = gm.w[0] + 2.0 * gm.b[1] + gx[2];
    assert!(close(dy, dot, 1e-14));
    // hvp's direction and result are structs too.
    let (g, hv) = score::hvp(&m, &x, &dm, &dx);
    assert_eq!(g.0, gm);
    // Row b₁ of H: ∂²s/∂b₁∂wᵢ = xᵢ², ∂²s/∂b₁∂xᵢ = 2 wᵢ xᵢ (and ∂²s/∂b₁² = 0), so
    // (H·d)_b₁ = x₀² · 1 + 2 w₂ x₂ · 1 = 0.25 − 1.
    assert!(close(hv.0.b[1], 0.25 - 1.0, 1e-12));
}

#[test]
fn a_struct_hessian_matches_finite_differences_of_its_gradient() {
    let (m, x) = (layer(), [0.5, 1.5, -1.0]);
    let flat_in = |p: &[f64]| {
        let mut mm = m.clone();
        mm.read_flat(&p[..5]);
        (mm, p[5..].to_vec())
    };
    let mut x0 = m.to_flat_vec();
    x0.extend(&x);
    let (mm, xx) = flat_in(&x0);
    check_second(
        &score::hessian(&mm, &xx),
        score::laplacian(&mm, &xx),
        &|p| {
            let (mm, xx) = flat_in(p);
            let (gm, gx) = score::gradient(&mm, &xx);
            let mut g = gm.to_flat_vec();
            g.extend(gx);
            g
        },
        &x0,
        1e-5,
    );
}

#[differentiate(wrt(x))]
fn scaled(m: &Layer, x: &[f64]) -> f64 {
    m.b[1] * x[0] + m.w[0] * x[1]
}

#[test]
fn a_struct_not_differentiated_with_respect_to_is_a_constant() {
    let g = scaled::gradient(&layer(), &[2.0, 3.0]);
    assert_eq!(g, vec![1.5, 1.0]);
    check(&scaled::bind(&layer(), &[2.0, 3.0]), TOL);
}

#[derive(Clone, Debug, PartialEq, jacobian::Differentiable)]
pub struct Net {
    pub first: Layer,
    pub scale: f64,
    pub steps: u32,
}

/// y = scale · (Σ wᵢ xᵢ + b₀, b₁ x₀): a nested struct by value, two outputs.
#[differentiate(wrt(net, x))]
fn net_out(net: Net, x: &[f64; 2]) -> [f64; 2] {
    let mut acc = net.first.b[0];
    for i in 0..2 {
        acc += net.first.w[i] * x[i];
    }
    [net.scale * acc, net.scale * net.first.b[1] * x[0]]
}

#[test]
fn nested_structs_by_value_flatten_in_field_order() {
    let net = Net {
        first: layer(),
        scale: 2.0,
        steps: 4,
    };
    let x = [0.5, -1.0];
    let j = check(&net_out::bind(net.clone(), &x), TOL);
    // Columns: first.w (3), first.b (2), scale, then x (2).
    assert_eq!((j.rows(), j.cols()), (2, 8));
    let acc = 0.3 + 0.5 + 2.0;
    assert_slice_close(
        j.as_slice(),
        &[
            1.0,
            -2.0,
            0.0,
            2.0,
            0.0,
            acc,
            2.0,
            -4.0, // row 0 (row-major)
            0.0,
            0.0,
            0.0,
            0.0,
            1.0,
            1.5 * 0.5,
            3.0,
            0.0,
        ],
        1e-6,
        "closed form",
    );
    let (_, (gnet, _)) = net_out::adjoint(net.clone(), &x, &[1.0, 0.0]);
    assert_eq!(gnet.steps, 4);
    assert!(close(gnet.scale, acc, 1e-14));
}

#[derive(Clone, Debug, PartialEq, jacobian::Differentiable)]
pub struct Poly<T: num_traits::Float> {
    pub c: Vec<T>,
}

/// p(x) = Σₖ cₖ xᵏ (Horner), generic over the float type.
#[differentiate(wrt(p, x))]
fn horner<T: num_traits::Float>(p: &Poly<T>, x: T) -> T {
    let mut y = T::zero();
    for k in (0..p.c.len()).rev() {
        y = y * x + p.c[k];
    }
    y
}

#[test]
fn generic_structs_work_in_f64_and_f32() {
    let p = Poly {
        c: vec![1.0, -2.0, 0.5],
    };
    let (gp, gx) = horner::gradient(&p, 2.0);
    // ∂p/∂cₖ = xᵏ, ∂p/∂x = c₁ + 2 c₂ x.
    assert_eq!(gp.c, vec![1.0, 2.0, 4.0]);
    assert!(close(gx, -2.0 + 2.0, 1e-14));
    check(&horner::bind(&p, 2.0), TOL);
    let q = Poly {
        c: vec![1.0_f32, 3.0],
    };
    let (gq, gx) = horner::gradient(&q, 0.5_f32);
    assert_eq!(gq.c, vec![1.0, 0.5]);
    assert_eq!(gx, 3.0);
}

#[test]
fn empty_and_single_fields() {
    let empty = Poly {
        c: Vec::<f64>::new(),
    };
    let (g, gx) = horner::gradient(&empty, 1.0);
    assert!(g.c.is_empty());
    assert_eq!(gx, 0.0);
    check(&horner::bind(&empty, 1.0), TOL);
    check(&horner::bind(&Poly { c: vec![3.0] }, 1.0), TOL);
}

/// A field written in the function (the struct taken by value): y = Σ wᵢ after w₀ = x.
#[differentiate(wrt(m, x))]
fn overwrite(mut m: Layer, x: f64) -> f64 {
    m.w[0] = x * x;
    let mut s = 0.0;
    for i in 0..m.w.len() {
        s += m.w[i] * m.b[0];
    }
    s
}

#[test]
fn field_writes_replace_the_derivative() {
    let (gm, gx) = overwrite::gradient(layer(), 3.0);
    // w₀ is overwritten: no derivative through it; ∂/∂x = 2x b₀.
    assert_slice_close(&gm.w, &[0.0, 0.3, 0.3], 1e-14, "∂w");
    assert!(close(gm.b[0], 9.0 - 2.0 + 0.5, 1e-14));
    assert!(close(gx, 6.0 * 0.3, 1e-14));
    check(&overwrite::bind(layer(), 3.0), TOL);
}

/// A struct passed on to another differentiated function.
#[differentiate(wrt(m, x))]
fn twice(m: &Layer, x: &[f64]) -> f64 {
    let a = score(m, x);
    a * a
}

#[test]
fn structs_pass_through_calls() {
    let (m, x) = (layer(), [0.5, 1.5, -1.0]);
    let (gm, _) = twice::gradient(&m, &x);
    let (sm, _) = score::gradient(&m, &x);
    let s = score(&m, &x);
    assert_slice_close(
        &gm.w,
        &sm.w.iter().map(|g| 2.0 * s * g).collect::<Vec<_>>(),
        1e-12,
        "chain rule",
    );
    check(&twice::bind(&m, &x), TOL);
}

/// A local copy of a struct parameter, written and read: y = w₀ x · w₁.
#[differentiate(wrt(m, x))]
fn local_copy(m: &Layer, x: f64) -> f64 {
    let mut g = m.clone();
    g.w[0] *= x;
    g.w[0] * g.w[1]
}

#[test]
fn struct_locals_carry_derivatives() {
    let (gm, gx) = local_copy::gradient(&layer(), 5.0);
    // ∂/∂w₀ = x w₁, ∂/∂w₁ = w₀ x, ∂/∂x = w₀ w₁.
    assert_slice_close(&gm.w, &[-10.0, 5.0, 0.0], 1e-14, "∂w");
    assert!(close(gx, -2.0, 1e-14));
    check(&local_copy::bind(&layer(), 5.0), TOL);
}

/// Integer fields copied to a local and cast: y = Σᵢ<n wᵢ x / n.
#[differentiate(wrt(m, x))]
fn mean_scaled(m: &Layer, x: f64) -> f64 {
    let n = m.n;
    let mut s = 0.0;
    for i in 0..n {
        s += m.w[i] * x;
    }
    s / m.n as f64
}

#[test]
fn integer_fields_in_locals_and_casts_carry_no_derivative() {
    let (gm, gx) = mean_scaled::gradient(&layer(), 6.0);
    assert_slice_close(&gm.w, &[2.0, 2.0, 2.0], 1e-14, "∂w = x / n");
    assert!(close(gx, (1.0 - 2.0 + 0.5) / 3.0, 1e-14));
    check(&mean_scaled::bind(&layer(), 6.0), TOL);
}

/// A struct result built with a literal: the model scaled by x (its rows are its floats).
#[differentiate(wrt(m, x))]
fn scaled_layer(m: &Layer, x: f64) -> Layer {
    let mut w = m.w.clone();
    for wi in w.iter_mut() {
        *wi *= x;
    }
    Layer {
        w,
        b: [m.b[0] * x, m.b[1]],
        n: m.n,
        name: m.name.clone(),
    }
}

#[test]
fn struct_results_have_rows_in_field_order() {
    let m = layer();
    let y = scaled_layer(&m, 2.0);
    let j = check(&scaled_layer::bind(&m, 2.0), TOL);
    // Rows: w (3), b (2); columns: m's w (3), b (2), then x.
    assert_eq!((j.rows(), j.cols()), (5, 6));
    // ∂wᵢ'/∂wᵢ = x, ∂wᵢ'/∂x = wᵢ, ∂b₀'/∂b₀ = x, ∂b₁'/∂b₁ = 1.
    assert!(close(j[(0, 0)], 2.0, 1e-8) && close(j[(1, 5)], -2.0, 1e-8));
    assert!(close(j[(3, 3)], 2.0, 1e-8) && close(j[(4, 4)], 1.0, 1e-8));
    // The tangent and the cotangent of a struct result are structs.
    let (v, dy) = scaled_layer::tangent(&m, 2.0, &m.zero_like(), 1.0);
    assert_eq!(v, y);
    assert_eq!(dy.w, m.w);
    assert_eq!(dy.name, "first");
    let mut ybar = m.zero_like();
    ybar.b = [1.0, 0.0];
    let (_, (gm, gx)) = scaled_layer::adjoint(&m, 2.0, &ybar);
    assert_eq!(gm.b, [2.0, 0.0]);
    assert_eq!(gx, 0.3);
}

/// Integer arithmetic on an integer field (found by the random programs): an index
/// computed as `(m.n + 1) % len`, carrying no derivative.
#[differentiate(wrt(m))]
fn wrapped(m: &Layer) -> f64 {
    let mut w = m.w.clone();
    let j = (m.n + 1) % w.len();
    w[j] += 0.5 * m.b[0];
    w[j] * m.b[1]
}

#[test]
fn integer_arithmetic_on_integer_fields() {
    let g = wrapped::gradient(&layer());
    // j = (3 + 1) % 3 = 1: y = (w₁ + b₀/2) b₁.
    assert_slice_close(&g.w, &[0.0, 1.5, 0.0], 1e-14, "∂w");
    assert_slice_close(&g.b, &[0.75, -2.0 + 0.15], 1e-14, "∂b");
    check(&wrapped::bind(&layer()), TOL);
}

/// A struct local defined in a loop: y = Σₖ w₀ (x + k) for k = 0, 1.
#[differentiate(wrt(m, x))]
fn copies_in_a_loop(m: &Layer, x: f64) -> f64 {
    let mut s = 0.0;
    for k in 0..2 {
        let mut g = m.clone();
        g.w[0] *= x + k as f64;
        s += g.w[0];
    }
    s
}

#[test]
fn struct_locals_in_loops() {
    let (gm, gx) = copies_in_a_loop::gradient(&layer(), 0.5);
    // ∂/∂w₀ = 2x + 1, ∂/∂x = 2 w₀.
    assert_slice_close(&gm.w, &[2.0, 0.0, 0.0], 1e-14, "∂w");
    assert!(close(gx, 2.0, 1e-14));
    check(&copies_in_a_loop::bind(&layer(), 0.5), TOL);
}

#[derive(Clone, Copy, Debug, PartialEq, jacobian::Inactive)]
pub enum Act {
    Tanh,
    Identity,
}

/// A field of an `Inactive` enum, copied from the primal and matched on.
#[derive(Clone, Debug, jacobian::Differentiable)]
pub struct Unit {
    pub w: f64,
    pub act: Act,
}

#[differentiate(wrt(u, x))]
fn unit(u: &Unit, x: f64) -> f64 {
    match u.act {
        Act::Tanh => (u.w * x).tanh(),
        Act::Identity => u.w * x,
    }
}

#[test]
fn fields_of_inactive_types_are_copied_and_matched_on() {
    let u = Unit {
        w: 0.5,
        act: Act::Tanh,
    };
    let (gu, gx) = unit::gradient(&u, 2.0);
    // ∂ tanh(wx)/∂w = x (1 − tanh²(wx)).
    let t = 1.0_f64.tanh();
    assert!(close(gu.w, 2.0 * (1.0 - t * t), 1e-14) && close(gx, 0.5 * (1.0 - t * t), 1e-14));
    assert_eq!(gu.act, Act::Tanh);
    let lin = Unit {
        w: 0.5,
        act: Act::Identity,
    };
    assert_eq!(unit::gradient(&lin, 2.0).0.w, 2.0);
    check(&unit::bind(&u, 2.0), TOL);
}

/// Integer arithmetic on integer fields, declared as such: `let m: usize = ..`.
#[differentiate(wrt(m))]
fn strided(m: &Layer) -> f64 {
    let last: usize = m.n - m.n / 3;
    let mut s = 0.0;
    for i in 0..last {
        s += m.w[i] * m.w[i];
    }
    s * m.b[0]
}

#[test]
fn integer_fields_in_declared_integer_locals() {
    let m = layer();
    // last = 3 − 1 = 2: s = (w₀² + w₁²) b₀, ∂/∂wᵢ = 2wᵢb₀ for i < 2, ∂/∂b₀ = w₀² + w₁²
    let g = strided::gradient(&m);
    assert_slice_close(&g.w, &[0.6, -1.2, 0.0], 1e-14, "∂w");
    assert_slice_close(&g.b, &[5.0, 0.0], 1e-14, "∂b");
    check(&strided::bind(&m), TOL);
}
