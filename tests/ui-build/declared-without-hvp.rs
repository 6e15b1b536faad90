//! A second-order mode through a declared JVP/VJP without `hvp`: refused when the
//! program instantiates it, naming what is missing.
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
    let _ = f::gradient(&[1.0, 2.0]); // fine: first order
    let _ = f::laplacian(&[1.0, 2.0]);
}
