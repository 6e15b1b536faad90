use jacobian::differentiate;

#[derive(Clone, Copy)]
pub enum Mode {
    Square,
    Cube,
}

#[differentiate]
fn f(x: f64, mode: Mode) -> f64 {
    match mode {
        Mode::Square => x * x,
        Mode::Cube => x * x * x,
    }
}

fn main() {}
