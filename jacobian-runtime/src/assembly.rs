//! Jacobians, gradients and directional derivatives assembled from tangent and adjoint sweeps.

use num_traits::One;

use crate::matrix::Matrix;
use crate::number::{LanesOf, LanesShape, Widths};
use crate::scalar::Scalar;
use crate::shape::Shape;
use crate::sparse::{Deps, DepsOf, DepsShape, Flat};
use crate::store::Stack;

mod vector;

/// A function bound to its parameters, with tangent and adjoint sweeps: what
/// `#[differentiate]` generates (`f::bind(..)`), and what the runtime assembles Jacobians from.
///
/// The Jacobian `J` has one row per output scalar and one column per input scalar, both in the
/// flat order of [`Shape`]. A tangent sweep computes `J·v`, an adjoint sweep `vᵀJ`.
///
/// # Examples
///
/// A hand-written implementation for f(x, y) = (x·y, sin x):
///
/// ```
/// use jacobian_runtime::{jacobian, Differentiable, Matrix, Mode, Stack};
///
/// struct F([f64; 2]);
///
/// impl Differentiable for F {
///     type Scalar = f64;
///     type Input = [f64; 2];
///     type Output = [f64; 2];
///
///     fn input_zeros(&self) -> [f64; 2] {
///         [0.0; 2]
///     }
///     fn output_zeros(&self) -> [f64; 2] {
///         [0.0; 2]
///     }
///     fn input(&self) -> [f64; 2] {
///         self.0
///     }
///     fn value(&self) -> [f64; 2] {
///         self.value_at(&self.0)
///     }
///     fn value_at(&self, &[x, y]: &[f64; 2]) -> [f64; 2] {
///         [x * y, x.sin()]
///     }
///     fn tangent(&self, v: &[f64; 2]) -> ([f64; 2], [f64; 2]) {
///         let [x, y] = self.0;
///         (self.value(), [y * v[0] + x * v[1], x.cos() * v[0]])
///     }
///     fn adjoint(&self, w: &[f64; 2], _: &mut Stack<f64>) -> ([f64; 2], [f64; 2]) {
///         let [x, y] = self.0;
///         (self.value(), [y * w[0] + x.cos() * w[1], x * w[0]])
///     }
/// }
///
/// // J = [[y, x], [cos x, 0]] = [[3, 2], [cos 2, 0]] at (2, 3), in either mode.
/// let expected = Matrix::from_row_major(2, 2, vec![3.0, 2.0, 2.0_f64.cos(), 0.0]);
/// assert_eq!(jacobian(&F([2.0, 3.0]), Mode::Forward), expected);
/// assert_eq!(jacobian(&F([2.0, 3.0]), Mode::Reverse), expected);
/// ```
pub trait Differentiable {
    /// The scalar type of the active inputs and outputs.
    type Scalar: Scalar;
    /// The active parameters' tangent types (a tuple when several are active).
    type Input: Shape<Scalar = Self::Scalar> + Widths<Self::Scalar>;
    /// The output's tangent type.
    type Output: Shape<Scalar = Self::Scalar> + Widths<Self::Scalar>;

    /// A zero of the input's shape.
    fn input_zeros(&self) -> Self::Input;
    /// A zero of the output's shape (may evaluate the function when the shape is not fixed).
    fn output_zeros(&self) -> Self::Output;
    /// The active parameters' bound values, in the input's shape.
    fn input(&self) -> Self::Input;
    /// The function's value.
    fn value(&self) -> Self::Output;
    /// The function's value with the active parameters set to `input` (the others as bound):
    /// what finite differences of a bound function evaluate.
    fn value_at(&self, input: &Self::Input) -> Self::Output;
    /// Value and J·v.
    fn tangent(&self, direction: &Self::Input) -> (Self::Output, Self::Output);
    /// Value and vᵀJ, using `stack` for the forward sweep's stored values (it is left empty).
    fn adjoint(
        &self,
        cotangent: &Self::Output,
        stack: &mut Stack<Self::Scalar>,
    ) -> (Self::Output, Self::Input);

    /// Value and `N` Jacobian-vector products in one sweep: lane `l` of every scalar of
    /// `directions` is direction `l`, lane `l` of the result is `J·v_l`. The assembly picks
    /// `N` from the shape (1, 2, 4 or 8, see [`lane_width`](crate::__private::lane_width)).
    ///
    /// The default runs one scalar tangent sweep per lane; `#[differentiate]` generates a
    /// vector sweep that does the function's own work once.
    fn tangent_lanes<const N: usize>(
        &self,
        directions: &LanesOf<Self::Input, Self::Scalar, N>,
    ) -> (Self::Output, LanesOf<Self::Output, Self::Scalar, N>)
    where
        Self::Input: LanesShape<Self::Scalar, N>,
        Self::Output: LanesShape<Self::Scalar, N>,
    {
        vector::tangent_lanes_by_lane::<Self, N>(self, directions)
    }

    /// Value and `N` vector-Jacobian products in one sweep: lane `l` of `cotangents` is
    /// cotangent `l`, lane `l` of the result is `w_lᵀJ`.
    ///
    /// The default runs one scalar adjoint sweep per lane; `#[differentiate]` generates a
    /// vector sweep that runs the forward sweep once.
    fn adjoint_lanes<const N: usize>(
        &self,
        cotangents: &LanesOf<Self::Output, Self::Scalar, N>,
        stack: &mut Stack<Self::Scalar>,
    ) -> (Self::Output, LanesOf<Self::Input, Self::Scalar, N>)
    where
        Self::Input: LanesShape<Self::Scalar, N>,
        Self::Output: LanesShape<Self::Scalar, N>,
    {
        vector::adjoint_lanes_by_lane::<Self, N>(self, cotangents, stack)
    }

    /// The sets of inputs every output scalar depends on, from `seeds` (each input
    /// scalar's set): the forward sweep over [`Deps`](crate::Deps) that
    /// [`sparsity`](crate::sparsity) runs.
    ///
    /// The default makes every output depend on every input (a dense pattern, never
    /// missing an entry); `#[differentiate]` generates the sweep through the function.
    fn pattern_sweep(
        &self,
        seeds: &DepsOf<Self::Input, Self::Scalar>,
    ) -> DepsOf<Self::Output, Self::Scalar>
    where
        Self::Input: DepsShape<Self::Scalar>,
        Self::Output: DepsShape<Self::Scalar>,
    {
        let mut all = Deps::default();
        seeds.visit(&mut |d| all |= *d);
        let mut out = crate::number::zeros::<Self::Scalar, Deps, _>(&self.output_zeros());
        out.visit_mut(&mut |d| *d = all);
        out
    }
}

/// How to assemble a Jacobian.
///
/// With `n` input scalars and `m` output scalars, forward mode costs `n` tangent sweeps
/// (one per column), reverse mode `m` adjoint sweeps (one per row).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Forward when `n <= m`, reverse otherwise: whichever needs fewer sweeps.
    #[default]
    Auto,
    /// One tangent sweep per input scalar.
    Forward,
    /// One adjoint sweep per output scalar.
    Reverse,
}

impl Mode {
    /// `Forward` or `Reverse`: `Auto` resolved for `n` inputs and `m` outputs.
    fn resolve(self, n: usize, m: usize) -> Mode {
        match self {
            Mode::Auto if n <= m => Mode::Forward,
            Mode::Auto => Mode::Reverse,
            explicit => explicit,
        }
    }
}

/// Number of output scalars, evaluating the function only when the type does not tell.
fn output_len<F: Differentiable>(f: &F) -> usize {
    F::Output::FIXED_LEN.unwrap_or_else(|| f.output_zeros().len())
}

/// The value and the Jacobian, written into `jac` (resized to `m x n` only if its shape
/// differs, so repeated calls for a fixed-size function do not allocate).
///
/// # Examples
///
/// ```
/// # use jacobian_runtime::{Differentiable, Stack};
/// # struct F([f64; 2]); // f(x, y) = (x·y, sin x), as in the `Differentiable` example
/// # impl Differentiable for F { type Scalar = f64; type Input = [f64; 2]; type Output = [f64; 2];
/// #   fn input_zeros(&self) -> [f64; 2] { [0.0; 2] } fn output_zeros(&self) -> [f64; 2] { [0.0; 2] }
/// #   fn input(&self) -> [f64; 2] { self.0 } fn value(&self) -> [f64; 2] { self.value_at(&self.0) }
/// #   fn value_at(&self, &[x, y]: &[f64; 2]) -> [f64; 2] { [x * y, x.sin()] }
/// #   fn tangent(&self, v: &[f64; 2]) -> ([f64; 2], [f64; 2]) { let [x, y] = self.0; (self.value(), [y * v[0] + x * v[1], x.cos() * v[0]]) }
/// #   fn adjoint(&self, w: &[f64; 2], _: &mut Stack<f64>) -> ([f64; 2], [f64; 2]) { let [x, y] = self.0; (self.value(), [y * w[0] + x.cos() * w[1], x * w[0]]) } }
/// use jacobian_runtime::{value_and_jacobian_into, Matrix, Mode};
///
/// let mut jac = Matrix::default();
/// for x in [1.0, 2.0] {
///     let value = value_and_jacobian_into(&F([x, 3.0]), &mut jac, Mode::Auto);
///     assert_eq!(value, [3.0 * x, x.sin()]);
///     // d(x·y)/dx = y = 3, d(x·y)/dy = x, d(sin x)/dx = cos x, d(sin x)/dy = 0
///     assert_eq!(jac.as_slice(), [3.0, x, x.cos(), 0.0]);
/// }
/// ```
///
/// # Panics
///
/// If the sweeps return shapes of inconsistent lengths (a bug in the implementation of `f`).
pub fn value_and_jacobian_into<F: Differentiable>(
    f: &F,
    jac: &mut Matrix<F::Scalar>,
    mode: Mode,
) -> F::Output {
    let seed = f.input_zeros();
    let (n, m) = (seed.len(), output_len(f));
    if jac.shape() != (m, n) {
        jac.resize(m, n);
    }
    if n == 0 || m == 0 {
        return f.value();
    }
    match mode.resolve(n, m) {
        Mode::Reverse => vector::reverse(f, jac),
        _ => vector::forward(f, seed, jac),
    }
}

#[track_caller]
pub(crate) fn assert_sweep_len(sweep: &str, got: usize, expected: usize) {
    assert!(
        got == expected,
        "the {sweep} returned {got} scalars where {expected} were expected; \
         the input and output shapes must not change between sweeps"
    );
}

/// The Jacobian, written into `jac` (see [`value_and_jacobian_into`]).
///
/// # Examples
///
/// ```
/// # use jacobian_runtime::{Differentiable, Stack};
/// # struct F([f64; 2]); // f(x, y) = (x·y, sin x), as in the `Differentiable` example
/// # impl Differentiable for F { type Scalar = f64; type Input = [f64; 2]; type Output = [f64; 2];
/// #   fn input_zeros(&self) -> [f64; 2] { [0.0; 2] } fn output_zeros(&self) -> [f64; 2] { [0.0; 2] }
/// #   fn input(&self) -> [f64; 2] { self.0 } fn value(&self) -> [f64; 2] { self.value_at(&self.0) }
/// #   fn value_at(&self, &[x, y]: &[f64; 2]) -> [f64; 2] { [x * y, x.sin()] }
/// #   fn tangent(&self, v: &[f64; 2]) -> ([f64; 2], [f64; 2]) { let [x, y] = self.0; (self.value(), [y * v[0] + x * v[1], x.cos() * v[0]]) }
/// #   fn adjoint(&self, w: &[f64; 2], _: &mut Stack<f64>) -> ([f64; 2], [f64; 2]) { let [x, y] = self.0; (self.value(), [y * w[0] + x.cos() * w[1], x * w[0]]) } }
/// use jacobian_runtime::{jacobian_into, Matrix, Mode};
///
/// let mut jac = Matrix::zeros(2, 2);
/// jacobian_into(&F([0.0, 5.0]), &mut jac, Mode::Reverse);
/// // [[y, x], [cos x, 0]] = [[5, 0], [1, 0]] at (0, 5)
/// assert_eq!(jac.as_slice(), [5.0, 0.0, 1.0, 0.0]);
/// ```
pub fn jacobian_into<F: Differentiable>(f: &F, jac: &mut Matrix<F::Scalar>, mode: Mode) {
    value_and_jacobian_into(f, jac, mode);
}

/// The Jacobian, an `m x n` matrix (`m` output scalars, `n` input scalars).
///
/// # Examples
///
/// See [`Differentiable`].
pub fn jacobian<F: Differentiable>(f: &F, mode: Mode) -> Matrix<F::Scalar> {
    value_and_jacobian(f, mode).1
}

/// The value and the Jacobian.
///
/// # Examples
///
/// ```
/// # use jacobian_runtime::{Differentiable, Stack};
/// # struct F([f64; 2]); // f(x, y) = (x·y, sin x), as in the `Differentiable` example
/// # impl Differentiable for F { type Scalar = f64; type Input = [f64; 2]; type Output = [f64; 2];
/// #   fn input_zeros(&self) -> [f64; 2] { [0.0; 2] } fn output_zeros(&self) -> [f64; 2] { [0.0; 2] }
/// #   fn input(&self) -> [f64; 2] { self.0 } fn value(&self) -> [f64; 2] { self.value_at(&self.0) }
/// #   fn value_at(&self, &[x, y]: &[f64; 2]) -> [f64; 2] { [x * y, x.sin()] }
/// #   fn tangent(&self, v: &[f64; 2]) -> ([f64; 2], [f64; 2]) { let [x, y] = self.0; (self.value(), [y * v[0] + x * v[1], x.cos() * v[0]]) }
/// #   fn adjoint(&self, w: &[f64; 2], _: &mut Stack<f64>) -> ([f64; 2], [f64; 2]) { let [x, y] = self.0; (self.value(), [y * w[0] + x.cos() * w[1], x * w[0]]) } }
/// use jacobian_runtime::{value_and_jacobian, Mode};
///
/// let (value, jac) = value_and_jacobian(&F([1.0, 4.0]), Mode::Forward);
/// assert_eq!(value, [4.0, 1.0_f64.sin()]);
/// // [[y, x], [cos x, 0]] = [[4, 1], [cos 1, 0]] at (1, 4)
/// assert_eq!(jac.as_slice(), [4.0, 1.0, 1.0_f64.cos(), 0.0]);
/// ```
pub fn value_and_jacobian<F: Differentiable>(f: &F, mode: Mode) -> (F::Output, Matrix<F::Scalar>) {
    let mut jac = Matrix::default();
    let value = value_and_jacobian_into(f, &mut jac, mode);
    (value, jac)
}

/// The gradient of a function with one output scalar, in the input's shape.
///
/// # Examples
///
/// See [`value_and_gradient`].
///
/// # Panics
///
/// If the output does not have exactly one scalar.
pub fn gradient<F: Differentiable>(f: &F) -> F::Input {
    value_and_gradient(f).1
}

/// The value and the gradient of a function with one output scalar: one adjoint sweep.
///
/// # Examples
///
/// ```
/// use jacobian_runtime::{gradient, value_and_gradient, Differentiable, Stack};
///
/// /// f(x) = x₀² · x₁
/// struct F([f64; 2]);
/// impl Differentiable for F {
///     type Scalar = f64;
///     type Input = [f64; 2];
///     type Output = f64;
///     fn input_zeros(&self) -> [f64; 2] {
///         [0.0; 2]
///     }
///     fn output_zeros(&self) -> f64 {
///         0.0
///     }
///     fn input(&self) -> [f64; 2] {
///         self.0
///     }
///     fn value(&self) -> f64 {
///         self.value_at(&self.0)
///     }
///     fn value_at(&self, &[x0, x1]: &[f64; 2]) -> f64 {
///         x0 * x0 * x1
///     }
///     fn tangent(&self, v: &[f64; 2]) -> (f64, f64) {
///         let [x0, x1] = self.0;
///         (self.value(), 2.0 * x0 * x1 * v[0] + x0 * x0 * v[1])
///     }
///     fn adjoint(&self, w: &f64, _: &mut Stack<f64>) -> (f64, [f64; 2]) {
///         let [x0, x1] = self.0;
///         (self.value(), [2.0 * x0 * x1 * w, x0 * x0 * w])
///     }
/// }
///
/// // ∇f = (2·x₀·x₁, x₀²) = (12, 4) at (2, 3)
/// assert_eq!(value_and_gradient(&F([2.0, 3.0])), (12.0, [12.0, 4.0]));
/// assert_eq!(gradient(&F([1.0, 5.0])), [10.0, 1.0]);
/// ```
///
/// # Panics
///
/// If the output does not have exactly one scalar.
pub fn value_and_gradient<F: Differentiable>(f: &F) -> (F::Output, F::Input) {
    let mut seed = f.output_zeros();
    let m = seed.len();
    assert!(
        m == 1,
        "gradient: the function has {m} output scalars, not one; use `jacobian` instead"
    );
    *seed.scalar_mut(0) = F::Scalar::one();
    f.adjoint(&seed, &mut Stack::new())
}

/// The value and the Jacobian-vector product `J·v`: one tangent sweep.
///
/// # Examples
///
/// ```
/// # use jacobian_runtime::{Differentiable, Stack};
/// # struct F([f64; 2]); // f(x, y) = (x·y, sin x), as in the `Differentiable` example
/// # impl Differentiable for F { type Scalar = f64; type Input = [f64; 2]; type Output = [f64; 2];
/// #   fn input_zeros(&self) -> [f64; 2] { [0.0; 2] } fn output_zeros(&self) -> [f64; 2] { [0.0; 2] }
/// #   fn input(&self) -> [f64; 2] { self.0 } fn value(&self) -> [f64; 2] { self.value_at(&self.0) }
/// #   fn value_at(&self, &[x, y]: &[f64; 2]) -> [f64; 2] { [x * y, x.sin()] }
/// #   fn tangent(&self, v: &[f64; 2]) -> ([f64; 2], [f64; 2]) { let [x, y] = self.0; (self.value(), [y * v[0] + x * v[1], x.cos() * v[0]]) }
/// #   fn adjoint(&self, w: &[f64; 2], _: &mut Stack<f64>) -> ([f64; 2], [f64; 2]) { let [x, y] = self.0; (self.value(), [y * w[0] + x.cos() * w[1], x * w[0]]) } }
/// use jacobian_runtime::jvp;
///
/// // J·v = [[y, x], [cos x, 0]]·(1, 2) = (y + 2x, cos x) = (7, cos 2) at (2, 3)
/// let (value, jv) = jvp(&F([2.0, 3.0]), &[1.0, 2.0]);
/// assert_eq!(value, [6.0, 2.0_f64.sin()]);
/// assert_eq!(jv, [7.0, 2.0_f64.cos()]);
/// ```
pub fn jvp<F: Differentiable>(f: &F, v: &F::Input) -> (F::Output, F::Output) {
    f.tangent(v)
}

/// The value and the vector-Jacobian product `wᵀJ`: one adjoint sweep.
///
/// # Examples
///
/// ```
/// # use jacobian_runtime::{Differentiable, Stack};
/// # struct F([f64; 2]); // f(x, y) = (x·y, sin x), as in the `Differentiable` example
/// # impl Differentiable for F { type Scalar = f64; type Input = [f64; 2]; type Output = [f64; 2];
/// #   fn input_zeros(&self) -> [f64; 2] { [0.0; 2] } fn output_zeros(&self) -> [f64; 2] { [0.0; 2] }
/// #   fn input(&self) -> [f64; 2] { self.0 } fn value(&self) -> [f64; 2] { self.value_at(&self.0) }
/// #   fn value_at(&self, &[x, y]: &[f64; 2]) -> [f64; 2] { [x * y, x.sin()] }
/// #   fn tangent(&self, v: &[f64; 2]) -> ([f64; 2], [f64; 2]) { let [x, y] = self.0; (self.value(), [y * v[0] + x * v[1], x.cos() * v[0]]) }
/// #   fn adjoint(&self, w: &[f64; 2], _: &mut Stack<f64>) -> ([f64; 2], [f64; 2]) { let [x, y] = self.0; (self.value(), [y * w[0] + x.cos() * w[1], x * w[0]]) } }
/// use jacobian_runtime::vjp;
///
/// // wᵀJ = (1, 2)·[[y, x], [cos x, 0]] = (y + 2 cos x, x) = (3 + 2 cos 2, 2) at (2, 3)
/// let (_, wj) = vjp(&F([2.0, 3.0]), &[1.0, 2.0]);
/// assert_eq!(wj, [3.0 + 2.0 * 2.0_f64.cos(), 2.0]);
/// ```
pub fn vjp<F: Differentiable>(f: &F, w: &F::Output) -> (F::Output, F::Input) {
    f.adjoint(w, &mut Stack::new())
}

#[cfg(test)]
mod tests;
