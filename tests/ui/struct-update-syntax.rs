use jacobian::differentiate;

#[derive(Clone, jacobian::Differentiable)]
struct Point {
    x: f64,
    y: f64,
}

#[differentiate(wrt(p, a))]
fn moved(p: &Point, a: f64) -> Point {
    Point { x: p.x + a, ..p.clone() }
}

fn main() {
    let _ = moved(&Point { x: 0.0, y: 1.0 }, 2.0).y;
}
