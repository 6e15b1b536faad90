//! Progressions against `std` iterators.

use core::fmt::Debug;

use super::{Int, Progression};

#[derive(Clone, Copy, Debug)]
enum Op {
    Rev,
    StepBy(usize),
}

fn apply<I: Int>(p: Progression<I>, op: Op) -> Progression<I> {
    match op {
        Op::Rev => p.rev(),
        Op::StepBy(s) => p.step_by(s),
    }
}

/// The same operation with `std`'s adapters, on the sequence the chain has produced so far.
fn apply_std<I: Copy>(v: Vec<I>, op: Op) -> Vec<I> {
    match op {
        Op::Rev => v.into_iter().rev().collect(),
        Op::StepBy(s) => v.into_iter().step_by(s).collect(),
    }
}

/// Every sequence of at most `max_len` operations.
fn chains(ops: &[Op], max_len: usize) -> Vec<Vec<Op>> {
    let mut all = vec![vec![]];
    let mut last = vec![vec![]];
    for _ in 0..max_len {
        last = last
            .iter()
            .flat_map(|chain| {
                ops.iter()
                    .map(move |&op| [chain.clone(), vec![op]].concat())
            })
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}

fn ops(steps: &[usize]) -> Vec<Op> {
    let mut ops = vec![Op::Rev];
    ops.extend(steps.iter().map(|&s| Op::StepBy(s)));
    ops
}

/// Checks every observable of `p` against the expected sequence.
fn check<I: Int + Debug>(p: &Progression<I>, expected: &[I], context: &dyn Fn() -> String) {
    assert_eq!(p.len(), expected.len(), "len of {}", context());
    assert_eq!(
        p.is_empty(),
        expected.is_empty(),
        "is_empty of {}",
        context()
    );
    assert_eq!(p.iter().collect::<Vec<_>>(), expected, "{}", context());
    assert!(
        p.iter().rev().eq(expected.iter().rev().copied()),
        "reversed {}",
        context()
    );
    assert_eq!(
        p.iter().len(),
        expected.len(),
        "iterator len of {}",
        context()
    );
    for (k, &want) in expected.iter().enumerate() {
        assert_eq!(p.at(k), want, "at({k}) of {}", context());
    }
}

/// Every chain of at most `max_chain` operations on `a..b` and `a..=b` for all `a`, `b` in
/// `values`, against the same chain applied with `std`'s adapters.
fn exhaustive<I: Int + Debug>(
    values: &[I],
    steps: &[usize],
    max_chain: usize,
    std_range: impl Fn(I, I) -> Vec<I>,
    std_inclusive: impl Fn(I, I) -> Vec<I>,
) {
    let chains = chains(&ops(steps), max_chain);
    for &a in values {
        for &b in values {
            let bases = [
                ("..", Progression::range(a, b), std_range(a, b)),
                (
                    "..=",
                    Progression::range_inclusive(a, b),
                    std_inclusive(a, b),
                ),
            ];
            for (kind, base, std_base) in &bases {
                for chain in &chains {
                    let p = chain.iter().fold(*base, |p, &op| apply(p, op));
                    let expected = chain
                        .iter()
                        .fold(std_base.clone(), |v, &op| apply_std(v, op));
                    check(&p, &expected, &|| format!("({a:?}{kind}{b:?}) {chain:?}"));
                }
            }
        }
    }
}

#[test]
fn small_signed_ranges_match_std_for_all_chains() {
    let values: Vec<i32> = (-5..8).collect();
    exhaustive(
        &values,
        &[1, 2, 3, 4],
        3,
        |a, b| (a..b).collect(),
        |a, b| (a..=b).collect(),
    );
}

#[test]
fn small_unsigned_ranges_match_std_for_all_chains() {
    let values: Vec<usize> = (0..8).collect();
    exhaustive(
        &values,
        &[1, 2, 3, 4],
        3,
        |a, b| (a..b).collect(),
        |a, b| (a..=b).collect(),
    );
}

#[test]
fn i8_ranges_at_the_type_limits_match_std() {
    let values = [
        i8::MIN,
        i8::MIN + 1,
        i8::MIN + 2,
        -1,
        0,
        1,
        i8::MAX - 2,
        i8::MAX - 1,
        i8::MAX,
    ];
    let steps = [1, 2, 3, 127, 128, 254, 255, 256, usize::MAX];
    exhaustive(
        &values,
        &steps,
        2,
        |a, b| (a..b).collect(),
        |a, b| (a..=b).collect(),
    );
}

#[test]
fn u8_ranges_at_the_type_limits_match_std() {
    let values = [0, 1, 2, 127, 128, 253, 254, u8::MAX];
    let steps = [1, 2, 5, 128, 255, 256, usize::MAX];
    exhaustive(
        &values,
        &steps,
        2,
        |a, b| (a..b).collect(),
        |a, b| (a..=b).collect(),
    );
}

/// Chains written directly with `std` adapters (no intermediate `Vec`), in both orders.
#[test]
fn chain_order_matters_like_in_std() {
    for (a, b) in [(i8::MIN, i8::MAX), (-7, 9), (100, 127), (3, 3)] {
        for s in [1, 2, 3, 5, 200] {
            let context = || format!("a = {a}, b = {b}, s = {s}");
            let p = Progression::range(a, b);
            let q = Progression::range_inclusive(a, b);
            check(
                &p.step_by(s).rev(),
                &(a..b).step_by(s).rev().collect::<Vec<_>>(),
                &context,
            );
            check(
                &p.rev().step_by(s),
                &(a..b).rev().step_by(s).collect::<Vec<_>>(),
                &context,
            );
            check(
                &q.step_by(s).rev(),
                &(a..=b).step_by(s).rev().collect::<Vec<_>>(),
                &context,
            );
            check(
                &q.rev().step_by(s),
                &(a..=b).rev().step_by(s).collect::<Vec<_>>(),
                &context,
            );
            let std = (a..b).rev().step_by(s).rev().step_by(2).collect::<Vec<_>>();
            check(&p.rev().step_by(s).rev().step_by(2), &std, &context);
        }
    }
}

#[test]
fn wide_types_at_their_limits_match_std() {
    let none = || String::new();
    let p = Progression::range(i64::MIN, i64::MAX).step_by(1 << 62);
    check(
        &p,
        &(i64::MIN..i64::MAX).step_by(1 << 62).collect::<Vec<_>>(),
        &none,
    );
    let p = Progression::range_inclusive(i64::MIN, i64::MAX - 1).step_by(1 << 63);
    assert_eq!(p.iter().collect::<Vec<_>>(), [i64::MIN, 0]);
    let p = Progression::range(i64::MIN, i64::MAX)
        .rev()
        .step_by(usize::MAX);
    check(&p, &[i64::MAX - 1], &none);
    let p = Progression::range_inclusive(i64::MAX - 5, i64::MAX)
        .rev()
        .step_by(2);
    check(
        &p,
        &(i64::MAX - 5..=i64::MAX)
            .rev()
            .step_by(2)
            .collect::<Vec<_>>(),
        &none,
    );
    let p = Progression::range_inclusive(usize::MAX - 4, usize::MAX)
        .rev()
        .step_by(2);
    check(
        &p,
        &(usize::MAX - 4..=usize::MAX)
            .rev()
            .step_by(2)
            .collect::<Vec<_>>(),
        &none,
    );
    let p = Progression::range_inclusive(u128::MAX - 7, u128::MAX).step_by(3);
    check(
        &p,
        &(u128::MAX - 7..=u128::MAX).step_by(3).collect::<Vec<_>>(),
        &none,
    );
    let p = Progression::range_inclusive(i128::MIN, i128::MIN + 10)
        .rev()
        .step_by(4);
    check(
        &p,
        &(i128::MIN..=i128::MIN + 10)
            .rev()
            .step_by(4)
            .collect::<Vec<_>>(),
        &none,
    );
    let p = Progression::range(isize::MIN, isize::MIN + 3).rev();
    check(
        &p,
        &(isize::MIN..isize::MIN + 3).rev().collect::<Vec<_>>(),
        &none,
    );
}

#[test]
fn equal_progressions_yield_equal_sequences() {
    assert_eq!(Progression::range(3, 3), Progression::range(5, 5));
    assert_eq!(Progression::range(4, 2), Progression::range_inclusive(9, 1));
    assert_eq!(Progression::range(0, 1), Progression::range_inclusive(0, 0));
    assert_eq!(
        Progression::range(0, 10).step_by(20),
        Progression::range(0, 1)
    );
    assert_eq!(
        Progression::range(0, 10).rev().rev(),
        Progression::range(0, 10)
    );
    assert_eq!(
        Progression::range(0, 7).step_by(3).rev(),
        Progression::range(0, 7).rev().step_by(3)
    );
    assert_ne!(
        Progression::range(0, 8).step_by(3).rev(),
        Progression::range(0, 8).rev().step_by(3)
    );
    assert_eq!(Progression::<u16>::default(), Progression::range(1, 0));
}

#[test]
fn iterators_match_std_from_both_ends() {
    let p = Progression::range(-10_i32, 30).step_by(3).rev();
    let expected: Vec<i32> = (-10..30).step_by(3).rev().collect();
    for n in 0..expected.len() + 2 {
        assert_eq!(p.iter().nth(n), expected.get(n).copied(), "nth({n})");
        assert_eq!(
            p.iter().nth_back(n),
            expected.iter().nth_back(n).copied(),
            "nth_back({n})"
        );
    }
    let (mut ours, mut std) = (p.iter(), expected.iter().copied());
    for k in 0..expected.len() + 2 {
        let (a, b) = if k % 3 == 0 {
            (ours.next_back(), std.next_back())
        } else {
            (ours.next(), std.next())
        };
        assert_eq!(a, b);
        assert_eq!(ours.size_hint(), std.size_hint());
    }
    let by_value: Vec<u8> = Progression::range(1_u8, 4).into_iter().collect();
    assert_eq!(by_value, [1, 2, 3]);
}

#[test]
fn debug_shows_first_last_and_len() {
    let p = Progression::range(0, 10).step_by(3).rev();
    assert_eq!(
        format!("{p:?}"),
        "Progression { first: 9, last: 0, len: 4 }"
    );
    assert_eq!(
        format!("{:?}", Progression::range(2, 2)),
        "Progression { len: 0 }"
    );
}

#[test]
#[should_panic(expected = "the step must be positive")]
fn step_by_zero_panics() {
    let _ = Progression::range(0, 10).step_by(0);
}

#[test]
#[should_panic(expected = "a progression of 18446744073709551616 elements is too long")]
fn a_full_u64_range_is_too_long() {
    let _ = Progression::range_inclusive(0, u64::MAX);
}

#[test]
#[should_panic(expected = "a progression of 2^128 elements is too long")]
fn a_full_i128_range_is_too_long() {
    let _ = Progression::range_inclusive(i128::MIN, i128::MAX);
}
