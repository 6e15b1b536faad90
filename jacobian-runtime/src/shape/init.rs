//! Default values for the generated code's hoisted locals.

/// Default value used to declare the generated code's hoisted locals before their first assignment.
///
/// Scalars and integers start at zero, `bool` at `false`, `Vec`s empty (without allocating),
/// arrays and tuples elementwise.
///
/// # Examples
///
/// ```
/// use jacobian_runtime::Init;
///
/// let (x, n, flag, v): (f64, usize, bool, Vec<f32>) = Init::init();
/// assert_eq!((x, n, flag), (0.0, 0, false));
/// assert!(v.is_empty() && v.capacity() == 0);
/// assert_eq!(<[[f32; 2]; 2]>::init(), [[0.0; 2]; 2]);
/// ```
#[diagnostic::on_unimplemented(
    message = "`#[differentiate]` cannot hold a value of type `{Self}` in a local variable",
    note = "locals must be scalars, integers, bools, arrays, Vecs or tuples of these; references cannot be stored: copy with `*x` or index the parameter directly"
)]
pub trait Init {
    /// The initial value: zero, `false`, empty, or elementwise.
    fn init() -> Self;
}

macro_rules! init_with {
    ($value:expr => $($t:ty),*) => {$(
        impl Init for $t {
            #[inline]
            fn init() -> Self {
                $value
            }
        }
    )*};
}

init_with!(0.0 => f32, f64);
init_with!(false => bool);
init_with!(() => ());
init_with!(String::new() => String);

macro_rules! init_int {
    ($($t:ty),*) => {
        init_with!(0 => $($t),*);
    };
}

for_each_int!(init_int);

impl<A: Init, const N: usize> Init for [A; N] {
    #[inline]
    fn init() -> Self {
        core::array::from_fn(|_| A::init())
    }
}

impl<A> Init for Vec<A> {
    #[inline]
    fn init() -> Self {
        Vec::new()
    }
}

macro_rules! tuple_init {
    ($($T:ident $i:tt),+) => {
        impl<$($T: Init),+> Init for ($($T,)+) {
            #[inline]
            fn init() -> Self {
                ($($T::init(),)+)
            }
        }
    };
}

for_each_tuple!(tuple_init);

#[cfg(test)]
mod tests {
    use super::Init;

    #[test]
    fn numbers_start_at_zero() {
        assert_eq!(f64::init(), 0.0);
        assert_eq!(i128::init(), 0);
        assert_eq!(usize::init(), 0);
        assert!(!bool::init());
    }

    #[test]
    fn containers_are_elementwise_or_empty() {
        assert_eq!(<[(f32, u8); 3]>::init(), [(0.0, 0); 3]);
        let v: Vec<Vec<f64>> = Init::init();
        assert_eq!(v.capacity(), 0);
        let t: (f64, bool, [i8; 2], (), Vec<u8>, f32, u16, i64) = Init::init();
        assert_eq!(t, (0.0, false, [0, 0], (), Vec::new(), 0.0, 0, 0));
    }
}
