use jacobian::differentiate;

struct Point {
    x: f64,
    y: f64,
}

#[differentiate]
fn f(_p: &Point, a: f64) -> f64 {
    a * a
}

fn main() {
    let p = Point { x: 0.0, y: 0.0 };
    let _ = (p.x, p.y);
}
