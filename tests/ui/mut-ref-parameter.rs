use jacobian::differentiate;

#[differentiate]
fn f(x: &mut [f64; 2]) -> f64 {
    x[0] * x[1]
}

fn main() {}
