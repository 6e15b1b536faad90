use jacobian::differentiate;

#[differentiate]
fn f(x: f64, _name: String) -> f64 {
    x * x
}

fn main() {}
