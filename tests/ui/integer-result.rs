use jacobian::differentiate;

#[differentiate]
fn f(x: f64, n: usize) -> usize {
    if x > 0.0 {
        n
    } else {
        0
    }
}

fn main() {}
