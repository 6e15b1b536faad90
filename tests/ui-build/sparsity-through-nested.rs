//! A sparsity pattern cannot pass through a nested derivative (its directions are
//! numbers, and a cancellation at one point would hide an entry): refused when the
//! program instantiates `sparsity`.
use jacobian::differentiate;

#[differentiate]
fn u(x: &[f64; 2]) -> f64 {
    x[0] * x[0] * x[1]
}

#[differentiate]
fn grad_field(x: &[f64; 2]) -> [f64; 2] {
    u::gradient(x)
}

fn main() {
    let _ = grad_field::jacobian(&[1.0, 2.0]); // fine: the dense Jacobian
    let _ = grad_field::sparsity(&[1.0, 2.0]);
}
