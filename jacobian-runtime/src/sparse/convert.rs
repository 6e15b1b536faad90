//! A [`SparseMatrix`] into the sparse matrices of nalgebra-sparse (CSR and CSC), faer
//! (CSR) and sprs (CSR), behind the features of the same names, so that a Jacobian goes
//! straight into their solvers. Each conversion copies the three arrays once.

#[cfg(any(feature = "nalgebra-sparse", feature = "faer", feature = "sprs"))]
use super::matrix::SparseMatrix;
#[cfg(any(feature = "nalgebra-sparse", feature = "faer", feature = "sprs"))]
use crate::Scalar;

/// The message of a conversion a valid pattern cannot fail.
#[cfg(any(feature = "nalgebra-sparse", feature = "sprs"))]
const VALID: &str = "a Pattern's rows are sorted, without repeats and in range";

#[cfg(feature = "nalgebra-sparse")]
impl<S: Scalar + nalgebra_sparse::na::Scalar> From<&SparseMatrix<S>>
    for nalgebra_sparse::CsrMatrix<S>
{
    /// The same entries in nalgebra-sparse's CSR format.
    fn from(m: &SparseMatrix<S>) -> Self {
        let p = m.pattern();
        nalgebra_sparse::CsrMatrix::try_from_csr_data(
            p.rows(),
            p.cols(),
            p.row_offsets().to_vec(),
            p.column_indices().to_vec(),
            m.values().to_vec(),
        )
        .expect(VALID)
    }
}

#[cfg(feature = "nalgebra-sparse")]
impl<S: Scalar + nalgebra_sparse::na::Scalar> From<&SparseMatrix<S>>
    for nalgebra_sparse::CscMatrix<S>
{
    /// The same entries in nalgebra-sparse's CSC format.
    fn from(m: &SparseMatrix<S>) -> Self {
        Self::from(&nalgebra_sparse::CsrMatrix::from(m))
    }
}

#[cfg(feature = "faer")]
impl<S: Scalar> From<&SparseMatrix<S>> for faer::sparse::SparseRowMat<usize, S> {
    /// The same entries as faer's row-major sparse matrix.
    fn from(m: &SparseMatrix<S>) -> Self {
        let p = m.pattern();
        let symbolic = faer::sparse::SymbolicSparseRowMat::new_checked(
            p.rows(),
            p.cols(),
            p.row_offsets().to_vec(),
            None,
            p.column_indices().to_vec(),
        );
        faer::sparse::SparseRowMat::new(symbolic, m.values().to_vec())
    }
}

#[cfg(feature = "sprs")]
impl<S: Scalar> From<&SparseMatrix<S>> for sprs::CsMat<S> {
    /// The same entries in sprs's CSR format.
    fn from(m: &SparseMatrix<S>) -> Self {
        let p = m.pattern();
        sprs::CsMat::try_new(
            (p.rows(), p.cols()),
            p.row_offsets().to_vec(),
            p.column_indices().to_vec(),
            m.values().to_vec(),
        )
        .map_err(|(.., e)| e)
        .expect(VALID)
    }
}
