//! [`Mirror`]: a value's type with each floating-point scalar replaced by a number type.

use crate::Scalar;

/// The type of the derivatives of a value of type `Self` when each of its `S` scalars
/// carries a `C`: `f64 → C`, `[f64; 3] → [C; 3]`, `[f64] → Vec<C>`, `Vec<f64> → Vec<C>`,
/// tuples elementwise, integers and `bool → ()`. Generated sweeps declare their
/// derivative locals and parameters with it, generic over `C`. (References are not
/// mirrored: pass the referenced value.)
///
/// ```
/// use jacobian_runtime::__private::{zeros, Mirror};
/// use jacobian_runtime::Lanes;
///
/// let x: &[[f64; 2]] = &[[1.0, 2.0]];
/// let d: Vec<[Lanes<f64, 4>; 2]> = zeros::<f64, Lanes<f64, 4>, _>(x);
/// assert_eq!(d, vec![[Lanes([0.0; 4]); 2]]);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be passed to a `#[differentiate]` function",
    label = "not a float, integer, `bool`, an array, slice, `Vec` or tuple of them, nor a type deriving `Differentiable` or `Inactive`",
    note = "for a struct whose floats carry derivatives, add `#[derive(Clone, jacobian::Differentiable)]` to it and list the parameter in `wrt(..)`; for a value without derivatives (an enum choosing a mode, a configuration), add `#[derive(jacobian::Inactive)]`"
)]
pub trait Mirror<S, C> {
    /// The derivative type.
    type Out;
    /// A zero derivative of the same shape as `self` (same lengths).
    fn zeros(&self) -> Self::Out;
}

/// A zero derivative shaped like `v`, each scalar carrying a `C`.
#[inline]
pub fn zeros<S, C, V: Mirror<S, C> + ?Sized>(v: &V) -> V::Out {
    v.zeros()
}

impl<S: Scalar, C: crate::Init> Mirror<S, C> for S {
    type Out = C;
    #[inline]
    fn zeros(&self) -> C {
        C::init()
    }
}

macro_rules! no_derivative {
    ($($t:ty),*) => {$(
        impl<S, C> Mirror<S, C> for $t {
            type Out = ();
            #[inline]
            fn zeros(&self) {}
        }
    )*};
}

for_each_int!(no_derivative);
no_derivative!(bool, ());

impl<S, C, A: Mirror<S, C>, const M: usize> Mirror<S, C> for [A; M] {
    type Out = [A::Out; M];
    #[inline]
    fn zeros(&self) -> Self::Out {
        core::array::from_fn(|i| self[i].zeros())
    }
}

impl<S, C, A: Mirror<S, C>> Mirror<S, C> for [A] {
    type Out = Vec<A::Out>;
    fn zeros(&self) -> Self::Out {
        self.iter().map(Mirror::zeros).collect()
    }
}

impl<S, C, A: Mirror<S, C>> Mirror<S, C> for Vec<A> {
    type Out = Vec<A::Out>;
    fn zeros(&self) -> Self::Out {
        self.as_slice().zeros()
    }
}

macro_rules! tuple_mirror {
    ($($T:ident $i:tt),*) => {
        impl<__S, __C, $($T: Mirror<__S, __C>),*> Mirror<__S, __C> for ($($T,)*) {
            type Out = ($($T::Out,)*);
            #[inline]
            fn zeros(&self) -> Self::Out {
                ($(self.$i.zeros(),)*)
            }
        }
    };
}

for_each_tuple!(tuple_mirror);

/// The derivatives of a value of type `T` in `N` lanes of directions: `T` with each `S`
/// scalar a [`Lanes<S, N>`](crate::Lanes).
pub type LanesOf<T, S, const N: usize> = <T as Mirror<S, crate::Lanes<S, N>>>::Out;

/// A value whose `N`-lane derivatives are a [`Shape`](crate::Shape) (the assembly seeds
/// and reads them through their flat layout). Implemented for every mirrored type.
pub trait LanesShape<S: Scalar, const N: usize>:
    Mirror<S, crate::Lanes<S, N>, Out: crate::Shape<Scalar = S>>
{
}

impl<S: Scalar, const N: usize, T> LanesShape<S, N> for T where
    T: Mirror<S, crate::Lanes<S, N>, Out: crate::Shape<Scalar = S>> + ?Sized
{
}

/// The lane widths the assembly picks from a shape (1, 2, 4 and 8 directions per sweep),
/// for the inputs and outputs of a [`Differentiable`](crate::Differentiable).
pub trait Widths<S: Scalar>:
    LanesShape<S, 1> + LanesShape<S, 2> + LanesShape<S, 4> + LanesShape<S, 8>
{
}

impl<S: Scalar, T> Widths<S> for T where
    T: LanesShape<S, 1> + LanesShape<S, 2> + LanesShape<S, 4> + LanesShape<S, 8> + ?Sized
{
}

/// The number of directions a sweep carries for `remaining` columns (rows) still to
/// compute: 8 while at least 5 remain, else the smallest of 1, 2 and 4 that covers them.
///
/// ```
/// use jacobian_runtime::__private::lane_width;
/// assert_eq!(lane_width(3), 4); // a 3-column Jacobian: one 4-lane sweep, not 8
/// assert_eq!(lane_width(20), 8);
/// ```
pub fn lane_width(remaining: usize) -> usize {
    match remaining {
        0 | 1 => 1,
        2 => 2,
        3 | 4 => 4,
        _ => 8,
    }
}
