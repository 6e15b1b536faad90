use jacobian::differentiate;

/// No loops, branches or overwrites: the adjoint stores nothing.
#[differentiate]
fn straight_line(x: f64, y: f64) -> f64 {
    let a = x * y;
    let b = a.sin();
    b / y + x.exp()
}
