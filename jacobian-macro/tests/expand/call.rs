use jacobian::differentiate;

/// The callee.
#[differentiate]
fn square(x: f64) -> f64 {
    x * x
}

/// Calls the callee's generated tangent and adjoint.
#[differentiate]
fn call(x: &[f64; 2]) -> f64 {
    square(x[0]) + square(x[1]).sqrt()
}
