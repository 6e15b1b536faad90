//! Malformed `#[derivative]` attributes and signatures that do not fit the rule.
use jacobian::derivative;

#[derivative]
fn no_rule(x: f64) -> f64 {
    x
}

#[derivative(partials = p, jvp = j, vjp = v)]
fn both_kinds(x: f64) -> f64 {
    x
}

#[derivative(jvp = j)]
fn jvp_alone(x: &[f64]) -> f64 {
    x[0]
}

#[derivative(partials = p, order = 2)]
fn unknown_key(x: f64) -> f64 {
    x
}

#[derivative(partials = p)]
fn partials_of_a_slice(x: &[f64]) -> f64 {
    x[0]
}

#[derivative(partials = p)]
fn partials_of_four(a: f64, b: f64, c: f64, d: f64) -> f64 {
    a + b + c + d
}

#[derivative(partials = p)]
fn partials_with_a_vector_result(x: f64) -> [f64; 2] {
    [x, x]
}

struct S;

impl S {
    #[derivative(partials = p)]
    fn method(&self, x: f64) -> f64 {
        x
    }
}

fn p(x: f64) -> f64 {
    x
}

fn main() {}
