//! Methods: `#[differentiate]` on inherent impl blocks. Each differentiated method
//! `forward` gets associated functions `forward_gradient`, `forward_jacobian`, …
//! with `self` first; checked by the oracle battery through `forward_bind`, against
//! closed forms, with `wrt(self)`, `wrt(x)` and calls between methods and from free
//! functions.

mod common;

use common::{assert_slice_close, check, close};
use jacobian::differentiate;

const TOL: f64 = 1e-6;

/// A one-hidden-layer network: h = tanh(W₁ x + b₁), y = w₂ · h + b₂.
#[derive(Clone, Debug, PartialEq, jacobian::Differentiable)]
pub struct Mlp {
    pub w1: Vec<f64>,
    pub b1: Vec<f64>,
    pub w2: Vec<f64>,
    pub b2: f64,
    pub inputs: usize,
}

#[differentiate]
impl Mlp {
    /// The hidden layer.
    #[differentiate]
    pub fn hidden(&self, x: &[f64]) -> Vec<f64> {
        let mut h = self.b1.clone();
        for (j, hj) in h.iter_mut().enumerate() {
            for i in 0..self.inputs {
                *hj += self.w1[j * self.inputs + i] * x[i];
            }
            *hj = hj.tanh();
        }
        h
    }

    /// The network's output, calling the hidden layer.
    #[differentiate]
    pub fn forward(&self, x: &[f64]) -> f64 {
        let h = self.hidden(x);
        let mut y = self.b2;
        for j in 0..h.len() {
            y += self.w2[j] * h[j];
        }
        y
    }

    /// Its output's gradient with respect to the input only.
    #[differentiate(wrt(x))]
    pub fn saliency(&self, x: &[f64]) -> f64 {
        Self::forward(self, x)
    }

    /// Not differentiated.
    pub fn width(&self) -> usize {
        self.b1.len()
    }
}

fn mlp() -> Mlp {
    Mlp {
        w1: vec![0.5, -0.25, 1.0, 0.75, -0.5, 0.3],
        b1: vec![0.1, -0.2, 0.05],
        w2: vec![1.0, -1.5, 0.5],
        b2: 0.25,
        inputs: 2,
    }
}

#[test]
fn a_method_and_its_associated_derivatives() {
    let (m, x) = (mlp(), [0.4, -0.7]);
    assert_eq!(m.width(), 3);
    let (gm, gx) = m.forward_gradient(&x);
    // ∂y/∂b₂ = 1, ∂y/∂w₂ = h.
    assert_eq!(gm.b2, 1.0);
    assert_slice_close(&gm.w2, &m.hidden(&x), 1e-14, "∂w₂ = h");
    assert_eq!(gm.inputs, 2);
    let fd = check(&m.forward_bind(&x), TOL);
    assert_eq!(fd.cols(), 6 + 3 + 3 + 1 + 2);
    let mut flat = jacobian::Shape::to_flat_vec(&gm);
    flat.extend(&gx);
    assert_slice_close(fd.as_slice(), &flat, 1e-6, "gradient = finite differences");
    // The value and the other associated functions agree.
    let (y, g) = m.forward_value_and_gradient(&x);
    assert_eq!((y, g.1), (m.forward(&x), gx));
    let h = m.forward_hessian(&x);
    assert_eq!(h.rows(), 15);
    let _ = m.forward_laplacian(&x);
}

#[test]
fn a_vector_method_has_a_jacobian() {
    let (m, x) = (mlp(), [0.4, -0.7]);
    let j = check(&m.hidden_bind(&x), TOL);
    assert_eq!((j.rows(), j.cols()), (3, 6 + 3 + 3 + 1 + 2));
    let jj = m.hidden_jacobian(&x);
    assert_slice_close(
        jj.as_slice(),
        j.as_slice(),
        1e-6,
        "jacobian = finite differences",
    );
    let (h, dh) = m.hidden_tangent(&x, &mlp(), &[0.0, 0.0]);
    assert_eq!(h, m.hidden(&x));
    assert_eq!(dh.len(), 3);
}

#[test]
fn wrt_x_leaves_the_model_constant() {
    let (m, x) = (mlp(), [0.4, -0.7]);
    let g = m.saliency_gradient(&x);
    let (_, gx) = m.forward_gradient(&x);
    assert_eq!(g, gx);
    // ∂y/∂xᵢ = Σⱼ w₂ⱼ (1 − hⱼ²) W₁ⱼᵢ.
    let h = m.hidden(&x);
    for (i, gi) in g.iter().enumerate() {
        let want: f64 = (0..3)
            .map(|j| m.w2[j] * (1.0 - h[j] * h[j]) * m.w1[j * 2 + i])
            .sum();
        assert!(close(*gi, want, 1e-14));
    }
    check(&m.saliency_bind(&x), TOL);
}

/// A free function calling a method of a struct parameter.
#[differentiate(wrt(m))]
fn loss(m: &Mlp, x: &[f64], target: f64) -> f64 {
    let e = m.forward(x) - target;
    0.5 * e * e
}

#[test]
fn free_functions_call_methods() {
    let (m, x) = (mlp(), [0.4, -0.7]);
    let g = loss::gradient(&m, &x, 2.0);
    let e = m.forward(&x) - 2.0;
    let (gm, _) = m.forward_gradient(&x);
    assert_slice_close(
        &g.w1,
        &gm.w1.iter().map(|v| e * v).collect::<Vec<_>>(),
        1e-14,
        "chain rule",
    );
    check(&loss::bind(&m, &x, 2.0), TOL);
}

#[derive(Clone, Debug, PartialEq, jacobian::Differentiable)]
pub struct Quad<T: num_traits::Float> {
    pub a: [T; 2],
}

#[differentiate]
impl<T: num_traits::Float> Quad<T> {
    /// q = a₀ x² + a₁ x, by value, generic.
    pub fn at(self, x: T) -> T {
        self.a[0] * x * x + self.a[1] * x
    }
}

#[test]
fn generic_impls_and_self_by_value() {
    let q = Quad { a: [2.0, -1.0] };
    let (gq, gx) = q.clone().at_gradient(3.0);
    assert_eq!(gq.a, [9.0, 3.0]);
    assert_eq!(gx, 2.0 * 2.0 * 3.0 - 1.0);
    check(&q.clone().at_bind(3.0), TOL);
    let qf = Quad { a: [1.0_f32, 1.0] };
    assert_eq!(qf.at_gradient(1.0).1, 3.0);
}

#[test]
fn a_function_declared_in_a_block() {
    /// y = x², declared inside the test.
    #[differentiate]
    fn sq(x: f64) -> f64 {
        x * x
    }
    assert_eq!(sq::gradient(3.0), 6.0);
    assert_eq!(sq::value_and_jacobian(2.0).0, 4.0);
    check(&sq::bind(1.5), TOL);
}

#[differentiate]
impl Mlp {
    /// The model with its output bias moved by `shift`: a struct result built with `Self { .. }`.
    #[differentiate(wrt(self, shift))]
    pub fn shifted(&self, shift: f64) -> Mlp {
        Self {
            w1: self.w1.clone(),
            b1: self.b1.clone(),
            w2: self.w2.clone(),
            b2: self.b2 + shift * shift,
            inputs: self.inputs,
        }
    }
}

#[test]
fn a_method_returning_self() {
    let m = mlp();
    let j = check(&m.shifted_bind(0.5), TOL);
    // Rows and columns: the 13 floats (and `shift` as the last column).
    assert_eq!((j.rows(), j.cols()), (13, 14));
    // ∂b₂'/∂shift = 2 shift.
    assert!(close(j[(12, 13)], 1.0, 1e-8));
    assert_eq!(m.shifted(0.5).inputs, 2);
}

#[differentiate]
impl Quad<f64> {
    /// `self` inside macro arguments: y = Σ (a₀ x)² over a `vec!` of three copies.
    #[allow(clippy::useless_vec)]
    pub fn spread(&self, x: f64) -> f64 {
        assert!(self.a.len() == 2, "two coefficients");
        let v = vec![self.a[0] * x; 3];
        v.iter().map(|t| t * t).sum()
    }
}

#[test]
fn self_in_macro_arguments() {
    let q = Quad { a: [2.0, 0.0] };
    // y = 3 a₀² x²: ∂y/∂a₀ = 6 a₀ x², ∂y/∂x = 6 a₀² x.
    let (gq, gx) = q.spread_gradient(0.5);
    assert!(close(gq.a[0], 3.0, 1e-14) && close(gx, 12.0, 1e-14));
    check(&q.spread_bind(0.5), TOL);
}

mod model {
    /// A model in its own module.
    #[derive(Clone, Debug, jacobian::Differentiable)]
    pub struct Lin {
        pub w: [f64; 2],
    }

    #[jacobian::differentiate]
    impl Lin {
        /// y = w · x
        pub fn apply(&self, x: &[f64; 2]) -> f64 {
            self.w[0] * x[0] + self.w[1] * x[1]
        }
    }
}

/// A method of a struct from another module, called through the struct's path.
#[differentiate(wrt(m, x))]
fn squared_output(m: &model::Lin, x: &[f64; 2]) -> f64 {
    let y = m.apply(x);
    y * y
}

#[test]
fn methods_of_structs_in_other_modules() {
    let m = model::Lin { w: [2.0, -1.0] };
    let (gm, gx) = squared_output::gradient(&m, &[1.0, 3.0]);
    // y = 2 − 3 = −1: ∂y²/∂w = 2y x, ∂y²/∂x = 2y w.
    assert_eq!((gm.w, gx), ([-2.0, -6.0], [-4.0, 2.0]));
    check(&squared_output::bind(&m, &[1.0, 3.0]), TOL);
}
