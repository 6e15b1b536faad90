use jacobian::differentiate;

#[differentiate]
struct Point {
    x: f64,
}

fn main() {
    let _ = Point { x: 0.0 };
}
