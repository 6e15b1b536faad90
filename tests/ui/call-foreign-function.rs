//! A call of a function from another crate (`libm::erf`) on a value carrying a
//! derivative: the macro's own error, pointing at the call and saying how to declare
//! the derivative. On constants such a call is a plain call.
use jacobian::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let c = libm::erf(0.5); // a constant: fine
    libm::erf(x * c) + std::f64::consts::PI
}

fn main() {}
