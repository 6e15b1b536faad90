use jacobian::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    let [a, b] = x else {
        return 0.0;
    };
    *a * *b
}

fn main() {}
