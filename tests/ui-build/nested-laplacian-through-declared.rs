//! The gradient of a Laplacian through a function with a declared derivative: declared
//! rules have no third derivatives, refused when the program instantiates it.
use jacobian::{derivative, differentiate};

#[derivative(partials = softplus_partials)]
fn softplus(x: f64) -> f64 {
    x.exp().ln_1p()
}

#[differentiate]
fn softplus_partials(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[differentiate(wrt(x))]
fn u(x: &[f64; 2], w: f64) -> f64 {
    softplus(w * x[0]) * x[1]
}

#[differentiate]
fn residual(w: f64, x: &[f64; 2]) -> f64 {
    let r = u::laplacian(x, w) - 1.0;
    r * r
}

fn main() {
    let _ = u::laplacian(&[1.0, 2.0], 0.5); // fine: second order through the rule
    let _ = residual::gradient(0.5, &[1.0, 2.0]);
}
