//! Derivatives whose own derivatives are not available (`hessian`, `hvp`: third
//! derivatives; `jacobian`: a `Matrix` result) are compile errors at the call, all in
//! one pass, naming the calls that can be differentiated.
use jacobian::differentiate;

#[differentiate]
fn u(x: &[f64; 2]) -> f64 {
    x[0] * x[0] * x[1]
}

#[differentiate]
fn field(x: &[f64; 2]) -> [f64; 2] {
    [x[0] * x[1], x[1]]
}

#[differentiate]
fn trace(x: &[f64; 2]) -> f64 {
    let h = u::hessian(x);
    let (_, hv) = u::hvp(x, &[1.0, 0.0]);
    let j = field::jacobian(x);
    let e = field::divergence_estimate(x, 4, 1);
    h[(0, 0)] + hv[1] + j[(1, 1)] + e
}

fn main() {}
