//! Arithmetic progressions of integers: the index sets of `for` loops, with random access.

use core::fmt;
use core::iter::FusedIterator;

use num_traits::PrimInt;

use super::{Stack, Store};
use crate::shape::Init;

mod sealed {
    pub trait Sealed {}
}

/// A primitive integer type a [`Progression`] can range over: `u8` to `u128`, `i8` to `i128`,
/// `usize` and `isize`.
///
/// Sealed. Beyond [`PrimInt`] it provides two's-complement wrapping arithmetic, which lets
/// [`Progression::at`] compute `first + k·step` with one multiply and one add, no branch and
/// no overflow: the result is in range, so wrapping arithmetic gives it exactly.
pub trait Int: PrimInt + sealed::Sealed {
    /// `k as Self`.
    #[doc(hidden)]
    fn wrapping_from_usize(k: usize) -> Self;
    /// Wrapping `self + rhs`.
    #[doc(hidden)]
    fn wrap_add(self, rhs: Self) -> Self;
    /// Wrapping `self * rhs`.
    #[doc(hidden)]
    fn wrap_mul(self, rhs: Self) -> Self;
    /// Wrapping `-self`.
    #[doc(hidden)]
    fn wrap_neg(self) -> Self;
    /// `to - from`, exactly, for `from <= to`.
    #[doc(hidden)]
    fn distance(from: Self, to: Self) -> u128;
}

macro_rules! impl_int {
    ($($t:ty => $unsigned:ty),*) => {$(
        impl sealed::Sealed for $t {}

        impl Int for $t {
            #[inline]
            fn wrapping_from_usize(k: usize) -> Self {
                k as $t
            }

            #[inline]
            fn wrap_add(self, rhs: Self) -> Self {
                self.wrapping_add(rhs)
            }

            #[inline]
            fn wrap_mul(self, rhs: Self) -> Self {
                self.wrapping_mul(rhs)
            }

            #[inline]
            fn wrap_neg(self) -> Self {
                self.wrapping_neg()
            }

            #[inline]
            fn distance(from: Self, to: Self) -> u128 {
                (to as $unsigned).wrapping_sub(from as $unsigned) as u128
            }
        }
    )*};
}

impl_int!(
    u8 => u8, u16 => u16, u32 => u32, u64 => u64, u128 => u128, usize => usize,
    i8 => u8, i16 => u16, i32 => u32, i64 => u64, i128 => u128, isize => usize
);

/// An arithmetic progression of integers: what `for i in a..b`, `a..=b`, `.rev()`,
/// `.step_by(s)` iterate over, in any chain order, with random access so the adjoint can
/// replay a loop backwards.
///
/// Every chain of these yields exactly what the same chain of `std` iterators yields.
/// Two progressions are equal when they yield the same sequence.
///
/// # Examples
///
/// ```
/// use jacobian_runtime::Progression;
///
/// // for i in (0..10).step_by(3).rev()
/// let p = Progression::range(0, 10).step_by(3).rev();
/// assert_eq!(p.iter().collect::<Vec<i32>>(), (0..10).step_by(3).rev().collect::<Vec<_>>());
/// assert_eq!(p.len(), 4);
/// assert_eq!(p.at(0), 9);
/// assert_eq!(p.at(3), 0);
///
/// // Inclusive ranges may end at the type's maximum.
/// let q = Progression::range_inclusive(250_u8, u8::MAX).rev().step_by(2);
/// assert_eq!(q.iter().collect::<Vec<_>>(), [255, 253, 251]);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Progression<I> {
    /// The first element (zero when empty).
    first: I,
    /// The difference between consecutive elements modulo 2^bits (zero when `len <= 1`).
    step: I,
    len: usize,
}

#[cold]
#[inline(never)]
fn too_long(count: &dyn fmt::Display) -> ! {
    panic!("a progression of {count} elements is too long: its length does not fit in usize")
}

/// The element count as a `usize`; `None` stands for 2^128.
#[inline]
fn checked_len(count: Option<u128>) -> usize {
    match count {
        Some(n) => usize::try_from(n).unwrap_or_else(|_| too_long(&n)),
        None => too_long(&"2^128"),
    }
}

impl<I: Int> Progression<I> {
    /// The canonical progression with these elements: unused fields are zero.
    #[inline]
    fn new(first: I, step: I, len: usize) -> Self {
        let zero = I::zero();
        match len {
            0 => Self {
                first: zero,
                step: zero,
                len,
            },
            1 => Self {
                first,
                step: zero,
                len,
            },
            _ => Self { first, step, len },
        }
    }

    /// `start..end`: empty if `end <= start`.
    ///
    /// # Panics
    ///
    /// If the range has more than `usize::MAX` elements (64- or 128-bit integers only).
    #[inline]
    pub fn range(start: I, end: I) -> Self {
        if end <= start {
            return Self::new(start, I::one(), 0);
        }
        Self::new(start, I::one(), checked_len(Some(I::distance(start, end))))
    }

    /// `start..=end`: empty if `end < start`.
    ///
    /// # Panics
    ///
    /// If the range has more than `usize::MAX` elements (64- or 128-bit integers only, such
    /// as `0..=u64::MAX`).
    #[inline]
    pub fn range_inclusive(start: I, end: I) -> Self {
        if end < start {
            return Self::new(start, I::one(), 0);
        }
        let count = I::distance(start, end).checked_add(1);
        Self::new(start, I::one(), checked_len(count))
    }

    /// The same elements in reverse order, like [`Iterator::rev`].
    #[must_use]
    #[inline]
    pub fn rev(self) -> Self {
        match self.len.checked_sub(1) {
            Some(last) => Self::new(self.at(last), self.step.wrap_neg(), self.len),
            None => self,
        }
    }

    /// Every `step`-th element, starting with the first, like [`Iterator::step_by`].
    ///
    /// # Panics
    ///
    /// If `step` is zero.
    #[must_use]
    #[inline]
    pub fn step_by(self, step: usize) -> Self {
        assert!(step != 0, "step_by: the step must be positive, not zero");
        let len = match self.len {
            0 => 0,
            n => (n - 1) / step + 1,
        };
        let stride = self.step.wrap_mul(I::wrapping_from_usize(step));
        Self::new(self.first, stride, len)
    }

    /// Number of elements.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is no element.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The `k`-th element, for `k < len()` (checked in debug builds only).
    #[inline]
    pub fn at(&self, k: usize) -> I {
        debug_assert!(
            k < self.len,
            "progression index {k} out of range for length {}",
            self.len
        );
        self.first
            .wrap_add(I::wrapping_from_usize(k).wrap_mul(self.step))
    }

    /// The elements in order.
    #[inline]
    pub fn iter(&self) -> ProgressionIter<I> {
        ProgressionIter {
            progression: *self,
            front: 0,
            back: self.len,
        }
    }
}

impl<I: Int> Default for Progression<I> {
    /// The empty progression.
    fn default() -> Self {
        Self::new(I::zero(), I::zero(), 0)
    }
}

impl<I: Int> Init for Progression<I> {
    /// The empty progression.
    #[inline]
    fn init() -> Self {
        Self::default()
    }
}

/// First, step, then length; restored in reverse.
impl<S: Copy, I: Store<S>> Store<S> for Progression<I> {
    #[inline]
    fn save(&self, stack: &mut Stack<S>) {
        self.first.save(stack);
        self.step.save(stack);
        self.len.save(stack);
    }

    #[inline]
    fn restore(&mut self, stack: &mut Stack<S>) {
        self.len.restore(stack);
        self.step.restore(stack);
        self.first.restore(stack);
    }
}

/// Shows the first and last elements and the length, which determine the progression.
impl<I: Int + fmt::Debug> fmt::Debug for Progression<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Progression");
        if let Some(last) = self.len.checked_sub(1) {
            s.field("first", &self.first).field("last", &self.at(last));
        }
        s.field("len", &self.len).finish()
    }
}

/// Iterator over a [`Progression`], from both ends.
#[derive(Clone)]
pub struct ProgressionIter<I> {
    progression: Progression<I>,
    front: usize,
    back: usize,
}

/// Shows the progression and the positions still to be yielded, `front..back`.
impl<I: Int + fmt::Debug> fmt::Debug for ProgressionIter<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProgressionIter")
            .field("progression", &self.progression)
            .field("remaining", &(self.front..self.back))
            .finish()
    }
}

impl<I: Int> Iterator for ProgressionIter<I> {
    type Item = I;

    #[inline]
    fn next(&mut self) -> Option<I> {
        (self.front < self.back).then(|| {
            self.front += 1;
            self.progression.at(self.front - 1)
        })
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }

    #[inline]
    fn nth(&mut self, n: usize) -> Option<I> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }
}

impl<I: Int> DoubleEndedIterator for ProgressionIter<I> {
    #[inline]
    fn next_back(&mut self) -> Option<I> {
        (self.front < self.back).then(|| {
            self.back -= 1;
            self.progression.at(self.back)
        })
    }

    #[inline]
    fn nth_back(&mut self, n: usize) -> Option<I> {
        self.back = self.back.saturating_sub(n).max(self.front);
        self.next_back()
    }
}

impl<I: Int> ExactSizeIterator for ProgressionIter<I> {}

impl<I: Int> FusedIterator for ProgressionIter<I> {}

impl<I: Int> IntoIterator for Progression<I> {
    type Item = I;
    type IntoIter = ProgressionIter<I>;

    #[inline]
    fn into_iter(self) -> ProgressionIter<I> {
        self.iter()
    }
}

impl<I: Int> IntoIterator for &Progression<I> {
    type Item = I;
    type IntoIter = ProgressionIter<I>;

    #[inline]
    fn into_iter(self) -> ProgressionIter<I> {
        self.iter()
    }
}

#[cfg(test)]
mod tests;
