//! Derivatives of derivatives other than `gradient` and `laplacian` are not supported
//! yet: a call of `u::hessian` inside a differentiated function is a compile error at
//! the call.
use jacobian::differentiate;

#[differentiate]
fn u(x: &[f64; 2]) -> f64 {
    x[0] * x[0] * x[1]
}

#[differentiate]
fn trace(x: &[f64; 2]) -> f64 {
    let h = u::hessian(x);
    h[(0, 0)] + h[(1, 1)]
}

fn main() {}
