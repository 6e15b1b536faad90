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

/// A generic scalar function: f = Σ xᵢ² · sin(x₀), Δf = 2n·sin x₀ + 4x₀cos x₀ − |x|² sin x₀.
#[differentiate]
fn generic_sq<T: num_traits::Float>(x: &[T; 4]) -> T {
    let mut s = T::zero();
    for i in 0..4 {
        s = s + x[i] * x[i];
    }
    s * x[0].sin()
}

fn generic_sq_laplacian(x: &[f64; 4]) -> f64 {
    let r2: f64 = x.iter().map(|v| v * v).sum();
    8.0 * x[0].sin() + 4.0 * x[0] * x[0].cos() - r2 * x[0].sin()
}

#[test]
fn second_order_in_generic_f32_and_f64() {
    let x = [0.7, -0.3, 0.2, 1.1];
    let want = generic_sq_laplacian(&x);
    assert!(close(generic_sq::laplacian(&x), want, 1e-12));
    let x32 = x.map(|v| v as f32);
    let got32 = f64::from(generic_sq::laplacian(&x32));
    assert!(close(got32, want, 1e-4), "f32 Laplacian {got32} vs {want}");
    let h64 = generic_sq::hessian(&x);
    let h32 = generic_sq::hessian(&x32);
    for i in 0..4 {
        for j in 0..4 {
            assert!(
                close(f64::from(h32[(i, j)]), h64[(i, j)], 1e-4),
                "H[{i}][{j}]"
            );
        }
    }
}

/// Square, non-symmetric Jacobian for the divergence estimator.
#[differentiate]
fn swirl(x: &[f64; 3]) -> [f64; 3] {
    [
        x[0] * x[1] + x[2].sin(),
        x[1].exp() - x[0] * x[2],
        x[2] * x[2] + 3.0 * x[0],
    ]
}

#[test]
fn hutchinson_estimate_is_unbiased_with_the_documented_variance() {
    let x = [0.4, -0.2, 0.9];
    let exact = swirl::divergence(&x);
    // ∂f₀/∂x₀ + ∂f₁/∂x₁ + ∂f₂/∂x₂ = x₁ + e^{x₁} + 2x₂
    assert!(close(exact, x[1] + x[1].exp() + 2.0 * x[2], 1e-14));
    let j = swirl::jacobian(&x);
    let mut var = 0.0;
    for a in 0..3 {
        for b in a + 1..3 {
            var += (j[(a, b)] + j[(b, a)]).powi(2);
        }
    }
    // Means of single-sample estimates over many seeds: mean → exact, spread → var.
    let seeds = 4000;
    let samples: Vec<f64> = (0..seeds)
        .map(|s| swirl::divergence_estimate(&x, 1, s))
        .collect();
    let mean = samples.iter().sum::<f64>() / seeds as f64;
    let sample_var = samples.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (seeds - 1) as f64;
    let stderr = (var / seeds as f64).sqrt();
    assert!(
        (mean - exact).abs() < 4.0 * stderr,
        "mean {mean} vs exact {exact} (stderr {stderr})"
    );
    assert!(
        (sample_var - var).abs() < 0.15 * var,
        "variance {sample_var} vs documented {var}"
    );
}

#[test]
#[should_panic(expected = "the divergence needs as many output scalars as active input scalars")]
fn divergence_of_a_non_square_function_panics() {
    let x = [0.5; 4];
    let w = [[0.0; 4]; 4];
    let _ = (w, rosen::divergence(&x));
}
