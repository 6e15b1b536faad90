use jacobian::differentiate;
use num_traits::Pow;

// `.pow()` is not a `Float` method; with `num_traits::Pow` in scope it would
// compile and drop the derivative.
#[differentiate]
fn f(x: f64) -> f64 {
    let y = x.pow(2.0);
    y * x
}

fn main() {}
