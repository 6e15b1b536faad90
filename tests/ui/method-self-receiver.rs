use jacobian::differentiate;

struct Scale(f64);

impl Scale {
    #[differentiate]
    fn apply(&self, x: f64) -> f64 {
        x * 2.0
    }
}

fn main() {
    let _ = Scale(1.0);
}
