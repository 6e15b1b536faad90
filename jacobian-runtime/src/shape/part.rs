//! [`Part`]: one field of a struct deriving `Differentiable`, in the struct's flat layout.

use super::{length_mismatch, out_of_range, Shape};

/// A field of a struct deriving `jacobian::Differentiable` as its [`Shape`] sees it:
/// the scalars of a [`Shape`] field, none for a field without derivatives (integers,
/// `bool`, `()`, types deriving `jacobian::Inactive`). The derive implements the
/// struct's `Shape` as the concatenation of its fields' parts, in declaration order.
///
/// ```
/// use jacobian_runtime::Part;
///
/// assert_eq!(Part::<f64>::part_len(&[1.0_f64, 2.0]), 2);
/// assert_eq!(Part::<f64>::part_len(&7_usize), 0); // an integer field has no scalars
/// ```
pub trait Part<S> {
    /// Number of scalars when known from the type alone.
    const FIXED_LEN: Option<usize>;
    /// Number of scalars.
    fn part_len(&self) -> usize;
    /// Sets every scalar to zero.
    fn part_set_zero(&mut self);
    /// The `k`-th scalar in flat order.
    ///
    /// # Panics
    ///
    /// If `k >= self.part_len()`.
    fn part_scalar_mut(&mut self, k: usize) -> &mut S;
    /// Writes the scalars into `out`, of length [`part_len`](Part::part_len).
    fn part_write_flat(&self, out: &mut [S]);
    /// Overwrites the scalars with `src`, of length [`part_len`](Part::part_len).
    fn part_read_flat(&mut self, src: &[S]);
    /// Elementwise `self += other`.
    fn part_add_assign(&mut self, other: &Self);
}

impl<T: Shape> Part<T::Scalar> for T {
    const FIXED_LEN: Option<usize> = T::FIXED_LEN;
    #[inline]
    fn part_len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn part_set_zero(&mut self) {
        self.set_zero();
    }
    #[inline]
    fn part_scalar_mut(&mut self, k: usize) -> &mut T::Scalar {
        self.scalar_mut(k)
    }
    #[inline]
    fn part_write_flat(&self, out: &mut [T::Scalar]) {
        self.write_flat(out);
    }
    #[inline]
    fn part_read_flat(&mut self, src: &[T::Scalar]) {
        self.read_flat(src);
    }
    #[inline]
    fn part_add_assign(&mut self, other: &Self) {
        self.add_assign(other);
    }
}

macro_rules! empty_part {
    ($($t:ty),*) => {$(
        impl<S> Part<S> for $t {
            const FIXED_LEN: Option<usize> = Some(0);
            #[inline]
            fn part_len(&self) -> usize {
                0
            }
            #[inline]
            fn part_set_zero(&mut self) {}
            fn part_scalar_mut(&mut self, k: usize) -> &mut S {
                out_of_range(k, 0)
            }
            #[inline]
            fn part_write_flat(&self, out: &mut [S]) {
                if !out.is_empty() {
                    length_mismatch("write_flat", out.len(), 0);
                }
            }
            #[inline]
            fn part_read_flat(&mut self, src: &[S]) {
                if !src.is_empty() {
                    length_mismatch("read_flat", src.len(), 0);
                }
            }
            #[inline]
            fn part_add_assign(&mut self, _: &Self) {}
        }
    )*};
}

for_each_int!(empty_part);
empty_part!(bool, ());

/// `dst` with its scalars overwritten by those of `src`, in flat order: between two
/// types with the same flat layout (a struct and its derivative mirror).
///
/// # Panics
///
/// If the two have different numbers of scalars.
pub fn convert_flat<A: Shape, B: Shape<Scalar = A::Scalar>>(src: &A, mut dst: B) -> B {
    let n = src.len();
    if dst.len() != n {
        length_mismatch("convert_flat", n, dst.len());
    }
    let mut src = src.clone();
    for k in 0..n {
        *dst.scalar_mut(k) = *src.scalar_mut(k);
    }
    dst
}

/// The scalars of `part` written at `offset` into `out`, advancing `offset`.
#[doc(hidden)]
#[inline]
pub fn write_part<S, P: Part<S>>(part: &P, out: &mut [S], offset: &mut usize) {
    let n = part.part_len();
    part.part_write_flat(&mut out[*offset..*offset + n]);
    *offset += n;
}

/// The scalars of `part` read from `src` at `offset`, advancing `offset`.
#[doc(hidden)]
#[inline]
pub fn read_part<S, P: Part<S>>(part: &mut P, src: &[S], offset: &mut usize) {
    let n = part.part_len();
    part.part_read_flat(&src[*offset..*offset + n]);
    *offset += n;
}

/// Checks a flat buffer's length against a shape's before reading or writing it.
#[doc(hidden)]
#[inline]
pub fn check_flat(method: &str, got: usize, expected: usize) {
    if got != expected {
        length_mismatch(method, got, expected);
    }
}

/// The part holding flat scalar `*rest` (or `None`, with `*rest` reduced by its length).
#[doc(hidden)]
#[inline]
pub fn find_part<'a, S, P: Part<S>>(part: &'a mut P, rest: &mut usize) -> Option<&'a mut S> {
    let n = part.part_len();
    if *rest < n {
        Some(part.part_scalar_mut(*rest))
    } else {
        *rest -= n;
        None
    }
}

/// The end of a struct's scalar search: `k` was out of range.
#[doc(hidden)]
#[cold]
pub fn no_scalar(k: usize, rest: usize) -> ! {
    out_of_range(k, k - rest)
}
