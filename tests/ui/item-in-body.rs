use jacobian::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    fn sq(a: f64) -> f64 {
        a * a
    }
    sq(x)
}

fn main() {}
