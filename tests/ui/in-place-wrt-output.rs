use jacobian::differentiate;

#[differentiate(wrt(x, y))]
fn f(x: &[f64], y: &mut [f64]) {
    y[0] = x[0] * x[0];
}

fn main() {}
