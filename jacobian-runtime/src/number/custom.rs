//! What a declared derivative (`#[jacobian::derivative(jvp = .., vjp = ..)]`) needs from
//! the number types: the directions a carrier or cotangent holds, one at a time, so that a
//! user's JVP or VJP written for one plain direction serves every mode.

use super::carrier::{NoTangent, Taylor};
use super::cotangent::Bar;
use super::mirror::Mirror;
use crate::{Init, Lanes, Scalar, Shape};

/// The plain directions a number type holds, read and written one at a time.
///
/// | type | `WIDTH` | lanes | `base` | `SECOND` |
/// |--|--|--|--|--|
/// | `S` | 1 | itself | — | no |
/// | [`Lanes<S, N>`] | N | its lanes | — | no |
/// | [`NoTangent`] | 0 | — | — | no |
/// | [`Taylor<S, N>`] | N | `g` | `l` | yes |
/// | [`Bar<S, N>`] | N | `t` | `v` | yes |
///
/// ```
/// use jacobian_runtime::__private::{Bar, Directional};
/// use jacobian_runtime::Lanes;
///
/// let b = Bar { v: 1.0_f64, t: Lanes([2.0, 3.0]) };
/// assert_eq!((b.lane(1), b.base()), (3.0, 1.0));
/// ```
pub trait Directional<S: Scalar>: Copy {
    /// How many first-order directions it holds.
    const WIDTH: usize;
    /// Whether it is a second-order number (a user's JVP and VJP alone cannot propagate it).
    const SECOND: bool = false;
    /// Whether it needs third partial derivatives (the reverse sweep of a Laplacian).
    const THIRD: bool = false;
    /// Whether it is a set of inputs a value depends on ([`Deps`](crate::Deps)), not
    /// numbers: a user's JVP cannot be applied to it one direction at a time.
    const PATTERN: bool = false;
    /// Direction `l < WIDTH`.
    fn lane(&self, l: usize) -> S;
    /// Sets direction `l < WIDTH`.
    fn set_lane(&mut self, l: usize, v: S);
    /// The second-order number's other scalar: a [`Taylor`]'s summed coefficient `l`, a
    /// [`Bar`]'s cotangent `v`; zero for first-order numbers.
    fn base(&self) -> S {
        S::zero()
    }
    /// Sets [`base`](Directional::base) (ignored by first-order numbers).
    fn set_base(&mut self, _: S) {}
}

impl<S: Scalar> Directional<S> for S {
    const WIDTH: usize = 1;
    #[inline]
    fn lane(&self, _: usize) -> S {
        *self
    }
    #[inline]
    fn set_lane(&mut self, _: usize, v: S) {
        *self = v;
    }
}

impl<S: Scalar, const N: usize> Directional<S> for Lanes<S, N> {
    const WIDTH: usize = N;
    #[inline]
    fn lane(&self, l: usize) -> S {
        self.0[l]
    }
    #[inline]
    fn set_lane(&mut self, l: usize, v: S) {
        self.0[l] = v;
    }
}

impl<S: Scalar> Directional<S> for NoTangent {
    const WIDTH: usize = 0;
    #[inline]
    fn lane(&self, _: usize) -> S {
        S::zero()
    }
    #[inline]
    fn set_lane(&mut self, _: usize, _: S) {}
}

macro_rules! second_order {
    ($T:ident, $lanes:ident, $base:ident) => {
        impl<S: Scalar, const N: usize> Directional<S> for $T<S, N> {
            const WIDTH: usize = N;
            const SECOND: bool = true;
            #[inline]
            fn lane(&self, l: usize) -> S {
                self.$lanes.0[l]
            }
            #[inline]
            fn set_lane(&mut self, l: usize, v: S) {
                self.$lanes.0[l] = v;
            }
            #[inline]
            fn base(&self) -> S {
                self.$base
            }
            #[inline]
            fn set_base(&mut self, v: S) {
                self.$base = v;
            }
        }
    };
}

second_order!(Taylor, g, l);
second_order!(Bar, t, v);

/// Which scalar of each number [`Lanewise`] reads or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    /// Direction `l`.
    Lane(usize),
    /// The second-order number's other scalar ([`Directional::base`]).
    Base,
}

impl Pick {
    #[inline]
    fn get<S: Scalar, C: Directional<S>>(self, c: &C) -> S {
        match self {
            Pick::Lane(l) => c.lane(l),
            Pick::Base => c.base(),
        }
    }

    #[inline]
    fn set<S: Scalar, C: Directional<S>>(self, c: &mut C, v: S) {
        match self {
            Pick::Lane(l) => c.set_lane(l, v),
            Pick::Base => c.set_base(v),
        }
    }
}

/// An owned value (a scalar, an array, a `Vec`, a tuple of those) whose derivatives in a
/// number type `C` ([`Mirror`]) can be read and written one plain direction at a time:
/// the bridge between the generic sweeps and a user's JVP or VJP for one direction.
///
/// ```
/// use jacobian_runtime::__private::{Lanewise, Pick};
/// use jacobian_runtime::Lanes;
///
/// let mut d = vec![Lanes([1.0_f64, 2.0]), Lanes([3.0, 4.0])];
/// assert_eq!(<Vec<f64> as Lanewise<f64, _>>::get(&d, Pick::Lane(1)), vec![2.0, 4.0]);
/// <Vec<f64> as Lanewise<f64, _>>::put(&mut d, Pick::Lane(0), &vec![5.0, 6.0]);
/// assert_eq!(d, vec![Lanes([5.0, 2.0]), Lanes([6.0, 4.0])]);
/// ```
pub trait Lanewise<S: Scalar, C>: Mirror<S, C> + Sized {
    /// The picked scalar of every number in `d`, as a value of this type.
    fn get(d: &Self::Out, pick: Pick) -> Self;
    /// Sets the picked scalar of every number in `d` from `v`.
    ///
    /// # Panics
    ///
    /// If a `Vec` in `v` is not as long as the one in `d`.
    fn put(d: &mut Self::Out, pick: Pick, v: &Self);
}

impl<S: Scalar, C: Directional<S> + Init> Lanewise<S, C> for S {
    #[inline]
    fn get(d: &C, pick: Pick) -> S {
        pick.get(d)
    }
    #[inline]
    fn put(d: &mut C, pick: Pick, v: &S) {
        pick.set(d, *v);
    }
}

impl<S: Scalar, C, A: Lanewise<S, C>, const M: usize> Lanewise<S, C> for [A; M] {
    #[inline]
    fn get(d: &Self::Out, pick: Pick) -> Self {
        core::array::from_fn(|i| A::get(&d[i], pick))
    }
    #[inline]
    fn put(d: &mut Self::Out, pick: Pick, v: &Self) {
        for (d, v) in d.iter_mut().zip(v) {
            A::put(d, pick, v);
        }
    }
}

impl<S: Scalar, C, A: Lanewise<S, C>> Lanewise<S, C> for Vec<A> {
    fn get(d: &Self::Out, pick: Pick) -> Self {
        d.iter().map(|d| A::get(d, pick)).collect()
    }
    fn put(d: &mut Self::Out, pick: Pick, v: &Self) {
        if d.len() != v.len() {
            length(d.len(), v.len());
        }
        for (d, v) in d.iter_mut().zip(v) {
            A::put(d, pick, v);
        }
    }
}

#[cold]
#[inline(never)]
fn length(expected: usize, got: usize) -> ! {
    panic!(
        "a declared derivative returned a `Vec` of length {got} where the value's has {expected}"
    )
}

macro_rules! tuple_lanewise {
    ($($T:ident $i:tt),*) => {
        impl<__S: Scalar, __C, $($T: Lanewise<__S, __C>),*> Lanewise<__S, __C> for ($($T,)*) {
            #[inline]
            fn get(d: &Self::Out, pick: Pick) -> Self {
                ($($T::get(&d.$i, pick),)*)
            }
            #[inline]
            fn put(d: &mut Self::Out, pick: Pick, v: &Self) {
                $($T::put(&mut d.$i, pick, &v.$i);)*
            }
        }
    };
}

for_each_tuple!(tuple_lanewise);

/// Lane `l` of the derivatives `d` (in `C`) of a value of type `T`, as a one-lane
/// direction: how a nested derivative hands one of its caller's directions to a
/// tangent-over-adjoint sweep.
///
/// ```
/// use jacobian_runtime::__private::one_lane;
/// use jacobian_runtime::Lanes;
///
/// let d = [Lanes([1.0_f64, 2.0]), Lanes([3.0, 4.0])];
/// assert_eq!(one_lane::<f64, _, [f64; 2]>(&d, 1), [Lanes([2.0]), Lanes([4.0])]);
/// ```
pub fn one_lane<S: Scalar, C, T>(
    d: &<T as Mirror<S, C>>::Out,
    l: usize,
) -> <T as Mirror<S, Lanes<S, 1>>>::Out
where
    T: Lanewise<S, C> + Lanewise<S, Lanes<S, 1>>,
{
    let v = <T as Lanewise<S, C>>::get(d, Pick::Lane(l));
    let mut e = <T as Mirror<S, Lanes<S, 1>>>::zeros(&v);
    <T as Lanewise<S, Lanes<S, 1>>>::put(&mut e, Pick::Lane(0), &v);
    e
}

/// The refusal of second-order number types by a derivative called inside a
/// differentiated function (`f::gradient(..)`), evaluated where the generated sweep is
/// instantiated: `let () = FirstOrderOnly::<S, C>::CHECK;`.
pub struct FirstOrderOnly<S, C>(core::marker::PhantomData<(S, C)>);

impl<S: Scalar, C: Directional<S>> FirstOrderOnly<S, C> {
    /// Fails to evaluate for a second-order `C`.
    pub const CHECK: () = assert!(
        !C::SECOND,
        "a derivative called inside a differentiated function (`f::gradient(..)`) supports the caller's first-order modes only: its second-order modes would need third derivatives"
    );
}

/// The refusal of sparsity patterns ([`Deps`](crate::Deps)) by a declared JVP or a
/// derivative called inside a differentiated function, whose directions are numbers: a
/// zero that cancels at one point would hide an entry.
pub struct NoPattern<S, C>(core::marker::PhantomData<(S, C)>);

impl<S: Scalar, C: Directional<S>> NoPattern<S, C> {
    /// Fails to evaluate for a [`Deps`](crate::Deps).
    pub const CHECK: () = assert!(
        !C::PATTERN,
        "a sparsity pattern cannot be found through a declared `jvp` or a derivative called inside a differentiated function (`f::gradient(..)`): use the dense `jacobian`"
    );
}

/// The refusal of third-order number types by a declared derivative (it has no third
/// partials), evaluated where the generated sweep is instantiated.
pub struct UpToSecond<S, C>(core::marker::PhantomData<(S, C)>);

impl<S: Scalar, C: Directional<S>> UpToSecond<S, C> {
    /// Fails to evaluate for a third-order `C`.
    pub const CHECK: () = assert!(
        !C::THIRD,
        "a function with a declared derivative (`#[jacobian::derivative]`) has no third derivatives: derivatives of its Laplacian or Hessian are not available"
    );
}

/// `g · (lane l of d)`: a gradient applied to one direction of derivatives in `C`.
pub fn dot_lane<S: Scalar, C, T>(g: &T, d: &<T as Mirror<S, C>>::Out, l: usize) -> S
where
    T: Lanewise<S, C> + Shape<Scalar = S>,
{
    flat_dot(g, &<T as Lanewise<S, C>>::get(d, Pick::Lane(l)))
}

/// Lane `l` of `c` (in `C`) += `k`·`g`: a gradient scaled by one cotangent direction.
pub fn add_scaled_to_lane<S: Scalar, C, T>(c: &mut <T as Mirror<S, C>>::Out, l: usize, k: S, g: &T)
where
    T: Lanewise<S, C> + Shape<Scalar = S>,
{
    let mut v = <T as Lanewise<S, C>>::get(c, Pick::Lane(l));
    let mut kg = g.clone();
    for i in 0..kg.len() {
        let s = kg.scalar_mut(i);
        *s *= k;
    }
    v.add_assign(&kg);
    <T as Lanewise<S, C>>::put(c, Pick::Lane(l), &v);
}

/// ȳ = 1 with a zero tangent: the seed of a one-direction tangent-over-adjoint sweep,
/// whose cotangents are then the gradient (`v`) and H·e (`t`).
#[inline]
pub fn unit_bar<S: Scalar>() -> Bar<S, 1> {
    Bar {
        v: S::one(),
        t: Lanes::zero(),
    }
}

/// Adds the tangent (lane 0) of the one-lane cotangents `h` to lane `l` of `d` (in `C`),
/// both of a value of type `T`.
///
/// ```
/// use jacobian_runtime::__private::{add_to_lane, Bar};
/// use jacobian_runtime::Lanes;
///
/// let mut d = [Lanes([1.0_f64, 2.0])];
/// add_to_lane::<f64, _, [f64; 1]>(&mut d, 1, &[Bar { v: 9.0, t: Lanes([0.5]) }]);
/// assert_eq!(d, [Lanes([1.0, 2.5])]);
/// ```
pub fn add_to_lane<S: Scalar, C, T>(
    d: &mut <T as Mirror<S, C>>::Out,
    l: usize,
    h: &<T as Mirror<S, Bar<S, 1>>>::Out,
) where
    T: Lanewise<S, C> + Lanewise<S, Bar<S, 1>> + Shape,
{
    add_lane::<S, C, Bar<S, 1>, T>(d, l, h, Pick::Lane(0));
}

/// Adds the `pick` of every number in `src` (in `D`) to lane `l` of `d` (in `C`), both
/// derivatives of a value of type `T`.
///
/// ```
/// use jacobian_runtime::__private::{add_lane, Bar, Pick};
/// use jacobian_runtime::Lanes;
///
/// let mut d = [Lanes([1.0_f64, 2.0])];
/// add_lane::<f64, _, _, [f64; 1]>(&mut d, 0, &[Bar { v: 9.0, t: Lanes([0.5]) }], Pick::Base);
/// assert_eq!(d, [Lanes([10.0, 2.0])]);
/// ```
pub fn add_lane<S: Scalar, C, D, T>(
    d: &mut <T as Mirror<S, C>>::Out,
    l: usize,
    src: &<T as Mirror<S, D>>::Out,
    pick: Pick,
) where
    T: Lanewise<S, C> + Lanewise<S, D> + Shape,
{
    let mut v = <T as Lanewise<S, C>>::get(d, Pick::Lane(l));
    v.add_assign(&<T as Lanewise<S, D>>::get(src, pick));
    <T as Lanewise<S, C>>::put(d, Pick::Lane(l), &v);
}

/// The one-direction cotangent seed of a tangent-over-adjoint sweep with cotangent `v`
/// and, as its tangent, lane `l` of `dt` (in `C`): a nested adjoint's ȳ and the caller's
/// direction of it.
///
/// ```
/// use jacobian_runtime::__private::{bar_seed, Bar};
/// use jacobian_runtime::Lanes;
///
/// let s = bar_seed::<f64, _, [f64; 2]>(&[1.0, 2.0], &[Lanes([3.0, 4.0]), Lanes([5.0, 6.0])], 1);
/// assert_eq!(s, [Bar { v: 1.0, t: Lanes([4.0]) }, Bar { v: 2.0, t: Lanes([6.0]) }]);
/// ```
pub fn bar_seed<S: Scalar, C, T>(
    v: &T,
    dt: &<T as Mirror<S, C>>::Out,
    l: usize,
) -> <T as Mirror<S, Bar<S, 1>>>::Out
where
    T: Lanewise<S, C> + Lanewise<S, Bar<S, 1>>,
{
    let mut b = value_bar::<S, T>(v);
    let t = <T as Lanewise<S, C>>::get(dt, Pick::Lane(l));
    <T as Lanewise<S, Bar<S, 1>>>::put(&mut b, Pick::Lane(0), &t);
    b
}

/// Lane `l` of the derivatives `d` (in `C`) of a value of type `T`, as a value.
///
/// ```
/// use jacobian_runtime::__private::lane_value;
/// use jacobian_runtime::Lanes;
///
/// let d = [Lanes([1.0_f64, 2.0]), Lanes([3.0, 4.0])];
/// assert_eq!(lane_value::<f64, _, [f64; 2]>(&d, 1), [2.0, 4.0]);
/// ```
pub fn lane_value<S: Scalar, C, T: Lanewise<S, C>>(d: &<T as Mirror<S, C>>::Out, l: usize) -> T {
    T::get(d, Pick::Lane(l))
}

/// The one-direction cotangent with value `v` and zero tangents.
pub fn value_bar<S: Scalar, T>(v: &T) -> <T as Mirror<S, Bar<S, 1>>>::Out
where
    T: Lanewise<S, Bar<S, 1>>,
{
    let mut b = <T as Mirror<S, Bar<S, 1>>>::zeros(v);
    <T as Lanewise<S, Bar<S, 1>>>::put(&mut b, Pick::Base, v);
    b
}

/// The one-lane direction of a parameter `x` (owned type `T`) whose scalars are the
/// inputs `offset..offset + len`: the unit direction of input `k` when it is one of
/// them, else zero.
///
/// ```
/// use jacobian_runtime::__private::unit_direction;
/// use jacobian_runtime::Lanes;
///
/// // x = (x₀, x₁) are inputs 1 and 2
/// let d = unit_direction::<f64, [f64; 2]>(&[0.5, 0.7], 2, 1);
/// assert_eq!(d, [Lanes([0.0]), Lanes([1.0])]);
/// ```
pub fn unit_direction<S: Scalar, T>(
    x: &T,
    k: usize,
    offset: usize,
) -> <T as Mirror<S, Lanes<S, 1>>>::Out
where
    T: Shape<Scalar = S> + Lanewise<S, Lanes<S, 1>>,
{
    let mut d = <T as Mirror<S, Lanes<S, 1>>>::zeros(x);
    if k >= offset && k < offset + x.len() {
        <T as Lanewise<S, Lanes<S, 1>>>::put(&mut d, Pick::Lane(0), &unit(x, k - offset));
    }
    d
}

/// The unit value like `y` with scalar `k` (flat order) one: the cotangent that picks
/// output `k`.
pub fn unit<T: Shape>(y: &T, k: usize) -> T {
    let mut e = y.zero_like();
    *e.scalar_mut(k) = <T::Scalar as num_traits::One>::one();
    e
}

/// The dot product of two values of one shape, in flat order.
///
/// # Panics
///
/// If their lengths differ.
pub fn flat_dot<T: Shape>(a: &T, b: &T) -> T::Scalar {
    let (a, b) = (a.to_flat_vec(), b.to_flat_vec());
    assert_eq!(a.len(), b.len(), "flat_dot: the values differ in length");
    a.iter()
        .zip(&b)
        .fold(<T::Scalar as num_traits::Zero>::zero(), |s, (x, y)| {
            s + *x * *y
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_lanes_and_bases_through_arrays_vecs_and_tuples() {
        let t = Taylor {
            g: Lanes([1.0_f64, 2.0]),
            l: 7.0,
        };
        let mut d = ([t; 2], vec![t]);
        let got = <([f64; 2], Vec<f64>) as Lanewise<f64, _>>::get(&d, Pick::Base);
        assert_eq!(got, ([7.0, 7.0], vec![7.0]));
        <([f64; 2], Vec<f64>)>::put(&mut d, Pick::Lane(1), &([3.0, 4.0], vec![5.0]));
        assert_eq!((d.0[1].g, d.1[0].g), (Lanes([1.0, 4.0]), Lanes([1.0, 5.0])));
        const { assert!(<Bar<f64, 2> as Directional<f64>>::SECOND) };
        const { assert!(!<Lanes<f64, 2> as Directional<f64>>::SECOND) };
        assert_eq!(<NoTangent as Directional<f64>>::WIDTH, 0);
    }

    #[test]
    fn units_and_dots_are_flat() {
        assert_eq!(unit(&vec![0.0_f64; 3], 1), vec![0.0, 1.0, 0.0]);
        assert_eq!(flat_dot(&([1.0_f64, 2.0], 3.0), &([4.0, 5.0], 6.0)), 32.0);
    }

    #[test]
    #[should_panic(expected = "length 1 where the value's has 2")]
    fn a_wrong_length_is_a_clear_panic() {
        let mut d = vec![0.0_f64; 2];
        <Vec<f64> as Lanewise<f64, f64>>::put(&mut d, Pick::Lane(0), &vec![1.0]);
    }
}
