use jacobian::differentiate;

struct Point {
    x: f64,
}

const ORIGIN: Point = Point { x: 1.0 };

#[differentiate]
fn f(a: f64) -> f64 {
    a * ORIGIN.x
}

fn main() {}
