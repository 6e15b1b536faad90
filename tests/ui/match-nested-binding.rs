use jacobian::differentiate;

#[differentiate]
fn f(x: f64, k: (usize, (usize, usize))) -> f64 {
    match k {
        (0, (a, _)) => x * a as f64,
        _ => x,
    }
}

fn main() {}
