use jacobian::differentiate;

trait Model {
    fn apply(&self, x: f64) -> f64;
}

#[derive(Clone, jacobian::Differentiable)]
struct Scale {
    k: f64,
}

#[differentiate]
impl Model for Scale {
    fn apply(&self, x: f64) -> f64 {
        self.k * x
    }
}

fn main() {
    let _ = Scale { k: 1.0 }.apply(2.0);
}
