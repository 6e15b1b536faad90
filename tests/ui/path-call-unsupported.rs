use jacobian::differentiate;
use num_traits::Float;

// Associated-function spellings of methods without a derivative rule are refused
// like their method spellings, never passed to a generated module that does not
// exist.
#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let a = f64::copysign(x, y);
    let b = Float::abs_sub(x, y);
    let c = num_traits::Float::abs_sub(y, x);
    let d = f64::sin_cos(x);
    a + b + c + d.0
}

fn main() {}
