//! Derivatives of derivatives other than `gradient` are not supported yet: a call of
//! `u::laplacian` inside a differentiated function is a compile error at the call.
use jacobian::differentiate;

#[differentiate]
fn u(x: &[f64; 2]) -> f64 {
    x[0] * x[0] * x[1]
}

#[differentiate]
fn lap_squared(x: &[f64; 2]) -> f64 {
    let l = u::laplacian(x);
    l * l
}

fn main() {}
