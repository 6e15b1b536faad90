//! Partials without `#[differentiate]` and without `second = ..`: second-order modes
//! have no second partials, reported at the attribute.
use jacobian::derivative;

#[derivative(partials = cube_partials)]
fn cube(x: f64) -> f64 {
    x * x * x
}

fn cube_partials(x: f64) -> f64 {
    3.0 * x * x
}

fn main() {
    let _ = cube::gradient(2.0);
}
