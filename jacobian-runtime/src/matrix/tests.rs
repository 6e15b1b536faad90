use super::Matrix;

fn sample() -> Matrix<f64> {
    Matrix::from_row_major(2, 3, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
}

#[test]
fn indexing_is_row_major() {
    let a = sample();
    for i in 0..2 {
        for j in 0..3 {
            assert_eq!(a[(i, j)], a.as_slice()[i * 3 + j]);
            assert_eq!(a[(i, j)], a.row(i)[j]);
            assert_eq!(a[(i, j)], a.column(j)[i]);
        }
    }
    assert_eq!(a.shape(), (2, 3));
    assert_eq!((a.rows(), a.cols()), (2, 3));
}

#[test]
fn mutation_through_index_and_rows() {
    let mut a = Matrix::<f64>::zeros(2, 2);
    a[(0, 1)] = 7.0;
    a.row_mut(1).copy_from_slice(&[8.0, 9.0]);
    a.as_mut_slice()[0] = 6.0;
    assert_eq!(a.into_vec(), [6.0, 7.0, 8.0, 9.0]);
}

#[test]
fn from_fn_matches_indices() {
    let a = Matrix::from_fn(3, 2, |i, j| 10 * i + j);
    assert_eq!(a.as_slice(), [0, 1, 10, 11, 20, 21]);
}

#[test]
fn transpose_swaps_indices() {
    let a = sample();
    let t = a.transpose();
    assert_eq!(t.shape(), (3, 2));
    for i in 0..2 {
        for j in 0..3 {
            assert_eq!(t[(j, i)], a[(i, j)]);
        }
    }
    assert_eq!(t.transpose(), a);
}

#[test]
fn resize_reuses_the_allocation() {
    let mut a = sample();
    let allocation_before = a.as_slice().as_ptr();
    a.resize(3, 2);
    assert_eq!(a.shape(), (3, 2));
    assert_eq!(a.as_slice(), [0.0; 6]);
    assert_eq!(a.as_slice().as_ptr(), allocation_before);
    a.resize(1, 0);
    assert_eq!(a.as_slice().len(), 0);
}

#[test]
fn max_abs_diff_finds_the_largest_gap() {
    let a = sample();
    let mut b = sample();
    assert_eq!(a.max_abs_diff(&b), 0.0);
    b[(1, 2)] = 4.5;
    b[(0, 0)] = 1.25;
    assert_eq!(a.max_abs_diff(&b), 1.5);
    b[(0, 1)] = f64::NAN;
    assert!(a.max_abs_diff(&b).is_nan());
    assert_eq!(
        Matrix::<f32>::default().max_abs_diff(&Matrix::zeros(0, 0)),
        0.0
    );
}

#[test]
fn display_aligns_columns() {
    let a = Matrix::from_row_major(2, 3, vec![1.0, -25.5, 0.0, 100.0, 1e-9, f64::NAN]);
    let expected = "[ 1.000   -25.50   0 ]\n[ 100.0 1.000e-9 NaN ]";
    assert_eq!(a.to_string(), expected);
    assert_eq!(Matrix::<f64>::zeros(0, 3).to_string(), "[]");
    assert_eq!(Matrix::<f32>::zeros(2, 0).to_string(), "[ ]\n[ ]");
    assert_eq!(
        format!("{:.1}", Matrix::from_row_major(1, 1, vec![2.5e7_f32])),
        "[ 2e7 ]"
    );
}

#[test]
#[should_panic(expected = "from_row_major: a 2x3 matrix needs 6 entries, got 5")]
fn from_row_major_rejects_wrong_lengths() {
    Matrix::from_row_major(2, 3, vec![0.0; 5]);
}

#[test]
#[should_panic(expected = "index (0, 3) is out of range for a 2x3 matrix")]
fn indexing_past_the_last_column_panics() {
    let _ = sample()[(0, 3)];
}

#[test]
#[should_panic(expected = "row 0 is out of range for a 0x4 matrix")]
fn rows_of_an_empty_matrix_panic() {
    Matrix::<f64>::zeros(0, 4).row(0);
}

#[test]
#[should_panic(expected = "column 3 is out of range for a 2x3 matrix")]
fn columns_past_the_last_panic() {
    sample().column(3);
}

#[test]
#[should_panic(expected = "max_abs_diff: cannot compare a 2x3 matrix with a 3x2 matrix")]
fn max_abs_diff_rejects_different_shapes() {
    sample().max_abs_diff(&sample().transpose());
}
