//! The tangent (and cotangent) type of each parameter type.

/// Maps a parameter type to the owned type of its tangent/cotangent: `f64 -> f64`,
/// `[f64; N] -> [f64; N]`, `[A] -> Vec<A::Tangent>`, `Vec<A> -> Vec<A::Tangent>`,
/// `&A -> A::Tangent`, tuples elementwise, integers and `bool -> ()` (they carry no derivative).
///
/// # Examples
///
/// ```
/// use jacobian_runtime::TangentOf;
///
/// let x: &[[f64; 2]] = &[[1.0, 2.0], [3.0, 4.0]];
/// let dx: Vec<[f64; 2]> = x.zero_tangent();
/// assert_eq!(dx, [[0.0; 2]; 2]);
///
/// // An integer parameter has no derivative: its tangent is `()`.
/// let p = (2.5_f32, 7_usize);
/// let dp: (f32, ()) = p.zero_tangent();
/// assert_eq!(dp, (0.0, ()));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be passed to a `#[differentiate]` function",
    label = "not a float, integer, `bool`, an array, slice, `Vec` or tuple of them, nor a type deriving `Differentiable` or `Inactive`",
    note = "for a struct whose floats carry derivatives, add `#[derive(Clone, jacobian::Differentiable)]` to it and list the parameter in `wrt(..)`; for a value without derivatives (an enum choosing a mode, a configuration), add `#[derive(jacobian::Inactive)]`"
)]
pub trait TangentOf {
    /// The owned tangent type: same shape, scalars only where `Self` has floats.
    type Tangent;

    /// [`LANES`](crate::LANES) tangents at once: the tangent type with every
    /// scalar replaced by [`Lanes<S, LANES>`](crate::Lanes).
    type Lanes;

    /// A zero tangent of the same shape as `self` (same `Vec` and slice lengths).
    fn zero_tangent(&self) -> Self::Tangent;

    /// [`LANES`](crate::LANES) zero tangents of the same shape as `self`.
    fn zero_lanes(&self) -> Self::Lanes;
}

macro_rules! float_tangent {
    ($($t:ty),*) => {$(
        impl TangentOf for $t {
            type Tangent = $t;
            type Lanes = crate::Lanes<$t, { crate::LANES }>;

            #[inline]
            fn zero_tangent(&self) -> $t {
                0.0
            }

            #[inline]
            fn zero_lanes(&self) -> Self::Lanes {
                crate::Lanes([0.0; crate::LANES])
            }
        }
    )*};
}

float_tangent!(f32, f64);

macro_rules! no_tangent {
    ($($t:ty),*) => {$(
        impl TangentOf for $t {
            type Tangent = ();
            type Lanes = ();

            #[inline]
            fn zero_tangent(&self) {}

            #[inline]
            fn zero_lanes(&self) {}
        }
    )*};
}

for_each_int!(no_tangent);
no_tangent!(bool, ());

impl<A: TangentOf, const M: usize> TangentOf for [A; M] {
    type Tangent = [A::Tangent; M];
    type Lanes = [A::Lanes; M];

    #[inline]
    fn zero_tangent(&self) -> Self::Tangent {
        core::array::from_fn(|i| self[i].zero_tangent())
    }

    #[inline]
    fn zero_lanes(&self) -> Self::Lanes {
        core::array::from_fn(|i| self[i].zero_lanes())
    }
}

impl<A: TangentOf> TangentOf for [A] {
    type Tangent = Vec<A::Tangent>;
    type Lanes = Vec<A::Lanes>;

    fn zero_tangent(&self) -> Self::Tangent {
        self.iter().map(TangentOf::zero_tangent).collect()
    }

    fn zero_lanes(&self) -> Self::Lanes {
        self.iter().map(TangentOf::zero_lanes).collect()
    }
}

impl<A: TangentOf> TangentOf for Vec<A> {
    type Tangent = Vec<A::Tangent>;
    type Lanes = Vec<A::Lanes>;

    fn zero_tangent(&self) -> Self::Tangent {
        self.as_slice().zero_tangent()
    }

    fn zero_lanes(&self) -> Self::Lanes {
        self.as_slice().zero_lanes()
    }
}

impl<A: TangentOf + ?Sized> TangentOf for &A {
    type Tangent = A::Tangent;
    type Lanes = A::Lanes;

    #[inline]
    fn zero_tangent(&self) -> Self::Tangent {
        (**self).zero_tangent()
    }

    #[inline]
    fn zero_lanes(&self) -> Self::Lanes {
        (**self).zero_lanes()
    }
}

impl<A: TangentOf + ?Sized> TangentOf for &mut A {
    type Tangent = A::Tangent;
    type Lanes = A::Lanes;

    #[inline]
    fn zero_tangent(&self) -> Self::Tangent {
        (**self).zero_tangent()
    }

    #[inline]
    fn zero_lanes(&self) -> Self::Lanes {
        (**self).zero_lanes()
    }
}

macro_rules! tuple_tangent {
    ($($T:ident $i:tt),+) => {
        impl<$($T: TangentOf),+> TangentOf for ($($T,)+) {
            type Tangent = ($($T::Tangent,)+);
            type Lanes = ($($T::Lanes,)+);

            #[inline]
            fn zero_tangent(&self) -> Self::Tangent {
                ($(self.$i.zero_tangent(),)+)
            }

            #[inline]
            fn zero_lanes(&self) -> Self::Lanes {
                ($(self.$i.zero_lanes(),)+)
            }
        }
    };
}

for_each_tuple!(tuple_tangent);

#[cfg(test)]
mod tests {
    use super::TangentOf;

    #[test]
    fn floats_map_to_themselves() {
        let t: f64 = 3.0_f64.zero_tangent();
        assert_eq!(t, 0.0);
        let t: [f32; 3] = [1.0_f32, 2.0, 3.0].zero_tangent();
        assert_eq!(t, [0.0; 3]);
    }

    #[test]
    fn slices_and_vecs_map_to_vecs_of_the_same_length() {
        let x = vec![vec![1.0, 2.0], vec![], vec![3.0]];
        let t: Vec<Vec<f64>> = x.zero_tangent();
        let lengths: Vec<usize> = t.iter().map(Vec::len).collect();
        assert_eq!(lengths, [2, 0, 1]);
        let s: &[f64] = &[1.0; 4];
        assert_eq!(s.zero_tangent(), vec![0.0; 4]);
    }

    #[test]
    fn references_see_through() {
        let x = [5.0_f64; 2];
        let r = &&x;
        let t: [f64; 2] = r.zero_tangent();
        assert_eq!(t, [0.0; 2]);
        let mut y = vec![1.0_f32];
        let m = &mut y;
        assert_eq!(m.zero_tangent(), vec![0.0_f32]);
    }

    #[test]
    fn integers_and_bools_carry_no_tangent() {
        let p = (1.0_f64, 3_u8, -4_i128, true, [7_usize; 2], ());
        let t: (f64, (), (), (), [(); 2], ()) = p.zero_tangent();
        assert_eq!(t, (0.0, (), (), (), [(); 2], ()));
    }

    #[test]
    fn eight_tuples_are_supported() {
        let p = (
            1.0_f64,
            2.0_f64,
            3_i32,
            4.0_f64,
            5_u64,
            6.0_f64,
            [7.0_f64],
            vec![8.0_f64],
        );
        let t = p.zero_tangent();
        assert_eq!(t, (0.0, 0.0, (), 0.0, (), 0.0, [0.0], vec![0.0]));
    }
}
