//! Between the number types' mirrors and the lanes the assembly works with, through the
//! flat layouts ([`Shape`]): a `Taylor<S, N>` flattens to its `N` lanes then `l`, a
//! `Bar<S, N>` to `v` then its `N` lanes.

use crate::Shape;

/// Copies scalar `k`'s `N` lanes of `lanes` into the first-order part of scalar `k` of
/// `taylor` (the second-order coefficients stay as they are: zero for a fresh mirror).
pub fn lanes_into_taylor<const N: usize, A: Shape, T: Shape<Scalar = A::Scalar>>(
    lanes: &A,
    mut taylor: T,
) -> T {
    let mut a = lanes.clone();
    for k in 0..taylor.len() / (N + 1) {
        for j in 0..N {
            *taylor.scalar_mut(k * (N + 1) + j) = *a.scalar_mut(k * N + j);
        }
    }
    taylor
}

/// Splits a Taylor mirror into its lanes (written into `g`) and its second-order
/// coefficients (into `l`).
pub fn split_taylor<const N: usize, T: Shape, G, L>(mut taylor: T, mut g: G, mut l: L) -> (G, L)
where
    G: Shape<Scalar = T::Scalar>,
    L: Shape<Scalar = T::Scalar>,
{
    for k in 0..taylor.len() / (N + 1) {
        for j in 0..N {
            *g.scalar_mut(k * N + j) = *taylor.scalar_mut(k * (N + 1) + j);
        }
        *l.scalar_mut(k) = *taylor.scalar_mut(k * (N + 1) + N);
    }
    (g, l)
}

/// Copies the scalars of `value` into the cotangent parts of `bar` (the tangent lanes
/// stay as they are: zero for a fresh mirror).
pub fn value_into_bar<const N: usize, A: Shape, B: Shape<Scalar = A::Scalar>>(
    value: &A,
    mut bar: B,
) -> B {
    let mut a = value.clone();
    for k in 0..bar.len() / (N + 1) {
        *bar.scalar_mut(k * (N + 1)) = *a.scalar_mut(k);
    }
    bar
}

/// Splits a `Bar` mirror into its cotangents (into `v`) and their tangent lanes (into `t`).
pub fn split_bar<const N: usize, B: Shape, V, L>(mut bar: B, mut v: V, mut t: L) -> (V, L)
where
    V: Shape<Scalar = B::Scalar>,
    L: Shape<Scalar = B::Scalar>,
{
    for k in 0..bar.len() / (N + 1) {
        *v.scalar_mut(k) = *bar.scalar_mut(k * (N + 1));
        for j in 0..N {
            *t.scalar_mut(k * N + j) = *bar.scalar_mut(k * (N + 1) + 1 + j);
        }
    }
    (v, t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::{Bar, Taylor};
    use crate::Lanes;

    #[test]
    fn taylor_round_trip() {
        let d = [Lanes([1.0_f64, 2.0]), Lanes([3.0, 4.0])];
        let zero = [Taylor {
            g: Lanes([0.0; 2]),
            l: 0.0,
        }; 2];
        let mut t = lanes_into_taylor::<2, _, _>(&d, zero);
        assert_eq!(t[1].g, Lanes([3.0, 4.0]));
        t[1].l = 5.0;
        let (g, l) = split_taylor::<2, _, _, _>(t, [Lanes([0.0; 2]); 2], [0.0; 2]);
        assert_eq!((g, l), (d, [0.0, 5.0]));
    }

    #[test]
    fn bar_round_trip() {
        let zero = vec![
            Bar {
                v: 0.0_f32,
                t: Lanes([0.0; 3])
            };
            2
        ];
        let mut b = value_into_bar::<3, _, _>(&vec![7.0_f32, 8.0], zero);
        assert_eq!((b[0].v, b[1].v), (7.0, 8.0));
        b[1].t = Lanes([1.0, 2.0, 3.0]);
        let (v, t) = split_bar::<3, _, _, _>(b, vec![0.0_f32; 2], vec![Lanes([0.0_f32; 3]); 2]);
        assert_eq!(v, vec![7.0, 8.0]);
        assert_eq!(t[1], Lanes([1.0, 2.0, 3.0]));
    }
}
