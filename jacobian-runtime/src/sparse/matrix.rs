//! [`SparseMatrix`]: values on a [`Pattern`], compressed by rows.

use super::pattern::Pattern;
use crate::matrix::Matrix;
use crate::Scalar;

/// A sparse matrix in compressed-row form: a [`Pattern`] and one value per entry, in
/// the pattern's row-major order.
///
/// ```
/// use jacobian_runtime::{Pattern, SparseMatrix};
///
/// let mut a = SparseMatrix::zeros(Pattern::new(2, 3, [(0, 1), (1, 2)]));
/// a.values_mut().copy_from_slice(&[4.0, 5.0]);
/// assert_eq!((a.get(0, 1), a.get(0, 0)), (4.0, 0.0));
/// assert_eq!(a.to_dense().as_slice(), [0.0, 4.0, 0.0, 0.0, 0.0, 5.0]);
/// assert_eq!(a.triplets().collect::<Vec<_>>(), [(0, 1, 4.0), (1, 2, 5.0)]);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SparseMatrix<S> {
    pattern: Pattern,
    values: Vec<S>,
}

impl<S: Scalar> SparseMatrix<S> {
    /// Zeros at every entry of `pattern`.
    pub fn zeros(pattern: Pattern) -> Self {
        let values = vec![S::zero(); pattern.nnz()];
        SparseMatrix { pattern, values }
    }

    /// The pattern of its entries.
    pub fn pattern(&self) -> &Pattern {
        &self.pattern
    }

    /// The values, one per entry in the pattern's row-major order.
    pub fn values(&self) -> &[S] {
        &self.values
    }

    /// The values, mutably.
    pub fn values_mut(&mut self) -> &mut [S] {
        &mut self.values
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.pattern.rows()
    }

    /// The number of columns.
    pub fn cols(&self) -> usize {
        self.pattern.cols()
    }

    /// Entry `(i, j)`: zero where the pattern has no entry (also outside the matrix).
    pub fn get(&self, i: usize, j: usize) -> S {
        self.pattern
            .position(i, j)
            .map_or(S::zero(), |k| self.values[k])
    }

    /// `(row, column, value)` for every entry, in row-major order.
    pub fn triplets(&self) -> impl Iterator<Item = (usize, usize, S)> + '_ {
        self.pattern
            .iter()
            .zip(&self.values)
            .map(|((i, j), &v)| (i, j, v))
    }

    /// The dense matrix, with zeros off the pattern.
    pub fn to_dense(&self) -> Matrix<S> {
        let mut m = Matrix::zeros(self.rows(), self.cols());
        for (i, j, v) in self.triplets() {
            m.row_mut(i)[j] = v;
        }
        m
    }

    /// Makes `self` a zero matrix on `pattern`, reusing its storage when the pattern is
    /// the same (no allocation).
    pub(crate) fn reset(&mut self, pattern: &Pattern) {
        if self.pattern != *pattern {
            self.pattern = pattern.clone();
            self.values.resize(pattern.nnz(), S::zero());
        }
        self.values.fill(S::zero());
    }
}
