use jacobian::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let scale = move |a: f64| a * y;
    scale(x)
}

fn main() {}
