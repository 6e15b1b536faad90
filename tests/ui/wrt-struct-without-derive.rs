use jacobian::differentiate;

#[derive(Clone)]
struct Point {
    x: f64,
}

#[differentiate(wrt(p))]
fn norm2(p: &Point) -> f64 {
    p.x * p.x
}

fn main() {
    let _ = Point { x: 0.0 }.x;
}
