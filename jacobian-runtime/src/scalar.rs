//! The floating-point types that derivatives are computed in.

use crate::shape::{Init, Shape, TangentOf};
use crate::store::Store;

/// A floating-point type derivatives are computed in: `f32` or `f64`.
///
/// A scalar is its own [`Shape`] (one scalar), its own tangent, can be saved on the
/// adjoint [`Stack`](crate::Stack) and has a default value for hoisted locals.
///
/// # Examples
///
/// ```
/// use jacobian_runtime::Scalar;
///
/// // Generic code turns literals into `S` with `cst`: d/dx 3x² = 6x = 12 at x = 2.
/// fn derivative_of_3x2<S: Scalar>(x: S) -> S {
///     S::cst(6.0) * x
/// }
/// assert_eq!(derivative_of_3x2(2.0_f64), 12.0);
/// assert_eq!(derivative_of_3x2(2.0_f32), 12.0);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not one of `jacobian`'s scalar types (`f32`, `f64`, or a type parameter bounded by `jacobian::Scalar`)",
    note = "a generic function that calls generated derivatives (`f::laplacian(..)`) needs `T: jacobian::Scalar`",
    note = "in a differentiated function, arithmetic on values whose type the macro cannot see (two struct fields, `self.n * self.k`) is taken for float arithmetic; for integers, declare the local's type (`let m: usize = self.n * self.k;`)"
)]
pub trait Scalar:
    num_traits::Float
    + core::fmt::Debug
    + core::fmt::Display
    + Default
    + Send
    + Sync
    + 'static
    + Shape<Scalar = Self>
    + TangentOf<Tangent = Self, Lanes = crate::Lanes<Self, { crate::LANES }>>
    + Store<Self>
    + Init
    + core::ops::AddAssign
    + core::ops::SubAssign
    + core::ops::MulAssign
    + core::ops::DivAssign
{
    /// Converts an `f64` constant (used by generated code for literals in generic functions).
    ///
    /// For `f32` the value is rounded to the nearest `f32`.
    fn cst(x: f64) -> Self;
}

macro_rules! impl_scalar {
    ($($t:ty),*) => {$(
        impl Scalar for $t {
            #[inline]
            fn cst(x: f64) -> Self {
                // Rounding to the nearest representable value is the documented intent.
                #[allow(clippy::cast_possible_truncation)]
                let v = x as $t;
                v
            }
        }
    )*};
}

impl_scalar!(f32, f64);

#[cfg(test)]
mod tests {
    use super::Scalar;

    #[test]
    fn cst_converts_exactly_representable_values() {
        assert_eq!(f64::cst(0.25), 0.25_f64);
        assert_eq!(f32::cst(-1.5), -1.5_f32);
    }

    #[test]
    fn cst_rounds_to_nearest_f32() {
        assert_eq!(f32::cst(0.1), 0.1_f32);
        assert_eq!(f32::cst(f64::INFINITY), f32::INFINITY);
    }
}
