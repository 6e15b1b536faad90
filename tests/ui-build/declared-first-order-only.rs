//! A declared JVP/VJP without `hvp` in a program that runs first-order modes only:
//! it builds (the second-order refusal is met only where a second-order mode is used).
use jacobian::{derivative, differentiate};

#[derivative(jvp = double_jvp, vjp = double_vjp)]
fn double(x: &[f64]) -> Vec<f64> {
    x.iter().map(|v| 2.0 * v).collect()
}

fn double_jvp(x: &[f64], dx: &[f64]) -> (Vec<f64>, Vec<f64>) {
    (double(x), double(dx))
}

fn double_vjp(_x: &[f64], _y: &[f64], y_bar: &[f64]) -> Vec<f64> {
    double(y_bar)
}

#[differentiate]
fn f(x: &[f64]) -> f64 {
    let y = double(x);
    y[0] * y[1]
}

fn main() {
    // f = 4 x₀x₁: ∇f = (4x₁, 4x₀)
    assert_eq!(f::gradient(&[1.0, 2.0]), vec![8.0, 4.0]);
    assert_eq!(f::jacobian(&[1.0, 2.0]).as_slice(), &[8.0, 4.0]);
    assert_eq!(double::jacobian(&[1.0]).as_slice(), &[2.0]);
}
