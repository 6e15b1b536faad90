use super::{Progression, Stack, Store};

#[test]
fn each_kind_is_its_own_lifo() {
    let mut stack = Stack::<f32>::new();
    let reals = [1.5_f32, -2.0, 3.25];
    let ints = [7_u64, u64::MAX, 0];
    let bools = [true, false, true];
    for k in 0..3 {
        stack.push_real(reals[k]);
        stack.push_int(ints[k]);
        stack.push_bool(bools[k]);
    }
    let popped_reals: Vec<f32> = (0..3).map(|_| stack.pop_real()).collect();
    let popped_bools: Vec<bool> = (0..3).map(|_| stack.pop_bool()).collect();
    let popped_ints: Vec<u64> = (0..3).map(|_| stack.pop_int()).collect();
    assert!(popped_reals.iter().eq(reals.iter().rev()));
    assert!(popped_ints.iter().eq(ints.iter().rev()));
    assert!(popped_bools.iter().eq(bools.iter().rev()));
    assert!(stack.is_empty());
}

#[test]
fn bytes_and_peak_follow_pushes_and_pops() {
    let mut stack = Stack::<f64>::default();
    assert_eq!((stack.len_bytes(), stack.peak_bytes()), (0, 0));
    stack.push_real(1.0);
    stack.push_bool(true);
    stack.push_int(3);
    assert_eq!(stack.len_bytes(), 8 + 1 + 8);
    stack.pop_int();
    stack.pop_bool();
    assert_eq!((stack.len_bytes(), stack.peak_bytes()), (8, 17));
    stack.push_bool(false); // below the peak: the peak stays
    assert_eq!((stack.len_bytes(), stack.peak_bytes()), (9, 17));
    stack.pop_bool();
    stack.reset_peak();
    assert_eq!(stack.peak_bytes(), 8);
    stack.push_real(2.0);
    stack.clear();
    assert!(stack.is_empty());
    assert_eq!((stack.len_bytes(), stack.peak_bytes()), (0, 16));
}

#[test]
fn f32_reals_take_four_bytes() {
    let mut stack = Stack::<f32>::new();
    stack.push_real(1.0);
    assert_eq!(stack.len_bytes(), 4);
}

#[test]
#[should_panic(
    expected = "adjoint stack underflow: no real value left to pop; this is a bug in jacobian"
)]
fn popping_an_empty_real_stack_panics() {
    let mut stack = Stack::<f64>::new();
    stack.push_int(1); // another kind does not help
    stack.pop_real();
}

#[test]
#[should_panic(expected = "adjoint stack underflow: no integer left to pop")]
fn popping_an_empty_int_stack_panics() {
    Stack::<f64>::new().pop_int();
}

#[test]
#[should_panic(expected = "adjoint stack underflow: no boolean left to pop")]
fn popping_an_empty_bool_stack_panics() {
    Stack::<f64>::new().pop_bool();
}

/// Saves `value`, overwrites it with `other`, restores, and checks the original came back.
fn round_trip<T: Store<f64> + Clone + PartialEq + core::fmt::Debug>(value: T, other: T) {
    let mut stack = Stack::new();
    stack.push_real(-1.0); // a value saved earlier must stay below
    value.save(&mut stack);
    let mut x = other;
    x.restore(&mut stack);
    assert_eq!(x, value);
    assert_eq!(stack.pop_real(), -1.0);
    assert!(stack.is_empty());
}

#[test]
fn integers_round_trip_at_their_extremes() {
    round_trip(i8::MIN, 0);
    round_trip(i16::MIN, i16::MAX);
    round_trip(i32::MIN, -1);
    round_trip(i64::MIN, 1);
    round_trip(u64::MAX, 0);
    round_trip(isize::MIN, 0);
    round_trip(usize::MAX, 0);
    round_trip(u8::MAX, 0);
    round_trip(u128::MAX - 5, 0);
    round_trip(i128::MIN + 3, -1);
    round_trip(-1_i128, 0);
}

#[test]
fn containers_round_trip() {
    round_trip([1.0, 2.0, 3.0], [0.0; 3]);
    round_trip((1.0, 2_u8, true, [-4_i32; 2]), (0.0, 0, false, [0; 2]));
    round_trip(vec![[1.0, 2.0], [3.0, 4.0]], vec![[9.0, 9.0]; 5]);
    round_trip(vec![vec![1.0], vec![], vec![2.0, 3.0]], Vec::new());
    round_trip((), ());
    round_trip(false, true);
    let t8 = (1.0, 2.0, 3_i64, 4_u16, false, [6.0], vec![7.0], 8.0);
    round_trip(t8.clone(), (0.0, 0.0, 0, 0, true, [0.0], vec![], 0.0));
}

#[test]
fn nested_saves_restore_in_reverse() {
    let mut stack = Stack::<f64>::new();
    let (mut a, mut b) = (vec![1.0, 2.0], 3.0);
    a.save(&mut stack);
    b.save(&mut stack);
    (a, b) = (vec![], 0.0);
    b.restore(&mut stack);
    a.restore(&mut stack);
    assert_eq!((a, b), (vec![1.0, 2.0], 3.0));
}

#[test]
fn progressions_round_trip() {
    round_trip(
        Progression::range(-3_i32, 40).step_by(7).rev(),
        Progression::range(0, 0),
    );
    round_trip(
        Progression::range_inclusive(u128::MAX - 100, u128::MAX).step_by(7),
        Default::default(),
    );
}
