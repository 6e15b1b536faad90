//! What the forward sweep carries per active scalar: [`Carrier`] and its number types.

use core::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

use super::{D1, D2, D3};
use crate::{Init, Lanes, Scalar, Shape, Stack, Store};

/// The derivative part of a number the forward (tangent) sweep carries with each active
/// scalar's value: one direction (`S`), [`Lanes`] of directions, a collapsed second-order
/// [`Taylor`] number, or [`NoTangent`]. A primitive's rule gives its partials
/// ([`D1`], [`D2`], [`D3`]); the carrier applies the chain rule with what it needs.
///
/// ```
/// use jacobian_runtime::__private::{Carrier, D1};
/// use jacobian_runtime::Lanes;
///
/// // y = sin a at a = 0 in two directions ȧ = (1, 2): ẏ = cos 0 · ȧ
/// let p = D1 { d: 1.0_f64, dd: 0.0, ddd: -1.0 };
/// assert_eq!(Lanes([1.0, 2.0]).chain(p), Lanes([1.0, 2.0]));
/// ```
pub trait Carrier<S: Scalar>:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Neg<Output = Self>
    + Mul<S, Output = Self>
    + AddAssign
    + SubAssign
    + Store<S>
    + Init
    + super::Directional<S>
{
    /// False for [`NoTangent`]: the sweep carries no forward derivative, and what only
    /// second-order sweeps store is skipped (a constant, so the test costs nothing).
    const TANGENT: bool = true;
    /// The derivative of a constant.
    fn zero() -> Self;
    /// The derivative of y = f(a), `self` being a's.
    fn chain(self, p: D1<S>) -> Self;
    /// The derivative of y = f(a, b), `self` being a's and `b` b's.
    fn chain2(self, b: Self, p: D2<S>) -> Self;
    /// The derivative of y = f(a, b, c).
    fn chain3(self, b: Self, c: Self, p: D3<S>) -> Self;
}

/// One direction or lanes of them: the chain rule's first-order part only.
macro_rules! linear_carrier {
    ($T:ty, [$($g:tt)*], $zero:expr) => {
        impl<$($g)*> Carrier<S> for $T {
            #[inline]
            fn zero() -> Self {
                $zero
            }

            #[inline]
            fn chain(self, p: D1<S>) -> Self {
                self * p.d
            }

            #[inline]
            fn chain2(self, b: Self, p: D2<S>) -> Self {
                self * p.d[0] + b * p.d[1]
            }

            #[inline]
            fn chain3(self, b: Self, c: Self, p: D3<S>) -> Self {
                self * p.d[0] + b * p.d[1] + c * p.d[2]
            }
        }
    };
}

linear_carrier!(S, [S: Scalar], S::zero());
linear_carrier!(Lanes<S, N>, [S: Scalar, const N: usize], Lanes::zero());

/// No derivative at all: what the forward part of a first-order reverse sweep carries,
/// so that the same sweep serves Hessian-vector products with [`Lanes`] instead.
/// Zero-sized; every operation is a no-op.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoTangent;

macro_rules! no_tangent_op {
    ($($Tr:ident $f:ident),*) => {$(
        impl $Tr for NoTangent {
            type Output = Self;
            #[inline]
            fn $f(self, _: Self) -> Self {
                self
            }
        }
    )*};
}

no_tangent_op!(Add add, Sub sub);

impl<S> Mul<S> for NoTangent {
    type Output = Self;
    #[inline]
    fn mul(self, _: S) -> Self {
        self
    }
}

impl Neg for NoTangent {
    type Output = Self;
    #[inline]
    fn neg(self) -> Self {
        self
    }
}

impl AddAssign for NoTangent {
    #[inline]
    fn add_assign(&mut self, _: Self) {}
}

impl SubAssign for NoTangent {
    #[inline]
    fn sub_assign(&mut self, _: Self) {}
}

impl Init for NoTangent {
    #[inline]
    fn init() -> Self {
        NoTangent
    }
}

impl<S> Store<S> for NoTangent {
    #[inline]
    fn save(&self, _: &mut Stack<S>) {}
    #[inline]
    fn restore(&mut self, _: &mut Stack<S>) {}
}

impl<S: Scalar> Carrier<S> for NoTangent {
    const TANGENT: bool = false;
    #[inline]
    fn zero() -> Self {
        NoTangent
    }
    #[inline]
    fn chain(self, _: D1<S>) -> Self {
        self
    }
    #[inline]
    fn chain2(self, _: Self, _: D2<S>) -> Self {
        self
    }
    #[inline]
    fn chain3(self, _: Self, _: Self, _: D3<S>) -> Self {
        self
    }
}

/// A collapsed second-order Taylor number's derivative part, for Laplacians: the lanes
/// `g` of first directional derivatives in `N` directions vₗ and one coefficient
/// `l = Σₗ d²y[vₗ, vₗ]`, the sum over the lanes of the second directional derivatives.
/// With unit directions, the sum of `l` over all chunks of directions is the Laplacian.
///
/// ```
/// use jacobian_runtime::__private::{Carrier, Taylor, D1};
/// use jacobian_runtime::Lanes;
///
/// // y = a² at a = 3 along v = (1, 1): ẏ = 2a·v = (6, 6), Σ d²y[v, v] = 2·(1 + 1) = 4
/// let a = Taylor { g: Lanes([1.0_f64, 1.0]), l: 0.0 };
/// let y = a.chain(D1 { d: 6.0, dd: 2.0, ddd: 0.0 });
/// assert_eq!((y.g, y.l), (Lanes([6.0, 6.0]), 4.0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[repr(C, align(64))]
pub struct Taylor<S, const N: usize> {
    /// The first directional derivatives, one lane per direction.
    pub g: Lanes<S, N>,
    /// The sum over the lanes of the second directional derivatives.
    pub l: S,
}

/// `h · (a·b)` added to `l`, skipped when the partial `h` is zero (a structural zero of a
/// rule, known once inlined, costs no dot product).
#[inline]
fn add_curvature<S: Scalar, const N: usize>(l: &mut S, h: S, a: &Lanes<S, N>, b: &Lanes<S, N>) {
    if h != S::zero() {
        *l += h * crate::__private::dot(a, b);
    }
}

impl<S: Scalar, const N: usize> Carrier<S> for Taylor<S, N> {
    #[inline]
    fn zero() -> Self {
        Taylor {
            g: Lanes::zero(),
            l: S::zero(),
        }
    }

    #[inline]
    fn chain(self, p: D1<S>) -> Self {
        let mut l = self.l * p.d;
        add_curvature(&mut l, p.dd, &self.g, &self.g);
        Taylor { g: self.g * p.d, l }
    }

    #[inline]
    fn chain2(self, b: Self, p: D2<S>) -> Self {
        let mut l = self.l * p.d[0] + b.l * p.d[1];
        add_curvature(&mut l, p.dd[0], &self.g, &self.g);
        add_curvature(&mut l, p.dd[1] + p.dd[1], &self.g, &b.g);
        add_curvature(&mut l, p.dd[2], &b.g, &b.g);
        Taylor {
            g: self.g * p.d[0] + b.g * p.d[1],
            l,
        }
    }

    #[inline]
    fn chain3(self, b: Self, c: Self, p: D3<S>) -> Self {
        let mut l = self.l * p.d[0] + b.l * p.d[1] + c.l * p.d[2];
        let ops = [&self.g, &b.g, &c.g];
        let mut k = 0;
        for i in 0..3 {
            for j in i..3 {
                let h = if i == j { p.dd[k] } else { p.dd[k] + p.dd[k] };
                add_curvature(&mut l, h, ops[i], ops[j]);
                k += 1;
            }
        }
        Taylor {
            g: self.g * p.d[0] + b.g * p.d[1] + c.g * p.d[2],
            l,
        }
    }
}

macro_rules! pair_op {
    ($T:ident { $a:ident, $b:ident } [$len:expr] $($Tr:ident $f:ident $op:tt, $TrA:ident $fa:ident $opa:tt);*) => {$(
        impl<S: Scalar, const N: usize> $Tr for $T<S, N> {
            type Output = Self;
            #[inline]
            fn $f(self, rhs: Self) -> Self {
                $T { $a: self.$a $op rhs.$a, $b: self.$b $op rhs.$b }
            }
        }

        impl<S: Scalar, const N: usize> $TrA for $T<S, N> {
            #[inline]
            fn $fa(&mut self, rhs: Self) {
                self.$a $opa rhs.$a;
                self.$b $opa rhs.$b;
            }
        }
    )*

        impl<S: Scalar, const N: usize> Neg for $T<S, N> {
            type Output = Self;
            #[inline]
            fn neg(self) -> Self {
                $T { $a: -self.$a, $b: -self.$b }
            }
        }

        impl<S: Scalar, const N: usize> Mul<S> for $T<S, N> {
            type Output = Self;
            #[inline]
            fn mul(self, k: S) -> Self {
                $T { $a: self.$a * k, $b: self.$b * k }
            }
        }

        impl<S: Scalar, const N: usize> Init for $T<S, N> {
            #[inline]
            fn init() -> Self {
                $T { $a: Init::init(), $b: Init::init() }
            }
        }

        impl<S: Scalar, const N: usize> Store<S> for $T<S, N> {
            #[inline]
            fn save(&self, stack: &mut Stack<S>) {
                self.$a.save(stack);
                self.$b.save(stack);
            }

            #[inline]
            fn restore(&mut self, stack: &mut Stack<S>) {
                self.$b.restore(stack);
                self.$a.restore(stack);
            }
        }

        /// Flattens to its first part's scalars, then its second's.
        impl<S: Scalar, const N: usize> Shape for $T<S, N> {
            type Scalar = S;
            const FIXED_LEN: Option<usize> = Some($len);

            #[inline]
            fn len(&self) -> usize {
                self.$a.len() + self.$b.len()
            }

            #[inline]
            fn zero_like(&self) -> Self {
                $T { $a: self.$a.zero_like(), $b: self.$b.zero_like() }
            }

            #[inline]
            fn set_zero(&mut self) {
                Shape::set_zero(&mut self.$a);
                Shape::set_zero(&mut self.$b);
            }

            #[inline]
            fn scalar_mut(&mut self, k: usize) -> &mut S {
                let n = self.$a.len();
                if k < n {
                    self.$a.scalar_mut(k)
                } else {
                    self.$b.scalar_mut(k - n)
                }
            }

            fn write_flat(&self, out: &mut [S]) {
                let n = self.$a.len();
                self.$a.write_flat(&mut out[..n]);
                self.$b.write_flat(&mut out[n..]);
            }

            fn read_flat(&mut self, src: &[S]) {
                let n = self.$a.len();
                self.$a.read_flat(&src[..n]);
                self.$b.read_flat(&src[n..]);
            }

            #[inline]
            fn add_assign(&mut self, other: &Self) {
                *self += *other;
            }
        }
    };
}

pub(crate) use pair_op;

pair_op!(Taylor { g, l } [N + 1] Add add +, AddAssign add_assign +=; Sub sub -, SubAssign sub_assign -=);

#[cfg(test)]
mod tests {
    use super::{Carrier, NoTangent, Taylor, D2, D3};
    use crate::Lanes;

    fn t(g: [f64; 2], l: f64) -> Taylor<f64, 2> {
        Taylor { g: Lanes(g), l }
    }

    #[test]
    fn taylor_products_sum_the_second_directional_derivatives() {
        // y = a·b at (2, 3) along v₀ = v₁ = (1, 1): d²y[v, v] = 2·1·1 per lane
        let mul = D2 {
            d: [3.0, 2.0],
            dd: [0.0, 1.0, 0.0],
            ddd: [0.0; 4],
        };
        let y = t([1.0, 1.0], 0.0).chain2(t([1.0, 1.0], 0.0), mul);
        assert_eq!((y.g, y.l), (Lanes([5.0, 5.0]), 4.0));
        // The operands' own coefficients pass through the first partials.
        let y = t([0.0, 0.0], 1.0).chain2(t([0.0, 0.0], 10.0), mul);
        assert_eq!(y.l, 3.0 + 20.0);
    }

    #[test]
    fn taylor_three_operands_use_every_cross_term() {
        // y = a·b + c·c/2 (a made-up rule): dd = (aa, ab, ac, bb, bc, cc) = (0, 1, 0, 0, 0, 1)
        let p = D3 {
            d: [1.0, 1.0, 1.0],
            dd: [0.0, 1.0, 0.0, 0.0, 0.0, 1.0],
            ddd: [0.0; 10],
        };
        let one = t([1.0, 0.0], 0.0);
        let y = one.chain3(one, one, p);
        // lane 0: 2·ȧḃ + ċ² = 3; lane 1: 0
        assert_eq!((y.g, y.l), (Lanes([3.0, 0.0]), 3.0));
    }

    #[test]
    fn no_tangent_carries_nothing() {
        let p = D2 {
            d: [f64::NAN, 1.0],
            dd: [1.0; 3],
            ddd: [0.0; 4],
        };
        assert_eq!(NoTangent.chain2(NoTangent, p), NoTangent);
        const { assert!(!<NoTangent as Carrier<f64>>::TANGENT) };
        const { assert!(<Lanes<f64, 2> as Carrier<f64>>::TANGENT) };
    }
}
