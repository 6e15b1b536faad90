#[derive(Clone, jacobian::Differentiable)]
enum Mode {
    Fast,
    Exact,
}

#[derive(Clone, jacobian::Differentiable)]
struct Pair(f64, f64);

#[derive(Clone, jacobian::Differentiable)]
struct Counts {
    n: usize,
}

fn main() {
    let _ = (Mode::Fast, Mode::Exact, Pair(1.0, 2.0).0, Counts { n: 1 }.n);
}
