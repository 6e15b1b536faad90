use jacobian::differentiate;

fn square(a: f64) -> f64 {
    a * a
}

#[differentiate]
fn f(x: f64) -> f64 {
    square(x) + 1.0
}

fn main() {}
