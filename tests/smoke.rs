use jacobian::differentiate;

#[differentiate]
fn f(x: &[f64; 3], w: &[[f64; 3]; 2], b: f64) -> [f64; 2] {
    let mut y = [0.0; 2];
    for i in 0..2 {
        let mut s = b;
        for j in 0..3 {
            s += w[i][j] * x[j];
        }
        y[i] = s.tanh();
    }
    y
}

#[test]
fn smoke() {
    let x = [0.1, 0.2, 0.3];
    let w = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let (y, dy) = f::tangent(&x, &w, 0.5, &[1.0, 0.0, 0.0], &[[0.0; 3]; 2], 0.0);
    println!("{y:?} {dy:?}");
    let (y2, bar) = f::adjoint(&x, &w, 0.5, &[1.0, 0.0]);
    println!("{y2:?} {bar:?}");
    let j = f::jacobian(&x, &w, 0.5);
    println!("{j:?}");
}
