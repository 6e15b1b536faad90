//! Several tangent or cotangent directions carried together.

use core::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

use crate::{Init, Scalar, Shape};

/// How many directions the vector sweeps carry: [`TangentOf::Lanes`](crate::TangentOf::Lanes)
/// holds this many, and the Jacobian assembly processes this many columns (forward mode) or
/// rows (reverse mode) per sweep.
pub const LANES: usize = 8;

/// `N` derivative directions of one scalar, propagated in one sweep: lane `l`
/// holds direction `l`. Vector tangent (and adjoint) sweeps use `Lanes` where
/// the scalar sweeps use a scalar, so the function's own work is done once for
/// `N` columns (rows) of a Jacobian, and the lane loops vectorize.
///
/// ```
/// use jacobian_runtime::Lanes;
///
/// let d = Lanes([1.0, 0.0, 2.0]);
/// // The tangent of y = 3x in three directions at once:
/// assert_eq!(d * 3.0, Lanes([3.0, 0.0, 6.0]));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lanes<S, const N: usize>(pub [S; N]);

impl<S: Scalar, const N: usize> Lanes<S, N> {
    /// All lanes zero.
    #[inline]
    pub fn zero() -> Self {
        Lanes([S::zero(); N])
    }
}

impl<S: Scalar, const N: usize> Default for Lanes<S, N> {
    #[inline]
    fn default() -> Self {
        Self::zero()
    }
}

macro_rules! lane_op {
    ($Tr:ident $f:ident $op:tt, $TrA:ident $fa:ident $opa:tt) => {
        impl<S: Scalar, const N: usize> $Tr for Lanes<S, N> {
            type Output = Self;
            #[inline]
            fn $f(mut self, rhs: Self) -> Self {
                for l in 0..N {
                    self.0[l] $opa rhs.0[l];
                }
                self
            }
        }

        impl<S: Scalar, const N: usize> $TrA for Lanes<S, N> {
            #[inline]
            fn $fa(&mut self, rhs: Self) {
                for l in 0..N {
                    self.0[l] $opa rhs.0[l];
                }
            }
        }
    };
}

lane_op!(Add add +, AddAssign add_assign +=);
lane_op!(Sub sub -, SubAssign sub_assign -=);

impl<S: Scalar, const N: usize> Mul<S> for Lanes<S, N> {
    type Output = Self;
    #[inline]
    fn mul(mut self, rhs: S) -> Self {
        for l in 0..N {
            self.0[l] *= rhs;
        }
        self
    }
}

impl<S: Scalar, const N: usize> Neg for Lanes<S, N> {
    type Output = Self;
    #[inline]
    fn neg(mut self) -> Self {
        for l in 0..N {
            self.0[l] = -self.0[l];
        }
        self
    }
}

impl<S: Scalar, const N: usize> Init for Lanes<S, N> {
    #[inline]
    fn init() -> Self {
        Self::zero()
    }
}

impl<S: Scalar, const N: usize> crate::Store<S> for Lanes<S, N> {
    #[inline]
    fn save(&self, stack: &mut crate::Stack<S>) {
        for x in self.0 {
            stack.push_real(x);
        }
    }

    #[inline]
    fn restore(&mut self, stack: &mut crate::Stack<S>) {
        for l in (0..N).rev() {
            self.0[l] = stack.pop_real();
        }
    }
}

/// Lanes flatten to their `N` scalars, so an array of lanes flattens
/// element-major: scalar `k`'s lane `l` is at `k * N + l`.
impl<S: Scalar, const N: usize> Shape for Lanes<S, N> {
    type Scalar = S;
    const FIXED_LEN: Option<usize> = Some(N);

    #[inline]
    fn len(&self) -> usize {
        N
    }

    #[inline]
    fn zero_like(&self) -> Self {
        Self::zero()
    }

    #[inline]
    fn set_zero(&mut self) {
        *self = Self::zero();
    }

    #[inline]
    fn scalar_mut(&mut self, k: usize) -> &mut S {
        &mut self.0[k]
    }

    fn write_flat(&self, out: &mut [S]) {
        out.copy_from_slice(&self.0);
    }

    fn read_flat(&mut self, src: &[S]) {
        self.0.copy_from_slice(src);
    }

    #[inline]
    fn add_assign(&mut self, other: &Self) {
        *self += *other;
    }
}

#[cfg(test)]
mod tests {
    use super::Lanes;
    use crate::Shape;

    #[test]
    fn arithmetic_is_lanewise() {
        let a = Lanes([1.0_f64, 2.0, 3.0]);
        let b = Lanes([0.5_f64, -1.0, 4.0]);
        assert_eq!(a + b, Lanes([1.5, 1.0, 7.0]));
        assert_eq!(a - b, Lanes([0.5, 3.0, -1.0]));
        assert_eq!(-a, Lanes([-1.0, -2.0, -3.0]));
        assert_eq!(a * 2.0, Lanes([2.0, 4.0, 6.0]));
        let mut c = a;
        c += b;
        c -= a;
        assert_eq!(c, b);
    }

    #[test]
    fn arrays_of_lanes_flatten_element_major() {
        let mut x = [Lanes([0.0_f32; 2]); 3];
        *x.scalar_mut(2 * 2 + 1) = 5.0; // scalar 2, lane 1
        assert_eq!(x[2].0, [0.0, 5.0]);
        assert_eq!(x.len(), 6);
    }
}
