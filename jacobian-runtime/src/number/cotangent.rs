//! What the reverse sweep carries per active scalar: [`Cotangent`] and its number types.

use core::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

use super::carrier::{pair_op, Carrier, NoTangent};
use super::{D1, D2, D3};
use crate::{Init, Lanes, Scalar, Shape, Stack, Store};

/// The adjoint the reverse sweep carries with each active scalar, given the forward
/// tangents `C` of the same sweep: one cotangent (`S`, with [`NoTangent`]), [`Lanes`]
/// of cotangents, or a [`Bar`] (a cotangent and its tangent in the directions `C`
/// carries, forward over reverse, for Hessian-vector products).
///
/// ```
/// use jacobian_runtime::__private::{Cotangent, NoTangent, D1};
///
/// // y = a³ at a = 2: ā += ȳ · 3a² = 12 ȳ
/// let p = D1 { d: 12.0_f64, dd: 12.0, ddd: 6.0 };
/// assert_eq!(Cotangent::<f64, NoTangent>::back(1.0, p, NoTangent), 12.0);
/// ```
pub trait Cotangent<S: Scalar, C: Carrier<S>>:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + Shape<Scalar = S>
    + Init
    + super::Directional<S>
{
    /// The adjoint of a value nothing depends on.
    fn zero() -> Self;
    /// a's share of `self` = ȳ for y = f(a), `da` being a's forward tangent.
    fn back(self, p: D1<S>, da: C) -> Self;
    /// a's and b's shares of ȳ for y = f(a, b).
    fn back2(self, p: D2<S>, da: C, db: C) -> (Self, Self);
    /// The three operands' shares of ȳ for y = f(a, b, c).
    fn back3(self, p: D3<S>, da: C, db: C, dc: C) -> (Self, Self, Self);
}

macro_rules! first_order_cotangent {
    ($T:ty, [$($g:tt)*]) => {
        impl<$($g)*> Cotangent<S, NoTangent> for $T {
            #[inline]
            fn zero() -> Self {
                <Self as Init>::init()
            }

            #[inline]
            fn back(self, p: D1<S>, _: NoTangent) -> Self {
                self * p.d
            }

            #[inline]
            fn back2(self, p: D2<S>, _: NoTangent, _: NoTangent) -> (Self, Self) {
                (self * p.d[0], self * p.d[1])
            }

            #[inline]
            fn back3(self, p: D3<S>, _: NoTangent, _: NoTangent, _: NoTangent) -> (Self, Self, Self) {
                (self * p.d[0], self * p.d[1], self * p.d[2])
            }
        }
    };
}

first_order_cotangent!(S, [S: Scalar]);
first_order_cotangent!(Lanes<S, N>, [S: Scalar, const N: usize]);

/// A cotangent `v` and its tangent lanes `t` in the `N` directions of the forward
/// tangents: the adjoint sweep run on dual numbers. With ȳ = 1 and direction lanes vₗ,
/// an input's `v` is the gradient and its lane `l` of `t` is (H·vₗ).
///
/// ```
/// use jacobian_runtime::__private::{Bar, Cotangent, D1};
/// use jacobian_runtime::Lanes;
///
/// // y = a³ at a = 2, ȳ = 1, ȧ = 1: ā = 3a² = 12, its tangent 6a·ȧ = 12
/// let ybar = Bar { v: 1.0_f64, t: Lanes([0.0]) };
/// let abar = ybar.back(D1 { d: 12.0, dd: 12.0, ddd: 6.0 }, Lanes([1.0]));
/// assert_eq!((abar.v, abar.t), (12.0, Lanes([12.0])));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar<S, const N: usize> {
    /// The cotangent.
    pub v: S,
    /// Its tangent, one lane per direction.
    pub t: Lanes<S, N>,
}

pair_op!(Bar { v, t } [N + 1] Add add +, AddAssign add_assign +=; Sub sub -, SubAssign sub_assign -=);

/// `ȳ · h · ȧ`, skipped when the partial `h` is zero (a structural zero of a rule costs
/// nothing once inlined).
#[inline]
fn curvature<S: Scalar, const N: usize>(v: S, h: S, d: Lanes<S, N>) -> Lanes<S, N> {
    if h == S::zero() {
        Lanes::zero()
    } else {
        d * (h * v)
    }
}

impl<S: Scalar, const N: usize> Cotangent<S, Lanes<S, N>> for Bar<S, N> {
    #[inline]
    fn zero() -> Self {
        Init::init()
    }

    #[inline]
    fn back(self, p: D1<S>, da: Lanes<S, N>) -> Self {
        Bar {
            v: self.v * p.d,
            t: self.t * p.d + curvature(self.v, p.dd, da),
        }
    }

    #[inline]
    fn back2(self, p: D2<S>, da: Lanes<S, N>, db: Lanes<S, N>) -> (Self, Self) {
        let [aa, ab, bb] = p.dd;
        let a = Bar {
            v: self.v * p.d[0],
            t: self.t * p.d[0] + curvature(self.v, aa, da) + curvature(self.v, ab, db),
        };
        let b = Bar {
            v: self.v * p.d[1],
            t: self.t * p.d[1] + curvature(self.v, ab, da) + curvature(self.v, bb, db),
        };
        (a, b)
    }

    #[inline]
    fn back3(
        self,
        p: D3<S>,
        da: Lanes<S, N>,
        db: Lanes<S, N>,
        dc: Lanes<S, N>,
    ) -> (Self, Self, Self) {
        let [aa, ab, ac, bb, bc, cc] = p.dd;
        let share = |k: usize, h: [S; 3]| Bar {
            v: self.v * p.d[k],
            t: self.t * p.d[k]
                + curvature(self.v, h[0], da)
                + curvature(self.v, h[1], db)
                + curvature(self.v, h[2], dc),
        };
        (
            share(0, [aa, ab, ac]),
            share(1, [ab, bb, bc]),
            share(2, [ac, bc, cc]),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{Bar, Cotangent, NoTangent, D2, D3};
    use crate::Lanes;

    #[test]
    fn bars_give_hessian_vector_products() {
        // y = a·b at (2, 3), ȳ = 1, v = (1, 0): ∇y = (3, 2), H·v = (0, 1)
        let mul = D2 {
            d: [3.0, 2.0],
            dd: [0.0, 1.0, 0.0],
            ddd: [0.0; 4],
        };
        let ybar = Bar {
            v: 1.0_f64,
            t: Lanes([0.0]),
        };
        let (a, b) = ybar.back2(mul, Lanes([1.0]), Lanes([0.0]));
        assert_eq!((a.v, a.t, b.v, b.t), (3.0, Lanes([0.0]), 2.0, Lanes([1.0])));
        // A cotangent with its own tangent scales by the first partials.
        let ybar = Bar {
            v: 0.0,
            t: Lanes([1.0]),
        };
        let (a, _) = ybar.back2(mul, Lanes([1.0]), Lanes([1.0]));
        assert_eq!((a.v, a.t), (0.0, Lanes([3.0])));
    }

    #[test]
    fn three_operand_bars_and_plain_cotangents() {
        // y = a·b + c at (2, 3, 4): ∇ = (3, 2, 1), ∂ab = 1; v = (0, 1, 1): H·v = (1, 0, 0)
        let p = D3 {
            d: [3.0, 2.0, 1.0],
            dd: [0.0, 1.0, 0.0, 0.0, 0.0, 0.0],
            ddd: [0.0; 10],
        };
        let ybar = Bar {
            v: 1.0_f64,
            t: Lanes([0.0]),
        };
        let (a, b, c) = ybar.back3(p, Lanes([0.0]), Lanes([1.0]), Lanes([1.0]));
        assert_eq!((a.t, b.t, c.t), (Lanes([1.0]), Lanes([0.0]), Lanes([0.0])));
        assert_eq!((a.v, b.v, c.v), (3.0, 2.0, 1.0));
        let g = Cotangent::<f64, NoTangent>::back3(2.0, p, NoTangent, NoTangent, NoTangent);
        assert_eq!(g, (6.0, 4.0, 2.0));
        let lanes = Lanes([1.0, -1.0]).back2(
            D2 {
                d: [3.0, 2.0],
                dd: [0.0; 3],
                ddd: [0.0; 4],
            },
            NoTangent,
            NoTangent,
        );
        assert_eq!(lanes, (Lanes([3.0, -3.0]), Lanes([2.0, -2.0])));
    }
}
