//! A second-order mode of a function that calls another's `gradient`: it would need
//! third derivatives, and is refused when the program instantiates it.
use jacobian::differentiate;

#[differentiate]
fn u(x: &[f64; 2]) -> f64 {
    x[0] * x[0] * x[1]
}

#[differentiate]
fn g_norm(x: &[f64; 2]) -> f64 {
    let g = u::gradient(x);
    g[0] * g[0] + g[1] * g[1]
}

fn main() {
    let _ = g_norm::gradient(&[1.0, 2.0]); // fine: first order
    let _ = g_norm::hessian(&[1.0, 2.0]);
}
