use jacobian::differentiate;

#[differentiate]
fn f(x: &[f64]) -> Vec<f64> {
    let y: Vec<f64> = x.iter().map(|v| v.sin()).collect();
    y
}

fn main() {}
