use jacobian::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let y = x * 2.0;
    assert!(y.is_finite(), "y = {y}");
    y
}

fn main() {}
