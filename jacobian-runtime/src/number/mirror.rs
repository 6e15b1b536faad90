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
