use jacobian::differentiate;

/// A data-dependent trip count: the adjoint counts the iterations and
/// replays them backwards.
#[differentiate]
fn while_loop(x: f64) -> f64 {
    let mut y = x;
    let mut n = 0;
    while y < 10.0 && n < 100 {
        y = y * y + 1.0;
        n += 1;
    }
    y
}
