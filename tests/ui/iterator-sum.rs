use jacobian::differentiate;

#[differentiate]
fn f(x: &[f64; 3]) -> f64 {
    x.iter().sum()
}

fn main() {}
