use jacobian::differentiate;

#[derive(Clone, jacobian::Differentiable)]
struct Scale {
    k: f64,
}

#[differentiate]
impl Scale {
    fn grow(&mut self, x: f64) -> f64 {
        self.k *= x;
        self.k
    }
}

fn main() {
    let _ = Scale { k: 1.0 }.grow(2.0);
}
