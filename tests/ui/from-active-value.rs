use jacobian::differentiate;
use jacobian::Scalar;

#[differentiate]
fn f<T: Scalar>(x: T) -> T {
    let y = T::from(x).unwrap();
    y * x
}

fn main() {}
