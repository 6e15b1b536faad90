use jacobian::differentiate;

/// `s` is overwritten on every iteration: the adjoint saves each old value
/// on its stack and restores it on the way back.
#[differentiate]
fn loop_overwrite(x: &[f64; 3]) -> f64 {
    let mut s = 1.0;
    for i in 0..3 {
        s = s * x[i] + s.sin();
    }
    s
}
