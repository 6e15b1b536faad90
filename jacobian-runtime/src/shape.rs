//! Owned values made of scalars, flattened in a fixed order.

mod init;
mod part;
mod tangent;

pub use init::Init;
pub use part::{check_flat, convert_flat, find_part, no_scalar, read_part, write_part, Part};
pub use tangent::TangentOf;

use crate::scalar::Scalar;

/// Owned values made of scalars: scalars, arrays, `Vec`s, tuples. Tangents and cotangents are shapes.
///
/// A shape is seen as a flat sequence of scalars: arrays and `Vec`s in row-major order
/// (element by element), tuples field by field. [`scalar_mut`](Shape::scalar_mut),
/// [`write_flat`](Shape::write_flat) and [`read_flat`](Shape::read_flat) all use that order,
/// which is the order of a Jacobian's rows (outputs) and columns (inputs).
///
/// # Examples
///
/// ```
/// use jacobian_runtime::Shape;
///
/// let mut x = ([1.0, 2.0], vec![[3.0, 4.0]], 5.0);
/// assert_eq!(x.len(), 5);
/// assert_eq!(x.to_flat_vec(), [1.0, 2.0, 3.0, 4.0, 5.0]);
/// *x.scalar_mut(3) = 40.0; // the second scalar of the Vec's first array
/// assert_eq!(x.1, [[3.0, 40.0]]);
/// // Only the Vec makes the length depend on the value.
/// assert_eq!(<([f64; 2], Vec<[f64; 2]>, f64)>::FIXED_LEN, None);
/// assert_eq!(<([f64; 2], [[f64; 2]; 3], f64)>::FIXED_LEN, Some(9));
/// ```
pub trait Shape: Clone {
    /// The scalar type all of this shape's scalars have.
    type Scalar: Scalar;
    /// Number of scalars when known from the type alone (scalars, arrays of fixed shapes,
    /// tuples of those), else `None`.
    const FIXED_LEN: Option<usize>;

    /// Number of scalars (flattened row-major).
    fn len(&self) -> usize;

    /// Whether the shape holds no scalar.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A value of the same shape (same `Vec` lengths) with every scalar zero.
    fn zero_like(&self) -> Self;

    /// Sets every scalar to zero in place, keeping the shape.
    fn set_zero(&mut self);

    /// The `k`-th scalar in flat order.
    ///
    /// O(1) for scalars, tuples and arrays or `Vec`s of fixed-length elements.
    ///
    /// # Panics
    ///
    /// If `k >= self.len()`.
    fn scalar_mut(&mut self, k: usize) -> &mut Self::Scalar;

    /// Writes the scalars in flat order into `out`.
    ///
    /// # Panics
    ///
    /// If `out.len() != self.len()`.
    fn write_flat(&self, out: &mut [Self::Scalar]);

    /// Overwrites the scalars with `src`, in flat order, keeping the shape.
    ///
    /// # Panics
    ///
    /// If `src.len() != self.len()`.
    fn read_flat(&mut self, src: &[Self::Scalar]);

    /// Elementwise `self += other`.
    ///
    /// # Panics
    ///
    /// If the shapes differ (a `Vec` somewhere has a different length).
    fn add_assign(&mut self, other: &Self);

    /// The scalars in flat order, as a new `Vec`.
    fn to_flat_vec(&self) -> Vec<Self::Scalar> {
        let mut out = vec![<Self::Scalar as num_traits::Zero>::zero(); self.len()];
        self.write_flat(&mut out);
        out
    }
}

#[cold]
#[inline(never)]
pub(crate) fn out_of_range(k: usize, len: usize) -> ! {
    panic!("scalar index {k} is out of range for a shape of {len} scalars")
}

#[cold]
#[inline(never)]
pub(crate) fn length_mismatch(method: &str, got: usize, expected: usize) -> ! {
    panic!("{method}: the slice has {got} scalars but the shape has {expected}")
}

macro_rules! scalar_shape {
    ($($t:ty),*) => {$(
        impl Shape for $t {
            type Scalar = $t;
            const FIXED_LEN: Option<usize> = Some(1);

            #[inline]
            fn len(&self) -> usize {
                1
            }

            #[inline]
            fn zero_like(&self) -> Self {
                0.0
            }

            #[inline]
            fn set_zero(&mut self) {
                *self = 0.0;
            }

            #[inline]
            fn scalar_mut(&mut self, k: usize) -> &mut $t {
                if k != 0 {
                    out_of_range(k, 1);
                }
                self
            }

            #[inline]
            fn write_flat(&self, out: &mut [$t]) {
                match out {
                    [x] => *x = *self,
                    _ => length_mismatch("write_flat", out.len(), 1),
                }
            }

            #[inline]
            fn read_flat(&mut self, src: &[$t]) {
                match src {
                    [x] => *self = *x,
                    _ => length_mismatch("read_flat", src.len(), 1),
                }
            }

            #[inline]
            fn add_assign(&mut self, other: &Self) {
                *self += *other;
            }
        }
    )*};
}

scalar_shape!(f32, f64);

/// Number of scalars in a sequence of shapes.
#[inline]
fn items_len<A: Shape>(items: &[A]) -> usize {
    match A::FIXED_LEN {
        Some(n) => n * items.len(),
        None => items.iter().map(Shape::len).sum(),
    }
}

/// The `k`-th scalar of a sequence of shapes: one division when the element length is fixed.
#[inline]
fn items_scalar_mut<A: Shape>(items: &mut [A], k: usize) -> &mut A::Scalar {
    match A::FIXED_LEN {
        Some(n) if n > 0 => {
            let count = items.len();
            match items.get_mut(k / n) {
                Some(item) => item.scalar_mut(k % n),
                None => out_of_range(k, n * count),
            }
        }
        _ => scan_scalar_mut(items, k),
    }
}

/// Linear search for the `k`-th scalar, for elements whose lengths vary.
fn scan_scalar_mut<A: Shape>(items: &mut [A], k: usize) -> &mut A::Scalar {
    let mut rest = k;
    for item in items.iter_mut() {
        let n = item.len();
        if rest < n {
            return item.scalar_mut(rest);
        }
        rest -= n;
    }
    out_of_range(k, k - rest)
}

fn items_write_flat<A: Shape>(items: &[A], out: &mut [A::Scalar]) {
    let len = items_len(items);
    if out.len() != len {
        length_mismatch("write_flat", out.len(), len);
    }
    let mut offset = 0;
    for item in items {
        let n = A::FIXED_LEN.unwrap_or_else(|| item.len());
        item.write_flat(&mut out[offset..offset + n]);
        offset += n;
    }
}

fn items_read_flat<A: Shape>(items: &mut [A], src: &[A::Scalar]) {
    let len = items_len(items);
    if src.len() != len {
        length_mismatch("read_flat", src.len(), len);
    }
    let mut offset = 0;
    for item in items {
        let n = A::FIXED_LEN.unwrap_or_else(|| item.len());
        item.read_flat(&src[offset..offset + n]);
        offset += n;
    }
}

impl<A: Shape, const N: usize> Shape for [A; N] {
    type Scalar = A::Scalar;
    const FIXED_LEN: Option<usize> = match A::FIXED_LEN {
        Some(n) => Some(n * N),
        None => None,
    };

    #[inline]
    fn len(&self) -> usize {
        items_len(self)
    }

    fn zero_like(&self) -> Self {
        core::array::from_fn(|i| self[i].zero_like())
    }

    fn set_zero(&mut self) {
        self.iter_mut().for_each(Shape::set_zero);
    }

    #[inline]
    fn scalar_mut(&mut self, k: usize) -> &mut A::Scalar {
        items_scalar_mut(self, k)
    }

    fn write_flat(&self, out: &mut [A::Scalar]) {
        items_write_flat(self, out);
    }

    fn read_flat(&mut self, src: &[A::Scalar]) {
        items_read_flat(self, src);
    }

    #[inline]
    fn add_assign(&mut self, other: &Self) {
        for (a, b) in self.iter_mut().zip(other) {
            Shape::add_assign(a, b);
        }
    }
}

impl<A: Shape> Shape for Vec<A> {
    type Scalar = A::Scalar;
    const FIXED_LEN: Option<usize> = None;

    #[inline]
    fn len(&self) -> usize {
        items_len(self)
    }

    fn zero_like(&self) -> Self {
        self.iter().map(Shape::zero_like).collect()
    }

    fn set_zero(&mut self) {
        self.iter_mut().for_each(Shape::set_zero);
    }

    #[inline]
    fn scalar_mut(&mut self, k: usize) -> &mut A::Scalar {
        items_scalar_mut(self, k)
    }

    fn write_flat(&self, out: &mut [A::Scalar]) {
        items_write_flat(self, out);
    }

    fn read_flat(&mut self, src: &[A::Scalar]) {
        items_read_flat(self, src);
    }

    fn add_assign(&mut self, other: &Self) {
        let (got, expected) = (other.as_slice().len(), self.as_slice().len());
        assert!(
            got == expected,
            "add_assign: cannot add a Vec of length {got} to a Vec of length {expected}"
        );
        for (a, b) in self.iter_mut().zip(other) {
            Shape::add_assign(a, b);
        }
    }
}

/// Sum of fixed lengths, `None` if any is unknown.
pub const fn sum_fixed(lens: &[Option<usize>]) -> Option<usize> {
    let mut total = 0;
    let mut i = 0;
    while i < lens.len() {
        match lens[i] {
            Some(n) => total += n,
            None => return None,
        }
        i += 1;
    }
    Some(total)
}

macro_rules! tuple_shape {
    ($($T:ident $i:tt),+) => {
        impl<S: Scalar, $($T: Shape<Scalar = S>),+> Shape for ($($T,)+) {
            type Scalar = S;
            const FIXED_LEN: Option<usize> = sum_fixed(&[$(<$T as Shape>::FIXED_LEN),+]);

            #[inline]
            fn len(&self) -> usize {
                0 $(+ self.$i.len())+
            }

            fn zero_like(&self) -> Self {
                ($(self.$i.zero_like(),)+)
            }

            fn set_zero(&mut self) {
                $(self.$i.set_zero();)+
            }

            #[inline]
            fn scalar_mut(&mut self, k: usize) -> &mut S {
                let mut rest = k;
                $(
                    let n = self.$i.len();
                    if rest < n {
                        return self.$i.scalar_mut(rest);
                    }
                    rest -= n;
                )+
                out_of_range(k, k - rest)
            }

            fn write_flat(&self, out: &mut [S]) {
                let len = self.len();
                if out.len() != len {
                    length_mismatch("write_flat", out.len(), len);
                }
                let mut offset = 0;
                $(
                    let n = self.$i.len();
                    self.$i.write_flat(&mut out[offset..offset + n]);
                    offset += n;
                )+
                debug_assert_eq!(offset, len);
            }

            fn read_flat(&mut self, src: &[S]) {
                let len = self.len();
                if src.len() != len {
                    length_mismatch("read_flat", src.len(), len);
                }
                let mut offset = 0;
                $(
                    let n = self.$i.len();
                    self.$i.read_flat(&src[offset..offset + n]);
                    offset += n;
                )+
                debug_assert_eq!(offset, len);
            }

            #[inline]
            fn add_assign(&mut self, other: &Self) {
                $(Shape::add_assign(&mut self.$i, &other.$i);)+
            }
        }
    };
}

for_each_tuple!(tuple_shape);

#[cfg(test)]
mod tests;
