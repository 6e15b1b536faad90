use super::Shape;

/// Checks `to_flat_vec`, `len`, `scalar_mut` and `read_flat` against an independently built
/// flat order.
fn check_flat_order<T: Shape<Scalar = f64> + core::fmt::Debug + PartialEq>(
    x: &T,
    expected: &[f64],
) {
    assert_eq!(x.len(), expected.len());
    assert_eq!(x.to_flat_vec(), expected);
    for (k, &want) in expected.iter().enumerate() {
        assert_eq!(*x.clone().scalar_mut(k), want, "scalar {k} of {x:?}");
    }
    let mut y = x.zero_like();
    y.read_flat(expected);
    assert_eq!(&y, x);
}

/// 1, 2, 3, ... as f64.
fn counting(n: usize) -> Vec<f64> {
    (1..=n).map(|k| k as f64).collect()
}

#[test]
fn scalars_are_one_scalar() {
    check_flat_order(&2.5_f64, &[2.5]);
    assert_eq!(<f32 as Shape>::FIXED_LEN, Some(1));
    let mut x = 1.0_f32;
    *x.scalar_mut(0) = 4.0;
    assert_eq!(x, 4.0);
}

#[test]
fn nested_arrays_flatten_row_major() {
    let x = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let expected: Vec<f64> = x.iter().flatten().copied().collect();
    check_flat_order(&x, &expected);
    assert_eq!(<[[f64; 3]; 2]>::FIXED_LEN, Some(6));
    assert_eq!(<[[f64; 0]; 4]>::FIXED_LEN, Some(0));
}

#[test]
fn ragged_vecs_flatten_in_order() {
    let x = vec![vec![1.0], vec![], vec![2.0, 3.0, 4.0], vec![5.0]];
    let expected: Vec<f64> = x.iter().flatten().copied().collect();
    check_flat_order(&x, &expected);
    assert_eq!(<Vec<f64>>::FIXED_LEN, None);
    assert_eq!(<[Vec<f64>; 2]>::FIXED_LEN, None);
}

#[test]
fn vecs_of_arrays_use_the_fixed_element_length() {
    let x: Vec<[f64; 3]> = counting(12).chunks(3).map(|c| [c[0], c[1], c[2]]).collect();
    check_flat_order(&x, &counting(12));
}

#[test]
fn tuples_concatenate_their_fields() {
    let x = (1.0, vec![[2.0, 3.0]], [4.0], vec![5.0, 6.0], 7.0);
    check_flat_order(&x, &counting(7));
    assert_eq!(<(f64, [f64; 2], ([f64; 3], f64))>::FIXED_LEN, Some(7));
    assert_eq!(<(f64, Vec<f64>)>::FIXED_LEN, None);
}

#[test]
fn eight_tuples_are_shapes() {
    let x = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, [8.0, 9.0]);
    check_flat_order(&x, &counting(9));
    assert_eq!(
        <(f64, f64, f64, f64, f64, f64, f64, [f64; 2])>::FIXED_LEN,
        Some(9)
    );
}

#[test]
fn zero_like_keeps_ragged_lengths() {
    let x = (vec![vec![1.0_f32, 2.0], vec![3.0]], 4.0_f32);
    let z = x.zero_like();
    assert_eq!(z, (vec![vec![0.0, 0.0], vec![0.0]], 0.0));
    let mut y = x.clone();
    y.set_zero();
    assert_eq!(y, z);
    assert!(!y.is_empty());
    assert!(Vec::<[f64; 2]>::new().is_empty());
}

#[test]
fn add_assign_matches_elementwise_sum() {
    let a = vec![[1.0, 2.0], [3.0, 4.0]];
    let b = vec![[0.5, -1.0], [10.0, 0.25]];
    let mut sum = a.clone();
    Shape::add_assign(&mut sum, &b);
    let expected: Vec<f64> = a
        .iter()
        .flatten()
        .zip(b.iter().flatten())
        .map(|(x, y)| x + y)
        .collect();
    assert_eq!(sum.to_flat_vec(), expected);

    let mut t = (1.0, [2.0, 3.0]);
    Shape::add_assign(&mut t, &(1.0, [1.0, 1.0]));
    assert_eq!(t, (2.0, [3.0, 4.0]));
}

#[test]
#[should_panic(expected = "cannot add a Vec of length 1 to a Vec of length 2")]
fn add_assign_rejects_vecs_of_different_lengths() {
    Shape::add_assign(&mut vec![1.0, 2.0], &vec![1.0]);
}

#[test]
#[should_panic(expected = "scalar index 1 is out of range for a shape of 1 scalars")]
fn scalar_index_past_a_scalar_panics() {
    2.0_f64.scalar_mut(1);
}

#[test]
#[should_panic(expected = "scalar index 6 is out of range for a shape of 6 scalars")]
fn scalar_index_past_a_fixed_array_panics() {
    [[0.0_f64; 2]; 3].scalar_mut(6);
}

#[test]
#[should_panic(expected = "scalar index 0 is out of range for a shape of 0 scalars")]
fn scalar_index_into_empty_elements_panics() {
    [[0.0_f64; 0]; 3].scalar_mut(0);
}

#[test]
#[should_panic(expected = "scalar index 3 is out of range for a shape of 3 scalars")]
fn scalar_index_past_a_ragged_vec_panics() {
    vec![vec![0.0_f64; 2], vec![], vec![0.0]].scalar_mut(3);
}

#[test]
#[should_panic(expected = "scalar index 4 is out of range for a shape of 3 scalars")]
fn scalar_index_past_a_tuple_panics() {
    (1.0_f64, vec![2.0, 3.0]).scalar_mut(4);
}

#[test]
#[should_panic(expected = "write_flat: the slice has 3 scalars but the shape has 4")]
fn write_flat_rejects_a_short_buffer() {
    [[1.0_f64; 2]; 2].write_flat(&mut [0.0; 3]);
}

#[test]
#[should_panic(expected = "read_flat: the slice has 2 scalars but the shape has 1")]
fn read_flat_rejects_a_long_buffer() {
    (vec![1.0_f32],).read_flat(&[0.0, 0.0]);
}

#[test]
fn convert_flat_copies_between_shapes_with_the_same_layout() {
    let src = (vec![1.0, 2.0], 3.0);
    let dst = super::convert_flat(&src, ([0.0; 2], 0.0));
    assert_eq!(dst, ([1.0, 2.0], 3.0));
}

#[test]
#[should_panic(expected = "convert_flat")]
fn convert_flat_rejects_another_number_of_scalars() {
    let _ = super::convert_flat(&vec![1.0, 2.0], [0.0; 3]);
}

#[test]
fn parts_without_scalars_are_empty() {
    use super::Part;
    let mut n = 7_usize;
    assert_eq!(<usize as Part<f64>>::FIXED_LEN, Some(0));
    assert_eq!(Part::<f64>::part_len(&n), 0);
    Part::<f64>::part_set_zero(&mut n);
    assert_eq!(n, 7, "an integer field is not zeroed");
    let mut a = [1.0_f64, 2.0];
    Part::<f64>::part_add_assign(&mut a, &[3.0, 4.0]);
    assert_eq!(a, [4.0, 6.0]);
}
