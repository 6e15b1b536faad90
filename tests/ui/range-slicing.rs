use jacobian::differentiate;

#[differentiate]
fn f(x: &[f64; 4]) -> f64 {
    x[1..3][0] * 2.0
}

fn main() {}
