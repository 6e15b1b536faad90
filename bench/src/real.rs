//! The number trait that the generic twins of the benchmark functions are written against,
//! implemented for `f64` and for every operator-overloading type of the peers.
//!
//! The peers do not share a numeric trait: echidna's types implement `num_traits::Float`,
//! num-dual's implement its own `DualNum`, ad_trait's implement nalgebra's `ComplexField`.
//! The generic functions need only arithmetic, constants and `tanh`, so each type gets a
//! three-line implementation that forwards to the crate's own method.

use std::ops::{Add, Mul, Neg, Sub};

use ad_trait::forward_ad::adfn::adfn;
use ad_trait::nalgebra::ComplexField;
use ad_trait::reverse_ad::adr::adr;
use ad_trait::AD;
use num_dual::{Dual2SVec64, Dual2_64, DualNum, DualSVec64};

/// A real number for generic code: `Copy` arithmetic, constants and `tanh`.
pub trait Real:
    Copy + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Neg<Output = Self>
{
    /// A constant (zero derivative).
    fn cst(c: f64) -> Self;
    /// The hyperbolic tangent.
    fn tanh(self) -> Self;
}

impl Real for f64 {
    fn cst(c: f64) -> Self {
        c
    }
    fn tanh(self) -> Self {
        f64::tanh(self)
    }
}

impl<const N: usize> Real for DualSVec64<N> {
    fn cst(c: f64) -> Self {
        Self::from_re(c)
    }
    fn tanh(self) -> Self {
        DualNum::tanh(&self)
    }
}

impl<const N: usize> Real for Dual2SVec64<N> {
    fn cst(c: f64) -> Self {
        Self::from_re(c)
    }
    fn tanh(self) -> Self {
        DualNum::tanh(&self)
    }
}

impl Real for Dual2_64 {
    fn cst(c: f64) -> Self {
        Self::from_re(c)
    }
    fn tanh(self) -> Self {
        DualNum::tanh(&self)
    }
}

/// echidna's types: constants through its `Scalar::from_f`, `tanh` through `num_traits::Float`.
macro_rules! real_for_echidna {
    ($($ty:ty),*) => {$(
        impl Real for $ty {
            fn cst(c: f64) -> Self {
                echidna::Scalar::from_f(c)
            }
            fn tanh(self) -> Self {
                num_traits::Float::tanh(self)
            }
        }
    )*};
}

real_for_echidna!(
    echidna::Reverse<f64>,
    echidna::BReverse<f64>,
    echidna::Dual<f64>
);

impl<const N: usize> Real for echidna::DualVec<f64, N> {
    fn cst(c: f64) -> Self {
        echidna::Scalar::from_f(c)
    }
    fn tanh(self) -> Self {
        num_traits::Float::tanh(self)
    }
}

impl Real for adr {
    fn cst(c: f64) -> Self {
        <adr as AD>::constant(c)
    }
    fn tanh(self) -> Self {
        ComplexField::tanh(self)
    }
}

impl<const N: usize> Real for adfn<N> {
    fn cst(c: f64) -> Self {
        <adfn<N> as AD>::constant(c)
    }
    fn tanh(self) -> Self {
        ComplexField::tanh(self)
    }
}
