//! Divergences, Laplacians, Hessians: traces and second derivatives assembled
//! from vector sweeps.

use num_traits::{One, Zero};

use crate::assembly::Differentiable;
use crate::matrix::Matrix;
use crate::number::{lane_width, zeros, LanesOf, LanesShape};
use crate::shape::Shape;
use crate::store::Stack;
use crate::{Lanes, Scalar};

/// Runs `$body` with the const `$N` set to the lane width [`lane_width`] picks for
/// `$remaining` directions (1, 2, 4 or 8).
macro_rules! with_width {
    ($remaining:expr, $N:ident => $body:expr) => {
        match lane_width($remaining) {
            1 => {
                const $N: usize = 1;
                $body
            }
            2 => {
                const $N: usize = 2;
                $body
            }
            4 => {
                const $N: usize = 4;
                $body
            }
            _ => {
                const $N: usize = 8;
                $body
            }
        }
    };
}

/// A [`Differentiable`] function with a collapsed second-order Taylor sweep,
/// as `#[differentiate]` generates it.
// The results are tuples of the function's types and their lanes; aliases would only hide them.
#[allow(clippy::type_complexity)]
pub trait SecondOrder: Differentiable {
    /// For the `N` directions vₗ in `directions` (lane `l` of every input
    /// scalar): the value, the lanes of J·vₗ, and, per output scalar, the sum
    /// over the lanes of the second directional derivatives Σₗ d²f[vₗ, vₗ].
    fn taylor2_lanes<const N: usize>(
        &self,
        directions: &LanesOf<Self::Input, Self::Scalar, N>,
    ) -> (
        Self::Output,
        LanesOf<Self::Output, Self::Scalar, N>,
        Self::Output,
    )
    where
        Self::Input: LanesShape<Self::Scalar, N>,
        Self::Output: LanesShape<Self::Scalar, N>;

    /// The tangent of the adjoint sweep (forward over reverse) in the `N`
    /// directions vₗ: the value, wᵀJ for the cotangent `w`, and the lanes of
    /// wᵀ·d²f[·, vₗ]; for a scalar function and `w = 1`, the gradient and the
    /// Hessian-vector products H·vₗ.
    fn adjoint_tangent_lanes<const N: usize>(
        &self,
        cotangent: &Self::Output,
        directions: &LanesOf<Self::Input, Self::Scalar, N>,
        stack: &mut Stack<Self::Scalar>,
    ) -> (
        Self::Output,
        Self::Input,
        LanesOf<Self::Input, Self::Scalar, N>,
    )
    where
        Self::Input: LanesShape<Self::Scalar, N>,
        Self::Output: LanesShape<Self::Scalar, N>;
}

/// `N` zero lanes shaped like the function's input.
fn input_lanes<F: Differentiable, const N: usize>(f: &F) -> LanesOf<F::Input, F::Scalar, N>
where
    F::Input: LanesShape<F::Scalar, N>,
{
    zeros::<F::Scalar, Lanes<F::Scalar, N>, _>(&f.input_zeros())
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
/// output scalar: one tangent-over-adjoint sweep in one direction.
///
/// # Panics
///
/// If the function does not have exactly one output scalar.
pub fn hvp<F: SecondOrder>(f: &F, v: &F::Input) -> (F::Input, F::Input) {
    let w = unit_cotangent(f);
    let mut d = input_lanes::<F, 1>(f);
    d.read_flat(&v.to_flat_vec());
    let (_, grad, hv) = crate::store::with_stack(|st| f.adjoint_tangent_lanes::<1>(&w, &d, st));
    let mut out = f.input_zeros();
    out.read_flat(&hv.to_flat_vec());
    (grad, out)
}

/// The Hessian (n × n, symmetric) of a function with one output scalar, from
/// tangent-over-adjoint sweeps with unit directions, 8 per sweep (fewer for the last
/// chunk, see [`lane_width`](crate::__private::lane_width)).
///
/// # Panics
///
/// If the function does not have exactly one output scalar.
pub fn hessian<F: SecondOrder>(f: &F) -> Matrix<F::Scalar> {
    let w = unit_cotangent(f);
    let n = f.input_zeros().len();
    let mut h = Matrix::zeros(n, n);
    let mut k0 = 0;
    while k0 < n {
        let width = (n - k0).min(8);
        with_width!(n - k0, N => hessian_chunk::<F, N>(f, &w, k0, width, &mut h));
        k0 += width;
    }
    h
}

/// Columns `k0..k0 + width` of the Hessian by one `N`-lane sweep.
fn hessian_chunk<F: SecondOrder, const N: usize>(
    f: &F,
    w: &F::Output,
    k0: usize,
    width: usize,
    h: &mut Matrix<F::Scalar>,
) where
    F::Input: LanesShape<F::Scalar, N>,
    F::Output: LanesShape<F::Scalar, N>,
{
    let n = h.rows();
    let mut d = input_lanes::<F, N>(f);
    set_units::<_, N>(&mut d, k0, width);
    let (_, _, mut hv) = crate::store::with_stack(|st| f.adjoint_tangent_lanes::<N>(w, &d, st));
    for i in 0..n {
        for l in 0..width {
            h[(i, k0 + l)] = *hv.scalar_mut(i * N + l);
        }
    }
}

/// Unit directions for inputs `k0..k0 + width` in lanes `0..width` of `N`-lane values.
fn set_units<T: Shape, const N: usize>(lanes: &mut T, k0: usize, width: usize) {
    for l in 0..width {
        *lanes.scalar_mut((k0 + l) * N + l) = T::Scalar::one();
    }
}

/// The Laplacian Δf = Σᵢ ∂²f/∂xᵢ² of every output scalar (in the output's
/// shape), by collapsed Taylor sweeps over chunks of up to 8 input directions:
/// each sweep propagates value, gradient lanes and one second-order coefficient.
///
/// # Examples
///
/// ```
/// use jacobian_runtime::{laplacian, Differentiable, Lanes, LanesOf, SecondOrder, Stack};
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
///     // `N` directions per sweep (the trait's types spell the lanes as `LanesOf`)
///     fn taylor2_lanes<const N: usize>(
///         &self,
///         d: &LanesOf<[f64; 2], f64, N>,
///     ) -> (f64, LanesOf<f64, f64, N>, f64) {
///         let [x, y] = self.0;
///         let mut t = Lanes::zero();
///         let mut second = 0.0;
///         for l in 0..N {
///             let (a, b) = (d[0].0[l], d[1].0[l]);
///             t.0[l] = 2.0 * x * y * a + x * x * b;
///             second += 2.0 * y * a * a + 4.0 * x * a * b; // d²f[v, v]
///         }
///         (self.value(), t, second)
///     }
/// #   fn adjoint_tangent_lanes<const N: usize>(&self, w: &f64, d: &LanesOf<[f64; 2], f64, N>, _: &mut Stack<f64>)
/// #       -> (f64, [f64; 2], LanesOf<[f64; 2], f64, N>) {
/// #       let [x, y] = self.0; // H = [[2y, 2x], [2x, 0]]
/// #       let mut hv = [Lanes::zero(); 2];
/// #       for l in 0..N {
/// #           hv[0].0[l] = w * (2.0 * y * d[0].0[l] + 2.0 * x * d[1].0[l]);
/// #           hv[1].0[l] = w * 2.0 * x * d[0].0[l];
/// #       }
/// #       (self.value(), [2.0 * x * y * w, x * x * w], hv)
/// #   }
/// }
/// assert_eq!(laplacian(&F([1.5, 3.0])), 6.0); // Δ(x²y) = 2y
/// ```
pub fn laplacian<F: SecondOrder>(f: &F) -> F::Output {
    let n = f.input_zeros().len();
    let mut total: Option<F::Output> = None;
    let mut k0 = 0;
    while k0 < n {
        let width = (n - k0).min(8);
        let second = with_width!(n - k0, N => {
            let mut d = input_lanes::<F, N>(f);
            set_units::<_, N>(&mut d, k0, width);
            f.taylor2_lanes::<N>(&d).2
        });
        match &mut total {
            Some(t) => t.add_assign(&second),
            None => total = Some(second),
        }
        k0 += width;
    }
    total.unwrap_or_else(|| f.output_zeros())
}

/// The divergence ∇·f = Σᵢ ∂fᵢ/∂xᵢ (the trace of the Jacobian), exactly, from
/// vector tangent sweeps over chunks of up to 8 input directions, lane `l`
/// keeping output component `k0 + l`.
///
/// # Panics
///
/// If the active input and the output do not have the same number of scalars.
pub fn divergence<F: Differentiable>(f: &F) -> F::Scalar {
    let n = f.input_zeros().len();
    let mut total = F::Scalar::zero();
    let mut k0 = 0;
    while k0 < n {
        let width = (n - k0).min(8);
        total += with_width!(n - k0, N => {
            let mut d = input_lanes::<F, N>(f);
            set_units::<_, N>(&mut d, k0, width);
            let (_, mut t) = f.tangent_lanes::<N>(&d);
            assert_square(n, t.len() / N);
            (0..width).fold(F::Scalar::zero(), |s, l| s + *t.scalar_mut((k0 + l) * N + l))
        });
        k0 += width;
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
/// random directions v with independent ±1 entries (Rademacher), up to 8 per
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
    let n = f.input_zeros().len();
    let mut sum = F::Scalar::zero();
    let mut done = 0;
    while done < samples {
        let width = (samples - done).min(8);
        sum += with_width!(samples - done, N => hutchinson_chunk::<F, N>(f, &mut rng, n, width));
        done += width;
    }
    sum / F::Scalar::cst(samples as f64)
}

/// Σ vᵀJv over `width` random ±1 directions in one `N`-lane sweep.
fn hutchinson_chunk<F: Differentiable, const N: usize>(
    f: &F,
    rng: &mut SplitMix,
    n: usize,
    width: usize,
) -> F::Scalar
where
    F::Input: LanesShape<F::Scalar, N>,
    F::Output: LanesShape<F::Scalar, N>,
{
    let mut d = input_lanes::<F, N>(f);
    for k in 0..n {
        for l in 0..width {
            let negative = rng.next() >> 63 == 1;
            *d.scalar_mut(k * N + l) = if negative {
                -F::Scalar::one()
            } else {
                F::Scalar::one()
            };
        }
    }
    let (_, mut t) = f.tangent_lanes::<N>(&d);
    assert_square(n, t.len() / N);
    let mut sum = F::Scalar::zero();
    for k in 0..n {
        for l in 0..width {
            sum += *d.scalar_mut(k * N + l) * *t.scalar_mut(k * N + l);
        }
    }
    sum
}
