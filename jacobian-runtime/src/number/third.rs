//! [`TaylorBar`]: the reverse sweep run over collapsed Taylor numbers, for derivatives of
//! Laplacians (a physics-informed loss's gradient with respect to the weights).

use core::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

use super::carrier::{pair_op, Taylor};
use super::custom::Directional;
use super::{Cotangent, D1, D2, D3};
use crate::{Init, Lanes, Scalar, Shape, Stack, Store};

/// The cotangents of a collapsed second-order [`Taylor`] number's three parts: `v` of the
/// value, `t.g` of the first directional derivatives, `t.l` of the summed second ones.
/// Seeded with `t.l = 1` at a scalar result, the reverse sweep over the Taylor numbers of
/// the forward sweep gives every input's `v` = ∂(Σₗ d²y[vₗ, vₗ])/∂input: summed over
/// chunks of unit directions, the gradient of the Laplacian. Its chain rule reads the
/// primitives' third partials.
///
/// ```
/// use jacobian_runtime::__private::{Coeffs, Cotangent, Taylor, TaylorBar, D1};
/// use jacobian_runtime::Lanes;
///
/// // y = a³ at a = 2 along one unit direction: l_y = y″ = 6a, so ∂l_y/∂a = 6
/// let ybar = TaylorBar { v: 0.0_f64, t: Coeffs { g: Lanes([0.0]), l: 1.0 } };
/// let a = Taylor { g: Lanes([1.0]), l: 0.0 };
/// let abar = ybar.back(D1 { d: 12.0, dd: 12.0, ddd: 6.0 }, a);
/// assert_eq!((abar.v, abar.t.g, abar.t.l), (6.0, Lanes([24.0]), 12.0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TaylorBar<S, const N: usize> {
    /// The cotangent of the value.
    pub v: S,
    /// The cotangents of the Taylor parts: `g` of the directional derivatives, `l` of
    /// their summed second order.
    pub t: Coeffs<S, N>,
}

/// A [`Taylor`] number's parts without its alignment (the cotangents of the parts, kept
/// small: the reverse sweep moves many of them).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coeffs<S, const N: usize> {
    /// With the first directional derivatives.
    pub g: Lanes<S, N>,
    /// With their summed second order.
    pub l: S,
}

pair_op!(Coeffs { g, l } [N + 1] Add add +, AddAssign add_assign +=; Sub sub -, SubAssign sub_assign -=);
pair_op!(TaylorBar { v, t } [N + 2] Add add +, AddAssign add_assign +=; Sub sub -, SubAssign sub_assign -=);

impl<S: Scalar, const N: usize> Directional<S> for TaylorBar<S, N> {
    const WIDTH: usize = N;
    const SECOND: bool = true;
    const THIRD: bool = true;
    #[inline]
    fn lane(&self, l: usize) -> S {
        self.t.g.0[l]
    }
    #[inline]
    fn set_lane(&mut self, l: usize, v: S) {
        self.t.g.0[l] = v;
    }
    #[inline]
    fn base(&self) -> S {
        self.v
    }
    #[inline]
    fn set_base(&mut self, v: S) {
        self.v = v;
    }
}

/// `a · b` of two lanes.
#[inline]
fn dot<S: Scalar, const N: usize>(a: &Lanes<S, N>, b: &Lanes<S, N>) -> S {
    crate::__private::dot(a, b)
}

/// Operand `i`'s share of ȳ for y = f(x₀, …, x_{K−1}) with gradient `d`, Hessian `h`
/// and third derivatives `t` (full symmetric arrays), the operands' Taylor parts `x`:
///
/// - `t.l`: fᵢ l̄
/// - `t.g`: fᵢ ḡ + 2 l̄ Σⱼ fᵢⱼ gⱼ
/// - `v`: fᵢ v̄ + ḡ·Σⱼ fᵢⱼ gⱼ + l̄ (Σⱼ fᵢⱼ lⱼ + Σⱼₖ fᵢⱼₖ gⱼ·gₖ)
#[inline]
fn share<S: Scalar, const N: usize, const K: usize>(
    y: &TaylorBar<S, N>,
    i: usize,
    d: &[S; K],
    h: &[[S; K]; K],
    t: &[[[S; K]; K]; K],
    x: &[Taylor<S, N>; K],
) -> TaylorBar<S, N> {
    let (vbar, gbar, lbar) = (y.v, y.t.g, y.t.l);
    let mut hg = Lanes::zero();
    let mut hl = S::zero();
    let mut tgg = S::zero();
    for j in 0..K {
        if h[i][j] != S::zero() {
            hg += x[j].g * h[i][j];
            hl += h[i][j] * x[j].l;
        }
        for k in 0..K {
            if t[i][j][k] != S::zero() {
                tgg += t[i][j][k] * dot(&x[j].g, &x[k].g);
            }
        }
    }
    TaylorBar {
        v: d[i] * vbar + dot(&gbar, &hg) + lbar * (hl + tgg),
        t: Coeffs {
            g: gbar * d[i] + hg * (lbar + lbar),
            l: d[i] * lbar,
        },
    }
}

impl<S: Scalar, const N: usize> Cotangent<S, Taylor<S, N>> for TaylorBar<S, N> {
    #[inline]
    fn zero() -> Self {
        Init::init()
    }

    #[inline]
    fn back(self, p: D1<S>, da: Taylor<S, N>) -> Self {
        share(&self, 0, &[p.d], &[[p.dd]], &[[[p.ddd]]], &[da])
    }

    #[inline]
    fn back2(self, p: D2<S>, da: Taylor<S, N>, db: Taylor<S, N>) -> (Self, Self) {
        // `share` written out for two operands: each dot product once, and the terms of
        // a zero partial (known once the rule is inlined) skipped.
        let z = S::zero();
        let ([fa, fb], [aa, ab, bb], [aaa, aab, abb, bbb]) = (p.d, p.dd, p.ddd);
        let (vbar, gbar, lbar) = (self.v, self.t.g, self.t.l);
        let dot_if =
            |k: S, x: &Lanes<S, N>, y: &Lanes<S, N>| if k == z { z } else { k * dot(x, y) };
        // ḡ·Σⱼ fᵢⱼ gⱼ and Σⱼₖ fᵢⱼₖ gⱼ·gₖ, per operand.
        let ga = dot_if(aa, &gbar, &da.g) + dot_if(ab, &gbar, &db.g);
        let gb = dot_if(ab, &gbar, &da.g) + dot_if(bb, &gbar, &db.g);
        let (two_aab, two_abb) = (aab + aab, abb + abb);
        let ta =
            dot_if(aaa, &da.g, &da.g) + dot_if(two_aab, &da.g, &db.g) + dot_if(abb, &db.g, &db.g);
        let tb =
            dot_if(aab, &da.g, &da.g) + dot_if(two_abb, &da.g, &db.g) + dot_if(bbb, &db.g, &db.g);
        let two_l = lbar + lbar;
        let lanes = |k: S, x: &Lanes<S, N>| {
            if k == z {
                Lanes::zero()
            } else {
                *x * (k * two_l)
            }
        };
        let a = TaylorBar {
            v: fa * vbar + ga + lbar * (aa * da.l + ab * db.l + ta),
            t: Coeffs {
                g: gbar * fa + lanes(aa, &da.g) + lanes(ab, &db.g),
                l: fa * lbar,
            },
        };
        let b = TaylorBar {
            v: fb * vbar + gb + lbar * (ab * da.l + bb * db.l + tb),
            t: Coeffs {
                g: gbar * fb + lanes(ab, &da.g) + lanes(bb, &db.g),
                l: fb * lbar,
            },
        };
        (a, b)
    }

    #[inline]
    fn back3(
        self,
        p: D3<S>,
        da: Taylor<S, N>,
        db: Taylor<S, N>,
        dc: Taylor<S, N>,
    ) -> (Self, Self, Self) {
        let [aa, ab, ac, bb, bc, cc] = p.dd;
        let h = [[aa, ab, ac], [ab, bb, bc], [ac, bc, cc]];
        // Sorted index triples in the order of `D3::ddd`.
        let at = |i: usize, j: usize, k: usize| {
            let mut s = [i, j, k];
            s.sort_unstable();
            let order = [
                [0, 0, 0],
                [0, 0, 1],
                [0, 0, 2],
                [0, 1, 1],
                [0, 1, 2],
                [0, 2, 2],
                [1, 1, 1],
                [1, 1, 2],
                [1, 2, 2],
                [2, 2, 2],
            ];
            p.ddd[order.iter().position(|o| *o == s).unwrap_or(9)]
        };
        let t: [[[S; 3]; 3]; 3] = core::array::from_fn(|i| {
            core::array::from_fn(|j| core::array::from_fn(|k| at(i, j, k)))
        });
        let x = [da, db, dc];
        (
            share(&self, 0, &p.d, &h, &t, &x),
            share(&self, 1, &p.d, &h, &t, &x),
            share(&self, 2, &p.d, &h, &t, &x),
        )
    }
}

/// The seed of a Laplacian's reverse sweep at a scalar result: the cotangent of its
/// summed second directional derivatives is 1, of everything else 0.
#[inline]
pub fn laplacian_seed<S: Scalar, const N: usize>() -> TaylorBar<S, N> {
    TaylorBar {
        v: S::zero(),
        t: Coeffs {
            g: Lanes::zero(),
            l: S::one(),
        },
    }
}

/// The Taylor numbers of a parameter `x` (owned type `T`) whose scalars are the inputs
/// `offset..offset + len` of a Laplacian: lane `l` is the unit direction of input
/// `chunk + l` when it is one of them.
///
/// ```
/// use jacobian_runtime::__private::taylor_seed;
/// use jacobian_runtime::Lanes;
///
/// // x = (x₀, x₁) are inputs 1 and 2; the chunk of lanes starts at input 2
/// let d = taylor_seed::<f64, 2, [f64; 2]>(&[0.5, 0.7], 2, 1);
/// assert_eq!((d[0].g, d[1].g), (Lanes([0.0, 0.0]), Lanes([1.0, 0.0])));
/// ```
pub fn taylor_seed<S: Scalar, const N: usize, T>(
    x: &T,
    chunk: usize,
    offset: usize,
) -> <T as super::Mirror<S, Taylor<S, N>>>::Out
where
    T: Shape<Scalar = S> + super::Lanewise<S, Taylor<S, N>>,
{
    let mut d = super::Mirror::<S, Taylor<S, N>>::zeros(x);
    for l in 0..N {
        let k = chunk + l;
        if k >= offset && k < offset + x.len() {
            let e = super::unit(x, k - offset);
            <T as super::Lanewise<S, Taylor<S, N>>>::put(&mut d, super::Pick::Lane(l), &e);
        }
    }
    d
}

/// Adds the value cotangents (`v`) of `c` into `acc`: one chunk's share of a
/// Laplacian's gradient.
pub fn add_values<S: Scalar, const N: usize, T>(
    acc: &mut T,
    c: &<T as super::Mirror<S, TaylorBar<S, N>>>::Out,
) where
    T: Shape<Scalar = S> + super::Lanewise<S, TaylorBar<S, N>>,
{
    let v = <T as super::Lanewise<S, TaylorBar<S, N>>>::get(c, super::Pick::Base);
    acc.add_assign(&v);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// y = f(a, b) = a²b at (a, b) = (1.5, −0.5) along the lanes v = ((1, 0), (0, 1)) with
    /// a = x, b = x² of one variable x: l_y = Σ d²y[v, v]; compare ∂l_y/∂(inputs) with the
    /// closed form.
    #[test]
    fn two_operand_shares_match_the_closed_form() {
        // y = a²b: ∂ = (2ab, a²), ∂aa = 2b, ∂ab = 2a, ∂bb = 0, ∂aab = 2, others 0.
        let (a, b) = (1.5_f64, -0.5);
        let p = D2 {
            d: [2.0 * a * b, a * a],
            dd: [2.0 * b, 2.0 * a, 0.0],
            ddd: [0.0, 2.0, 0.0, 0.0],
        };
        // Unit directions: a along lane 0, b along lane 1, no second-order parts.
        let da = Taylor {
            g: Lanes([1.0, 0.0]),
            l: 0.0,
        };
        let db = Taylor {
            g: Lanes([0.0, 1.0]),
            l: 0.0,
        };
        let ybar = TaylorBar {
            v: 0.0,
            t: Coeffs {
                g: Lanes([0.0; 2]),
                l: 1.0,
            },
        };
        let (abar, bbar) = ybar.back2(p, da, db);
        // Δy = ∂aa + ∂bb = 2b: ∂Δy/∂a = 0, ∂Δy/∂b = 2
        assert_eq!((abar.v, bbar.v), (0.0, 2.0));
        // ∂Δy/∂g: 2 Σⱼ fᵢⱼ gⱼ, ∂Δy/∂l = fᵢ
        assert_eq!(
            (abar.t.g, bbar.t.g),
            (Lanes([4.0 * b, 4.0 * a]), Lanes([4.0 * a, 0.0]))
        );
        assert_eq!((abar.t.l, bbar.t.l), (2.0 * a * b, a * a));
    }

    #[test]
    fn three_operand_shares_agree_with_two_operand_ones() {
        // f(a, b, c) = g(a, b) + 0·c gives the same shares to a and b.
        let d2 = D2 {
            d: [0.3, -0.7],
            dd: [0.2, 0.5, -0.1],
            ddd: [0.4, -0.3, 0.6, 0.9],
        };
        let z = 0.0;
        let d3 = D3 {
            d: [0.3, -0.7, 0.0],
            dd: [0.2, 0.5, z, -0.1, z, z],
            ddd: [0.4, -0.3, z, 0.6, z, z, 0.9, z, z, z],
        };
        let x = |g0: f64, g1: f64, l: f64| Taylor {
            g: Lanes([g0, g1]),
            l,
        };
        let y = TaylorBar {
            v: 0.8,
            t: Coeffs {
                g: Lanes([0.1, -0.2]),
                l: 1.3,
            },
        };
        let (a2, b2) = y.back2(d2, x(1.0, 0.5, 0.2), x(-0.4, 2.0, -0.6));
        let (a3, b3, c3) = y.back3(d3, x(1.0, 0.5, 0.2), x(-0.4, 2.0, -0.6), x(3.0, 1.0, 7.0));
        let close = |x: TaylorBar<f64, 2>, y: TaylorBar<f64, 2>| {
            let (p, q) = (x.to_flat_vec(), y.to_flat_vec());
            p.iter()
                .zip(&q)
                .all(|(a, b)| (a - b).abs() <= 1e-12 * (1.0 + b.abs()))
        };
        assert!(
            close(a2, a3) && close(b2, b3),
            "{a2:?} {a3:?} {b2:?} {b3:?}"
        );
        assert_eq!(c3.v, 0.0);
    }
}
