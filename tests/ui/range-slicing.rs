use jacobian::differentiate;

#[differentiate]
fn g(v: &[f64]) -> f64 {
    v[0] * v[1]
}

#[differentiate]
fn f(x: &[f64; 4]) -> f64 {
    g(&x[1..3])
}

fn main() {}
