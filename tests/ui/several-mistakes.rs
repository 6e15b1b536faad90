use jacobian::differentiate;

// Four independent mistakes: each is reported, in one pass, with nothing else.
#[differentiate]
fn f(x: &[f64; 3], n: usize) -> f64 {
    let s: f64 = x.iter().sum();
    let t = match n {
        0 => s,
        _ => x[0],
    };
    println!("{t}");
    let g = |a: f64| a + t;
    g(s)
}

fn main() {}
