use jacobian::differentiate;

#[differentiate]
fn through(g: &dyn Fn(f64) -> f64, _p: *const f64, x: f64) -> f64 {
    g(x) * x
}

fn main() {
    let _ = through(&|v| v, std::ptr::null(), 1.0);
}
