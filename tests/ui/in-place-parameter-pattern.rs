use jacobian::differentiate;

#[differentiate]
fn f((a, b): (f64, f64), y: &mut [f64]) {
    y[0] = a * b;
}

fn main() {}
