//! The random-program checks must be able to fail: each test below hands
//! `support::check::point` a program with one of its probes deliberately wrong
//! (or a point on a kink) and expects a failure (or a discard).

mod support;

use support::check::{point, Verdict};
use support::{flat, Api, Probes, Rng, Single, Trace};

#[jacobian::differentiate]
fn smooth(x: &[f64; 2]) -> f64 {
    (x[0] * x[1]).sin() + x[0] * x[0]
}

/// `smooth` in `f32`.
#[jacobian::differentiate]
fn smooth32(x: &[f32; 2]) -> f32 {
    (x[0] * x[1]).sin() + x[0] * x[0]
}

/// The twin of `smooth`, plus `eps·(x₀ - 0.3)·x₁` (same value at the point, x₀ = 0.3).
fn twin(x: &[f64; 2], eps: f64) -> f64 {
    (x[0] * x[1]).sin() + x[0] * x[0] + eps * (x[0] - 0.3) * x[1]
}

#[jacobian::differentiate]
fn kink(x: f64) -> f64 {
    if x > 0.0 {
        x
    } else {
        2.0 * x
    }
}

/// Runs the checks on `smooth` at (0.3, -0.7) with the twin perturbed by `eps` and
/// the gradient and tangent probes by `geps` and `teps`, all without changing their
/// values at the point, only their derivatives; and its `f32` copy's Jacobian
/// entry (0, 0) by `seps`.
fn run(eps: f64, geps: f64, teps: f64, seps: f32) -> Result<(), Verdict> {
    run_sparse(eps, geps, teps, seps, false, 0.0)
}

/// [`run`], with entry (0, 1) dropped from the sparsity pattern when `drop` and the
/// sparse Jacobian's entry (0, 0) moved by `off`.
fn run_sparse(
    eps: f64,
    geps: f64,
    teps: f64,
    seps: f32,
    drop: bool,
    off: f64,
) -> Result<(), Verdict> {
    let x = [0.3, -0.7];
    let f = smooth::bind(&x);
    let gradient = |p: &[f64; 2]| {
        let g = smooth::gradient(p);
        [g[0] + geps * (p[0] - 0.3), g[1]]
    };
    point(
        &f,
        &Probes {
            twin: &|p: &[f64; 2], _: &mut Trace| twin(p, eps),
            tangent_at: &|p: &[f64; 2], d: &[f64; 2]| {
                smooth::tangent(p, d).1 + teps * (p[0] - 0.3) * d[0]
            },
            gradient_at: Some(&gradient),
            api: &|| Api {
                jacobian: smooth::jacobian(&x),
                laplacian: flat(&smooth::laplacian(&x)),
                hessian: Some(smooth::hessian(&x)),
                sparse: {
                    let p = smooth::sparsity(&x);
                    let kept = p.iter().filter(|&e| !drop || e != (0, 1));
                    let p = jacobian::Pattern::new(p.rows(), p.cols(), kept);
                    let mut j = smooth::sparse_jacobian(&x).to_dense();
                    j[(0, 0)] += off;
                    Some((p, j))
                },
                single: {
                    let x32 = x.map(|v| v as f32);
                    let mut j = smooth32::jacobian(&x32);
                    j[(0, 0)] += seps;
                    Some(Single::new(&smooth32(&x32), &j))
                },
            },
        },
        &mut Rng::new(1),
    )
}

fn failure(r: Result<(), Verdict>) -> String {
    match r {
        Err(Verdict::Fail(msg)) => msg,
        Err(Verdict::Discard(why)) => panic!("discarded ({why}), expected a failure"),
        Ok(()) => panic!("passed, expected a failure"),
    }
}

#[test]
fn a_correct_program_passes() {
    assert!(run(0.0, 0.0, 0.0, 0.0).is_ok());
}

#[test]
fn a_first_derivative_off_by_1e_5_fails() {
    let msg = failure(run(1e-5, 0.0, 0.0, 0.0));
    assert!(msg.contains("forward mode vs finite differences"), "{msg}");
}

#[test]
fn a_hessian_entry_off_by_1e_5_fails() {
    let msg = failure(run(0.0, 1e-5, 0.0, 0.0));
    assert!(msg.contains("hessian vs finite differences"), "{msg}");
}

#[test]
fn a_laplacian_off_by_1e_5_fails() {
    let msg = failure(run(0.0, 0.0, 1e-5, 0.0));
    assert!(msg.contains("laplacian vs finite differences"), "{msg}");
}

#[test]
fn an_f32_jacobian_entry_off_by_2_percent_fails() {
    // The entry is 2·0.3 + (−0.7)·cos(−0.21) ≈ −0.085; the tolerance is 1e-2 of the
    // largest entry (and at least 1e-2).
    let msg = failure(run(0.0, 0.0, 0.0, 0.02));
    assert!(msg.contains("f32 copy vs f64"), "{msg}");
}

#[test]
fn a_pattern_missing_an_entry_fails() {
    let msg = failure(run_sparse(0.0, 0.0, 0.0, 0.0, true, 0.0));
    assert!(msg.contains("misses entry (0, 1)"), "{msg}");
}

#[test]
fn a_sparse_jacobian_entry_off_by_1e_6_fails() {
    let msg = failure(run_sparse(0.0, 0.0, 0.0, 0.0, false, 1e-6));
    assert!(msg.contains("the sparse Jacobian vs forward mode"), "{msg}");
}

#[test]
fn a_point_next_to_a_branch_is_discarded() {
    let x = 1e-4;
    let f = kink::bind(x);
    let r = point(
        &f,
        &Probes {
            twin: &|p: &f64, tr: &mut Trace| {
                if support::tb(*p > 0.0, tr) {
                    *p
                } else {
                    2.0 * *p
                }
            },
            tangent_at: &|p: &f64, d: &f64| kink::tangent(*p, *d).1,
            gradient_at: Some(&|p: &f64| kink::gradient(*p)),
            api: &|| Api {
                jacobian: kink::jacobian(x),
                laplacian: flat(&kink::laplacian(x)),
                hessian: Some(kink::hessian(x)),
                sparse: None,
                single: None,
            },
        },
        &mut Rng::new(1),
    );
    assert!(matches!(r, Err(Verdict::Discard(_))), "expected a discard");
}
