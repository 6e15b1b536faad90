use jacobian::differentiate;

#[differentiate]
fn f(x: f64) -> (f64, f64) {
    x.sin_cos()
}

fn main() {}
