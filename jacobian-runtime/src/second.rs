//! Divergences, Laplacians, Hessians: traces and second derivatives assembled
//! from vector sweeps.

use num_traits::{One, Zero};

use crate::assembly::Differentiable;
use crate::matrix::Matrix;
use crate::shape::{Shape, TangentOf};
use crate::store::Stack;
use crate::{Scalar, LANES};

/// A [`Differentiable`] function with a collapsed second-order Taylor sweep,
/// as `#[differentiate]` generates it.
pub trait SecondOrder: Differentiable {
    /// For the [`LANES`] directions vₗ in `directions` (lane `l` of every input
    /// scalar): the value, the lanes of J·vₗ, and, per output scalar, the sum
    /// over the lanes of the second directional derivatives Σₗ d²f[vₗ, vₗ].
    fn taylor2_lanes(
        &self,
        directions: &<Self::Input as TangentOf>::Lanes,
    ) -> (
        Self::Output,
        <Self::Output as TangentOf>::Lanes,
        Self::Output,
    );

    /// The tangent of the adjoint sweep (forward over reverse) in the
    /// [`LANES`] directions vₗ: the value, wᵀJ for the cotangent `w`, and the
    /// lanes of wᵀ·d²f[·, vₗ]; for a scalar function and `w = 1`, the
    /// gradient and the Hessian-vector products H·vₗ.
    fn adjoint_tangent_lanes(
        &self,
        cotangent: &Self::Output,
        directions: &<Self::Input as TangentOf>::Lanes,
        stack: &mut Stack<Self::Scalar>,
    ) -> (Self::Output, Self::Input, <Self::Input as TangentOf>::Lanes);
}

/// A cotangent of one for a function with one output scalar.
#[track_caller]
fn unit_cotangent<F: Differentiable>(f: &F) -> F::Output {
    let mut w = f.output_zeros();
    assert!(
        w.len() == 1,
        "Hessians need a function with one output scalar, but this one has {}",
        w.len()
    );
    *w.scalar_mut(0) = F::Scalar::one();
    w
}

/// The gradient and the Hessian-vector product H·v of a function with one
/// output scalar: one tangent-over-adjoint sweep.
///
/// # Panics
///
/// If the function does not have exactly one output scalar.
pub fn hvp<F: SecondOrder>(f: &F, v: &F::Input) -> (F::Input, F::Input) {
    let w = unit_cotangent(f);
    let mut d = v.zero_lanes();
    for (k, x) in v.to_flat_vec().into_iter().enumerate() {
        *d.scalar_mut(k * LANES) = x;
    }
    let (_, grad, mut hv) = crate::store::with_stack(|st| f.adjoint_tangent_lanes(&w, &d, st));
    let mut out = f.input_zeros();
    for k in 0..out.len() {
        *out.scalar_mut(k) = *hv.scalar_mut(k * LANES);
    }
    (grad, out)
}

/// The Hessian (n × n, symmetric) of a function with one output scalar, from
/// ⌈n / [`LANES`]⌉ tangent-over-adjoint sweeps with unit directions.
///
/// # Panics
///
/// If the function does not have exactly one output scalar.
pub fn hessian<F: SecondOrder>(f: &F) -> Matrix<F::Scalar> {
    let w = unit_cotangent(f);
    let n = f.input_zeros().len();
    let mut h = Matrix::zeros(n, n);
    let mut d = f.input_zeros().zero_lanes();
    for k0 in (0..n).step_by(LANES) {
        let width = LANES.min(n - k0);
        set_units(&mut d, k0, width, true);
        let (_, _, mut hv) = crate::store::with_stack(|st| f.adjoint_tangent_lanes(&w, &d, st));
        set_units(&mut d, k0, width, false);
        for i in 0..n {
            for l in 0..width {
                h[(i, k0 + l)] = *hv.scalar_mut(i * LANES + l);
            }
        }
    }
    h
}

/// Unit directions for inputs `k0..k0 + width` in lanes `0..width` (or clears them).
fn set_units<T: Shape>(lanes: &mut T, k0: usize, width: usize, on: bool) {
    let v = if on {
        T::Scalar::one()
    } else {
        T::Scalar::zero()
    };
    for l in 0..width {
        *lanes.scalar_mut((k0 + l) * LANES + l) = v;
    }
}

/// The Laplacian Δf = Σᵢ ∂²f/∂xᵢ² of every output scalar (in the output's
/// shape), by collapsed Taylor sweeps over chunks of [`LANES`] input directions:
/// each sweep propagates value, gradient lanes and one second-order coefficient.
///
/// # Examples
///
/// ```
/// use jacobian_runtime::{laplacian, Differentiable, SecondOrder, Stack, TangentOf, Lanes, LANES};
///
/// /// f(x, y) = x²y: Δf = 2y.
/// struct F([f64; 2]);
/// # impl Differentiable for F { type Scalar = f64; type Input = [f64; 2]; type Output = f64;
/// #   fn input_zeros(&self) -> [f64; 2] { [0.0; 2] } fn output_zeros(&self) -> f64 { 0.0 }
/// #   fn input(&self) -> [f64; 2] { self.0 } fn value(&self) -> f64 { self.value_at(&self.0) }
/// #   fn value_at(&self, &[x, y]: &[f64; 2]) -> f64 { x * x * y }
/// #   fn tangent(&self, v: &[f64; 2]) -> (f64, f64) { let [x, y] = self.0; (self.value(), 2.0 * x * y * v[0] + x * x * v[1]) }
/// #   fn adjoint(&self, w: &f64, _: &mut Stack<f64>) -> (f64, [f64; 2]) { let [x, y] = self.0; (self.value(), [2.0 * x * y * w, x * x * w]) } }
/// impl SecondOrder for F {
///     fn taylor2_lanes(&self, d: &[Lanes<f64, LANES>; 2]) -> (f64, Lanes<f64, LANES>, f64) {
///         let [x, y] = self.0;
///         let mut t = Lanes::zero();
///         let mut second = 0.0;
///         for l in 0..LANES {
///             let (a, b) = (d[0].0[l], d[1].0[l]);
///             t.0[l] = 2.0 * x * y * a + x * x * b;
///             second += 2.0 * y * a * a + 4.0 * x * a * b; // d²f[v, v]
///         }
///         (self.value(), t, second)
///     }
/// #   fn adjoint_tangent_lanes(&self, w: &f64, d: &[Lanes<f64, LANES>; 2], _: &mut Stack<f64>)
/// #       -> (f64, [f64; 2], [Lanes<f64, LANES>; 2]) {
/// #       let [x, y] = self.0; // H = [[2y, 2x], [2x, 0]]
/// #       let mut hv = [Lanes::zero(); 2];
/// #       for l in 0..LANES {
/// #           hv[0].0[l] = w * (2.0 * y * d[0].0[l] + 2.0 * x * d[1].0[l]);
/// #           hv[1].0[l] = w * 2.0 * x * d[0].0[l];
/// #       }
/// #       (self.value(), [2.0 * x * y * w, x * x * w], hv)
/// #   }
/// }
/// assert_eq!(laplacian(&F([1.5, 3.0])), 6.0); // Δ(x²y) = 2y
/// ```
pub fn laplacian<F: SecondOrder>(f: &F) -> F::Output {
    let mut d = f.input_zeros().zero_lanes();
    let n = f.input_zeros().len();
    let mut total: Option<F::Output> = None;
    for k0 in (0..n).step_by(LANES) {
        let width = LANES.min(n - k0);
        set_units(&mut d, k0, width, true);
        let (_, _, second) = f.taylor2_lanes(&d);
        set_units(&mut d, k0, width, false);
        match &mut total {
            Some(t) => t.add_assign(&second),
            None => total = Some(second),
        }
    }
    total.unwrap_or_else(|| f.output_zeros())
}

/// The divergence ∇·f = Σᵢ ∂fᵢ/∂xᵢ (the trace of the Jacobian), exactly, from
/// vector tangent sweeps over chunks of [`LANES`] input directions, lane `l`
/// keeping output component `k0 + l`.
///
/// # Panics
///
/// If the active input and the output do not have the same number of scalars.
pub fn divergence<F: Differentiable>(f: &F) -> F::Scalar {
    let mut d = f.input_zeros().zero_lanes();
    let n = f.input_zeros().len();
    let mut total = F::Scalar::zero();
    for k0 in (0..n).step_by(LANES) {
        let width = LANES.min(n - k0);
        set_units(&mut d, k0, width, true);
        let (_, mut t) = f.tangent_lanes(&d);
        set_units(&mut d, k0, width, false);
        assert_square(n, t.len() / LANES);
        for l in 0..width {
            total += *t.scalar_mut((k0 + l) * LANES + l);
        }
    }
    if n == 0 {
        assert_square(0, f.output_zeros().len());
    }
    total
}

#[track_caller]
fn assert_square(n: usize, m: usize) {
    assert!(
        n == m,
        "the divergence needs as many output scalars as active input scalars, but the function has {n} inputs and {m} outputs"
    );
}

/// SplitMix64: a small, reproducible generator for the estimators' directions.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Hutchinson's estimate of the divergence: the mean of vᵀJv over `samples`
/// random directions v with independent ±1 entries (Rademacher), [`LANES`] per
/// sweep. It is unbiased; for one sample its variance is
/// Σᵢ<ⱼ (Jᵢⱼ + Jⱼᵢ)², divided by `samples` for the mean. The same `seed` gives
/// the same estimate.
///
/// # Panics
///
/// If the active input and the output do not have the same number of scalars,
/// or `samples` is 0.
pub fn divergence_estimate<F: Differentiable>(f: &F, samples: usize, seed: u64) -> F::Scalar {
    assert!(
        samples > 0,
        "the divergence estimate needs at least one sample"
    );
    let mut rng = SplitMix(seed);
    let mut d = f.input_zeros().zero_lanes();
    let n = f.input_zeros().len();
    let mut sum = F::Scalar::zero();
    let mut done = 0;
    while done < samples {
        let width = LANES.min(samples - done);
        for k in 0..n {
            for l in 0..LANES {
                let sign = if l < width && rng.next() >> 63 == 1 {
                    -F::Scalar::one()
                } else {
                    F::Scalar::one()
                };
                *d.scalar_mut(k * LANES + l) = if l < width { sign } else { F::Scalar::zero() };
            }
        }
        let (_, mut t) = f.tangent_lanes(&d);
        assert_square(n, t.len() / LANES);
        for k in 0..n {
            for l in 0..width {
                sum += *d.scalar_mut(k * LANES + l) * *t.scalar_mut(k * LANES + l);
            }
        }
        done += width;
    }
    sum / F::Scalar::cst(samples as f64)
}
