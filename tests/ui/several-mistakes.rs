use jacobian::differentiate;

// Four independent mistakes: each is reported, in one pass, with nothing else.
#[differentiate]
fn f(x: &[f64; 3], n: usize) -> f64 {
    let m = x.iter().copied().reduce(f64::max);
    let t = match n {
        0 => x[0],
        _ => x[1],
    };
    let q = loop {
        break 1.0;
    };
    println!("{t}");
    let g = move |a: f64| a + t;
    g(x[2]) + m.unwrap() + q
}

fn main() {}
