use jacobian::differentiate;

#[differentiate]
fn f(x: f64, n: usize) -> f64 {
    if let 0 = n {
        x
    } else {
        x * x
    }
}

fn main() {}
