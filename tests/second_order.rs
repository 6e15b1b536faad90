//! Laplacians and divergences against closed forms and finite differences.

mod common;

use common::close;
use jacobian::differentiate;

/// f(x) = e^{x₀} Σᵢ sin xᵢ, with Δf = 2 e^{x₀} cos x₀.
#[differentiate]
fn sin_exp(x: &[f64; 11]) -> f64 {
    let mut s = 0.0;
    for i in 0..11 {
        s += x[i].sin();
    }
    s * x[0].exp()
}

#[test]
fn laplacian_of_sin_sum_times_exp() {
    let x: [f64; 11] = std::array::from_fn(|i| 0.3 + 0.1 * i as f64);
    let want = 2.0 * x[0].exp() * x[0].cos();
    let got = sin_exp::laplacian(&x);
    assert!(close(got, want, 1e-12), "{got} vs {want}");
}

/// y = x·Wᵀ + b: zero Laplacian, divergence trace(W).
#[differentiate(wrt(x))]
fn affine(x: &[f64; 4], w: &[[f64; 4]; 4], b: &[f64; 4]) -> [f64; 4] {
    let mut y = [0.0; 4];
    for i in 0..4 {
        let mut s = b[i];
        for j in 0..4 {
            s += w[i][j] * x[j];
        }
        y[i] = s;
    }
    y
}

#[test]
fn affine_map_has_zero_laplacian_and_trace_divergence() {
    let x = [0.5, -1.0, 2.0, 0.25];
    let w = [
        [1.0, 2.0, 0.0, -1.0],
        [0.5, 3.0, 1.0, 0.0],
        [2.0, 0.0, -4.0, 1.0],
        [0.0, 1.5, 2.0, 0.75],
    ];
    let b = [0.1, 0.2, 0.3, 0.4];
    assert_eq!(affine::laplacian(&x, &w, &b), [0.0; 4]);
    let trace = 1.0 + 3.0 - 4.0 + 0.75;
    assert!(close(affine::divergence(&x, &w, &b), trace, 1e-14));
    let est = affine::divergence_estimate(&x, &w, &b, 4000, 7);
    assert!(
        (est - trace).abs() < 0.3,
        "Hutchinson estimate {est} vs {trace}"
    );
    assert_eq!(
        est,
        affine::divergence_estimate(&x, &w, &b, 4000, 7),
        "same seed, same estimate"
    );
}

/// u: R⁸ → 16 → 1, tanh, with a branch and a call.
#[differentiate(wrt(x))]
fn mlp(x: &[f64; 8], w1: &[[f64; 8]; 16], w2: &[f64; 16]) -> f64 {
    let mut u = 0.0;
    for i in 0..16 {
        let mut s = 0.0;
        for j in 0..8 {
            s += w1[i][j] * x[j];
        }
        let h = if s > 0.0 { s.tanh() } else { square(s) * 0.5 };
        u += w2[i] * h;
    }
    u
}

#[differentiate]
fn square(a: f64) -> f64 {
    a * a
}

#[test]
fn laplacian_of_an_mlp_matches_finite_differences_of_the_gradient() {
    let x: [f64; 8] = std::array::from_fn(|i| 0.2 * i as f64 - 0.7);
    let w1: [[f64; 8]; 16] =
        std::array::from_fn(|i| std::array::from_fn(|j| ((i * 8 + j) as f64 * 0.37).sin() * 0.5));
    let w2: [f64; 16] = std::array::from_fn(|i| (i as f64 * 0.71).cos());
    let lap = mlp::laplacian(&x, &w1, &w2);
    let mut fd = 0.0;
    let h = 1e-5;
    for k in 0..8 {
        let (mut p, mut m) = (x, x);
        p[k] += h;
        m[k] -= h;
        fd += (mlp::gradient(&p, &w1, &w2)[k] - mlp::gradient(&m, &w1, &w2)[k]) / (2.0 * h);
    }
    assert!(close(lap, fd, 1e-6), "{lap} vs {fd}");
}

/// Extended Rosenbrock function.
#[differentiate]
fn rosen(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..x.len() - 1 {
        let t1 = x[i + 1] - x[i] * x[i];
        let t2 = 1.0 - x[i];
        s += 100.0 * t1 * t1 + t2 * t2;
    }
    s
}

/// Rosenbrock's Hessian in closed form.
fn rosen_hessian(x: &[f64]) -> Vec<Vec<f64>> {
    let n = x.len();
    let mut h = vec![vec![0.0; n]; n];
    for i in 0..n - 1 {
        h[i][i] += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
        h[i][i + 1] += -400.0 * x[i];
        h[i + 1][i] += -400.0 * x[i];
        h[i + 1][i + 1] += 200.0;
    }
    h
}

#[test]
fn rosenbrock_hessian_matches_closed_form_and_hvp() {
    let x: Vec<f64> = (0..13).map(|i| 0.1 * i as f64 - 0.4).collect();
    let h = rosen::hessian(&x);
    let want = rosen_hessian(&x);
    for i in 0..x.len() {
        for j in 0..x.len() {
            assert!(
                close(h[(i, j)], want[i][j], 1e-12),
                "H[{i}][{j}] = {} vs {}",
                h[(i, j)],
                want[i][j]
            );
        }
    }
    let v: Vec<f64> = (0..13).map(|i| (i as f64 * 0.7).sin()).collect();
    let (g, hv) = rosen::hvp(&x, &v);
    assert_eq!(g, rosen::gradient(&x));
    for i in 0..x.len() {
        let want: f64 = (0..x.len()).map(|j| want[i][j] * v[j]).sum();
        assert!(close(hv[i], want, 1e-12), "(Hv)[{i}] = {} vs {want}", hv[i]);
    }
    let lap = rosen::laplacian(&x);
    let trace: f64 = (0..x.len()).map(|i| want[i][i]).sum();
    assert!(close(lap, trace, 1e-12), "Laplacian {lap} vs trace {trace}");
}

/// Loops that overwrite, a branch, a `while` and a call.
#[differentiate(wrt(x))]
fn busy(x: &[f64; 5], k: usize) -> f64 {
    let mut a = [0.0; 5];
    for i in 0..5 {
        a[i] = x[i] * x[(i + k) % 5];
    }
    let mut s = 0.0;
    let mut i = 0;
    while i < 5 {
        if a[i] > 0.1 {
            s += a[i].sin() * square(x[i]);
        } else {
            s -= a[i].exp();
        }
        a[i] = s * 0.5;
        i += 1;
    }
    s * a[2] + a[4].tanh()
}

#[test]
fn laplacian_is_hessian_trace_and_hessian_is_symmetric_on_control_flow() {
    let x = [0.3, -0.5, 0.8, 0.45, -0.3]; // a = x[i]·x[i+2] stays away from the kink at 0.1
    let h = busy::hessian(&x, 2);
    let mut trace = 0.0;
    for i in 0..5 {
        trace += h[(i, i)];
        for j in 0..5 {
            assert!(
                close(h[(i, j)], h[(j, i)], 1e-12),
                "H[{i}][{j}] = {} but H[{j}][{i}] = {}",
                h[(i, j)],
                h[(j, i)]
            );
        }
    }
    let lap = busy::laplacian(&x, 2);
    assert!(close(lap, trace, 1e-12), "Laplacian {lap} vs trace {trace}");
    // Finite differences of the generated gradient.
    let hstep = 1e-6;
    for j in 0..5 {
        let (mut p, mut m) = (x, x);
        p[j] += hstep;
        m[j] -= hstep;
        let (gp, gm) = (busy::gradient(&p, 2), busy::gradient(&m, 2));
        for i in 0..5 {
            let fd = (gp[i] - gm[i]) / (2.0 * hstep);
            assert!(
                close(h[(i, j)], fd, 1e-6),
                "H[{i}][{j}] = {} vs finite differences {fd}",
                h[(i, j)]
            );
        }
    }
}
