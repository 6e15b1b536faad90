//! [`Deps`]: the number type a forward sweep carries to find a Jacobian's sparsity
//! pattern, and [`Flat`], the flat order in which the pattern functions seed and read it.

use core::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

use crate::number::{Carrier, Directional, D1, D2, D3};
use crate::{Init, Scalar, Stack, Store};

/// How many 64-bit words a [`Deps`] holds: it tracks [`Deps::INPUTS`] inputs per sweep.
pub const DEPS_WORDS: usize = 4;

/// The set of inputs (of one chunk of [`Deps::INPUTS`]) a value depends on, as bits.
///
/// Carried by the forward sweep in place of a tangent, every primitive's chain rule is
/// the union of its operands' sets, whatever the partial derivatives' values at the
/// point: the result is the structural pattern (an entry that a partial derivative
/// happens to make zero at this point is kept). Addition is union, scaling is the
/// identity.
///
/// ```
/// use jacobian_runtime::__private::{Carrier, D2};
/// use jacobian_runtime::Deps;
///
/// // y = a·b with a depending on input 0 and b on input 3: y depends on both
/// let (a, b) = (Deps::input(0), Deps::input(3));
/// let y = a.chain2(b, D2 { d: [0.0_f64, 1.0], dd: [0.0; 3], ddd: [0.0; 4] });
/// assert_eq!(y.iter().collect::<Vec<_>>(), [0, 3]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Deps(pub [u64; DEPS_WORDS]);

impl Deps {
    /// How many inputs one set tracks.
    pub const INPUTS: usize = 64 * DEPS_WORDS;

    /// The set of input `k < INPUTS` alone.
    ///
    /// # Panics
    ///
    /// If `k >= Deps::INPUTS`.
    pub fn input(k: usize) -> Self {
        let mut d = Deps::default();
        d.insert(k);
        d
    }

    /// Adds input `k < INPUTS`.
    #[inline]
    pub fn insert(&mut self, k: usize) {
        self.0[k / 64] |= 1 << (k % 64);
    }

    /// Whether input `k` is in the set.
    #[inline]
    pub fn contains(&self, k: usize) -> bool {
        k < Self::INPUTS && self.0[k / 64] & (1 << (k % 64)) != 0
    }

    /// Whether no input is in the set.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    /// The inputs in the set, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, bits)| {
            let mut b = *bits;
            core::iter::from_fn(move || {
                (b != 0).then(|| {
                    let t = b.trailing_zeros() as usize;
                    b &= b - 1;
                    64 * w + t
                })
            })
        })
    }

    #[inline]
    fn union(self, other: Self) -> Self {
        let mut d = self;
        for (a, b) in d.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        d
    }
}

impl core::ops::BitOrAssign for Deps {
    #[inline]
    fn bitor_assign(&mut self, other: Self) {
        *self = self.union(other);
    }
}

impl Add for Deps {
    type Output = Self;
    #[inline]
    fn add(self, other: Self) -> Self {
        self.union(other)
    }
}

impl Sub for Deps {
    type Output = Self;
    #[inline]
    fn sub(self, other: Self) -> Self {
        self.union(other)
    }
}

impl Neg for Deps {
    type Output = Self;
    #[inline]
    fn neg(self) -> Self {
        self
    }
}

impl<S> Mul<S> for Deps {
    type Output = Self;
    #[inline]
    fn mul(self, _: S) -> Self {
        self
    }
}

impl AddAssign for Deps {
    #[inline]
    fn add_assign(&mut self, other: Self) {
        *self = self.union(other);
    }
}

impl SubAssign for Deps {
    #[inline]
    fn sub_assign(&mut self, other: Self) {
        *self = self.union(other);
    }
}

impl Init for Deps {
    #[inline]
    fn init() -> Self {
        Deps::default()
    }
}

/// A pattern is found by forward sweeps alone, which store nothing.
impl<S> Store<S> for Deps {
    fn save(&self, _: &mut Stack<S>) {
        unreachable!("a sparsity pattern is found by tangent sweeps, which store nothing")
    }
    fn restore(&mut self, _: &mut Stack<S>) {
        unreachable!("a sparsity pattern is found by tangent sweeps, which store nothing")
    }
}

impl<S: Scalar> Directional<S> for Deps {
    const WIDTH: usize = Deps::INPUTS;
    const PATTERN: bool = true;
    #[inline]
    fn lane(&self, l: usize) -> S {
        if self.contains(l) {
            S::one()
        } else {
            S::zero()
        }
    }
    #[inline]
    fn set_lane(&mut self, l: usize, v: S) {
        if v != S::zero() {
            self.insert(l);
        }
    }
}

impl<S: Scalar> Carrier<S> for Deps {
    #[inline]
    fn zero() -> Self {
        Deps::default()
    }
    #[inline]
    fn chain(self, _: D1<S>) -> Self {
        self
    }
    #[inline]
    fn chain2(self, b: Self, _: D2<S>) -> Self {
        self.union(b)
    }
    #[inline]
    fn chain3(self, b: Self, c: Self, _: D3<S>) -> Self {
        self.union(b).union(c)
    }
}

/// The derivatives of a value (a [`Mirror`](crate::Mirror)'s `Out`: a number, an array,
/// a `Vec`, a tuple of them, `()` for integers) visited in the flat order of the value's
/// scalars, for number types other than the float lanes [`Shape`](crate::Shape) covers.
///
/// ```
/// use jacobian_runtime::__private::Flat;
/// use jacobian_runtime::Deps;
///
/// let mut d = ([Deps::default(); 2], vec![Deps::default()]);
/// let mut k = 0;
/// d.visit_mut(&mut |x| { x.insert(k); k += 1 });
/// let mut seen = vec![];
/// d.visit(&mut |x| seen.push(x.iter().next()));
/// assert_eq!(seen, [Some(0), Some(1), Some(2)]);
/// ```
pub trait Flat<C> {
    /// Calls `f` on every number, in flat order.
    fn visit(&self, f: &mut dyn FnMut(&C));
    /// Calls `f` on every number, in flat order, mutably.
    fn visit_mut(&mut self, f: &mut dyn FnMut(&mut C));
}

impl Flat<Deps> for Deps {
    #[inline]
    fn visit(&self, f: &mut dyn FnMut(&Deps)) {
        f(self);
    }
    #[inline]
    fn visit_mut(&mut self, f: &mut dyn FnMut(&mut Deps)) {
        f(self);
    }
}

impl<C> Flat<C> for () {
    #[inline]
    fn visit(&self, _: &mut dyn FnMut(&C)) {}
    #[inline]
    fn visit_mut(&mut self, _: &mut dyn FnMut(&mut C)) {}
}

impl<C, A: Flat<C>, const M: usize> Flat<C> for [A; M] {
    fn visit(&self, f: &mut dyn FnMut(&C)) {
        self.iter().for_each(|a| a.visit(f));
    }
    fn visit_mut(&mut self, f: &mut dyn FnMut(&mut C)) {
        self.iter_mut().for_each(|a| a.visit_mut(f));
    }
}

impl<C, A: Flat<C>> Flat<C> for Vec<A> {
    fn visit(&self, f: &mut dyn FnMut(&C)) {
        self.iter().for_each(|a| a.visit(f));
    }
    fn visit_mut(&mut self, f: &mut dyn FnMut(&mut C)) {
        self.iter_mut().for_each(|a| a.visit_mut(f));
    }
}

macro_rules! tuple_flat {
    ($($T:ident $i:tt),*) => {
        impl<__C, $($T: Flat<__C>),*> Flat<__C> for ($($T,)*) {
            fn visit(&self, f: &mut dyn FnMut(&__C)) {
                $(self.$i.visit(f);)*
            }
            fn visit_mut(&mut self, f: &mut dyn FnMut(&mut __C)) {
                $(self.$i.visit_mut(f);)*
            }
        }
    };
}

for_each_tuple!(tuple_flat);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_iterate_in_order_across_words() {
        let mut d = Deps::input(200);
        d.insert(3);
        d.insert(64);
        assert_eq!(d.iter().collect::<Vec<_>>(), [3, 64, 200]);
        assert!(d.contains(64) && !d.contains(65) && !d.contains(10_000));
        assert!(Deps::default().is_empty());
        assert_eq!((d - Deps::input(1)).iter().count(), 4);
        assert_eq!(Directional::<f64>::lane(&d, 3), 1.0);
    }
}
