use jacobian::{derivative, differentiate};

/// A function of one scalar with differentiated partials.
#[derivative(partials = erf_partials)]
fn erf(x: f64) -> f64 {
    libm::erf(x)
}

/// A function of a slice with a JVP and a VJP (no HVP).
#[derivative(jvp = double_jvp, vjp = double_vjp)]
fn double(x: &[f64]) -> Vec<f64> {
    x.iter().map(|v| 2.0 * v).collect()
}
