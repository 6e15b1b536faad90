use jacobian::differentiate;

#[derive(Clone, jacobian::Differentiable)]
struct Layer {
    w: Vec<f64>,
}

/// `m` is a constant here: no `wrt(m)`.
#[differentiate]
fn inner(m: &Layer, x: f64) -> f64 {
    m.w[0] * x
}

#[differentiate(wrt(m, x))]
fn outer(m: &Layer, x: f64) -> f64 {
    inner(m, x) * 2.0
}

fn main() {
    let _ = outer(&Layer { w: vec![1.0] }, 2.0);
}
