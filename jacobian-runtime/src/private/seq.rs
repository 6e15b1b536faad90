//! Lengths and elements of the sequences `#[differentiate]` lowers iterator chains
//! to: a chain becomes a loop over positions `0..len`.

use num_traits::PrimInt;

/// The number of elements of `a..b`.
///
/// ```
/// use jacobian_runtime::__private::range_len;
/// assert_eq!(range_len(2usize, 5), 3);
/// assert_eq!(range_len(-2i32, 1), 3);
/// assert_eq!(range_len(5u8, 2), 0);
/// ```
#[inline]
pub fn range_len<T: PrimInt>(a: T, b: T) -> usize {
    if b > a {
        (b - a).to_usize().expect("a range shorter than usize::MAX")
    } else {
        0
    }
}

/// The number of elements of `a..=b`.
#[inline]
pub fn range_len_inclusive<T: PrimInt>(a: T, b: T) -> usize {
    if b >= a {
        range_len(a, b) + 1
    } else {
        0
    }
}

/// The element of `start..` at position `p`.
#[inline]
pub fn range_at<T: PrimInt>(start: T, p: usize) -> T {
    start + T::from(p).expect("a position inside the range")
}

/// The number of elements of `.step_by(k)` over `n` elements.
///
/// # Panics
/// When `k` is 0, as `Iterator::step_by` does.
#[inline]
pub fn step_len(n: usize, k: usize) -> usize {
    assert!(k != 0, "assertion failed: step != 0");
    n.div_ceil(k)
}

/// The number of windows of `k` in `n` elements.
///
/// # Panics
/// When `k` is 0, as `slice::windows` does.
#[inline]
pub fn windows_len(n: usize, k: usize) -> usize {
    assert!(k != 0, "window size must be non-zero");
    (n + 1).saturating_sub(k)
}

/// The number of chunks of `k` in `n` elements (the last may be shorter).
///
/// # Panics
/// When `k` is 0, as `slice::chunks` does.
#[inline]
pub fn chunks_len(n: usize, k: usize) -> usize {
    assert!(k != 0, "chunk size must be non-zero");
    n.div_ceil(k)
}

/// The length of `x[start..end]` for `x` of length `len`.
///
/// # Panics
/// When the range is out of order or out of bounds, as slicing does.
#[inline]
pub fn slice_len(start: usize, end: usize, len: usize) -> usize {
    assert!(
        start <= end,
        "slice index starts at {start} but ends at {end}"
    );
    assert!(
        end <= len,
        "range end index {end} out of range for slice of length {len}"
    );
    end - start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_match_the_standard_iterators() {
        for n in 0..7usize {
            for k in 1..5 {
                assert_eq!(
                    step_len(n, k),
                    (0..n).step_by(k).count(),
                    "step_by({k}) of {n}"
                );
                let v = vec![0.0; n];
                assert_eq!(
                    windows_len(n, k),
                    v.windows(k).count(),
                    "windows({k}) of {n}"
                );
                assert_eq!(chunks_len(n, k), v.chunks(k).count(), "chunks({k}) of {n}");
            }
        }
        for (a, b) in [(-3i64, 4), (4, -3), (0, 0), (2, 3)] {
            assert_eq!(range_len(a, b), (a..b).count());
            assert_eq!(range_len_inclusive(a, b), (a..=b).count());
            for p in 0..range_len(a, b) {
                assert_eq!(range_at(a, p), (a..b).nth(p).unwrap());
            }
        }
        assert_eq!(slice_len(1, 3, 5), 2);
    }

    #[test]
    #[should_panic(expected = "out of range")]
    fn slices_out_of_bounds_panic() {
        slice_len(1, 6, 5);
    }
}
