use jacobian::differentiate;

#[differentiate]
fn f(x: &[[f64; 3]; 3]) -> f64 {
    let mut s = 0.0;
    'rows: for i in 0..3 {
        for j in 0..3 {
            if x[i][j] < 0.0 {
                break 'rows;
            }
            s += x[i][j];
        }
    }
    s
}

fn main() {}
