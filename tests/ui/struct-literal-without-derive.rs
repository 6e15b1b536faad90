use jacobian::differentiate;

struct Point {
    x: f64,
    y: f64,
}

#[differentiate]
fn f(a: f64) -> f64 {
    let _p = Point { x: a, y: 2.0 };
    a * 3.0
}

fn main() {
    let p = Point { x: 0.0, y: 0.0 };
    let _ = (p.x, p.y);
}
