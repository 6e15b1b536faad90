//! Finite differences against closed-form derivatives.

use super::{gradient, hessian, jacobian, jacobian_with_step};
use crate::matrix::Matrix;

/// f(x) = (x₀·x₁, sin x₀, x₁²)
fn f(x: &[f64]) -> Vec<f64> {
    vec![x[0] * x[1], x[0].sin(), x[1] * x[1]]
}

/// J = [[x₁, x₀], [cos x₀, 0], [0, 2x₁]]
fn f_jacobian(x: &[f64]) -> Matrix<f64> {
    Matrix::from_row_major(3, 2, vec![x[1], x[0], x[0].cos(), 0.0, 0.0, 2.0 * x[1]])
}

/// Rosenbrock: (1 - x)² + 100 (y - x²)²
fn rosenbrock(v: &[f64]) -> f64 {
    (1.0 - v[0]).powi(2) + 100.0 * (v[1] - v[0] * v[0]).powi(2)
}

#[test]
fn jacobian_matches_the_closed_form() {
    for x in [[0.3, -1.2], [2e-3, 30.0], [-4.0, 7.5]] {
        let err = jacobian(f, &x).max_abs_diff(&f_jacobian(&x));
        // Truncation h²·|f'''|/6 plus rounding ε·|f|/h, with h ≈ 6e-6·max(1, |x|).
        assert!(err <= 1e-7, "x = {x:?}: error {err}");
    }
}

#[test]
fn jacobian_in_f32_is_accurate_to_its_precision() {
    let g = |x: &[f32]| vec![x[0] * x[0] * x[1], x[1].exp()];
    let j = jacobian(g, &[1.5_f32, 0.5]);
    // [[2x₀x₁, x₀²], [0, exp x₁]]
    let expected = Matrix::from_row_major(2, 2, vec![1.5, 2.25, 0.0, 0.5_f32.exp()]);
    assert!(j.max_abs_diff(&expected) <= 1e-3, "{j}");
}

#[test]
fn smaller_relative_steps_reduce_the_truncation_error() {
    let cube = |x: &[f64]| vec![x[0].powi(3)];
    // The central difference of x³ is exactly 3x² + h²: the error is h² · max(1, |x|)².
    let coarse = jacobian_with_step(cube, &[2.0], 1e-2)[(0, 0)] - 12.0;
    let fine = jacobian_with_step(cube, &[2.0], 1e-3)[(0, 0)] - 12.0;
    assert!((coarse - 4e-4).abs() < 1e-9, "{coarse}");
    assert!((fine - 4e-6).abs() < 1e-9, "{fine}");
}

#[test]
fn empty_inputs_give_m_by_0() {
    let j = jacobian(|_: &[f64]| vec![1.0, 2.0], &[]);
    assert_eq!(j.shape(), (2, 0));
}

#[test]
fn gradient_matches_the_closed_form() {
    let (x, y) = (-0.8, 1.3);
    // ∇ = (-2(1 - x) - 400x(y - x²), 200(y - x²))
    let expected = [
        -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
        200.0 * (y - x * x),
    ];
    let g = gradient(rosenbrock, &[x, y]);
    for (got, want) in g.iter().zip(expected) {
        assert!(
            (got - want).abs() <= 1e-6 * want.abs().max(1.0),
            "{got} vs {want}"
        );
    }
}

#[test]
fn hessian_matches_the_closed_form() {
    let (x, y) = (-0.8, 1.3);
    // H = [[2 - 400(y - 3x²), -400x], [-400x, 200]]
    let expected = Matrix::from_row_major(
        2,
        2,
        vec![
            2.0 - 400.0 * (y - 3.0 * x * x),
            -400.0 * x,
            -400.0 * x,
            200.0,
        ],
    );
    let h = hessian(rosenbrock, &[x, y]);
    // ε^(1/2) ≈ 1.5e-8 per unit of scale; f and H reach a few hundred here.
    assert!(h.max_abs_diff(&expected) <= 1e-4, "{h}");
    assert_eq!(h[(0, 1)], h[(1, 0)]);
}

#[test]
fn hessian_of_three_variables_is_symmetric_and_correct() {
    // f = x·y·z + x²: H = [[2, z, y], [z, 0, x], [y, x, 0]]
    let g = |v: &[f64]| v[0] * v[1] * v[2] + v[0] * v[0];
    let (x, y, z) = (0.5, -2.0, 3.0);
    let h = hessian(g, &[x, y, z]);
    let expected = Matrix::from_row_major(3, 3, vec![2.0, z, y, z, 0.0, x, y, x, 0.0]);
    assert!(h.max_abs_diff(&expected) <= 1e-6, "{h}");
    assert_eq!(h, h.transpose());
}

#[test]
#[should_panic(expected = "finite differences: f returned 1 values at one point and 2 at another")]
fn outputs_of_varying_length_panic() {
    jacobian(
        |x: &[f64]| vec![0.0; if x[0] > 0.0 { 1 } else { 2 }],
        &[0.0],
    );
}

#[test]
#[should_panic(expected = "jacobian_with_step: the step must be positive and finite, got 0")]
fn a_zero_step_panics() {
    jacobian_with_step(f, &[1.0, 2.0], 0.0);
}
