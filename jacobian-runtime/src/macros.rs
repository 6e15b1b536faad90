//! Internal `macro_rules!` helpers that stamp out impls for every tuple arity and integer type.

/// Invokes `$m!` once per tuple arity from 1 to 8, with type parameters and field indices.
macro_rules! for_each_tuple {
    ($m:ident) => {
        $m!(A 0);
        $m!(A 0, B 1);
        $m!(A 0, B 1, C 2);
        $m!(A 0, B 1, C 2, D 3);
        $m!(A 0, B 1, C 2, D 3, E 4);
        $m!(A 0, B 1, C 2, D 3, E 4, F 5);
        $m!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
        $m!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
    };
}

/// Invokes `$m!` with every primitive integer type.
macro_rules! for_each_int {
    ($m:ident) => {
        $m!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);
    };
}
