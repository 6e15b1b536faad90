//! A dense row-major matrix, the container Jacobians and Hessians are returned in.

use core::fmt;
use core::ops::{Index, IndexMut};

use num_traits::{Float, Zero};

/// A dense matrix stored row-major: entry `(i, j)` is `as_slice()[i * cols + j]`.
///
/// A Jacobian of a function with `n` input scalars and `m` output scalars is `m x n`:
/// row `i` is the gradient of output `i`, column `j` the derivative with respect to input `j`.
///
/// # Examples
///
/// ```
/// use jacobian_runtime::Matrix;
///
/// let mut a = Matrix::from_row_major(2, 3, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
/// assert_eq!(a[(1, 0)], 4.0);
/// assert_eq!(a.row(0), [1.0, 2.0, 3.0]);
/// assert_eq!(a.column(2), [3.0, 6.0]);
/// a[(0, 1)] = 20.0;
/// assert_eq!(a.transpose().row(1), [20.0, 5.0]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix<S> {
    rows: usize,
    cols: usize,
    data: Vec<S>,
}

#[cold]
#[inline(never)]
#[track_caller]
fn too_large(rows: usize, cols: usize) -> ! {
    panic!("a {rows}x{cols} matrix has more entries than usize can count")
}

fn entry_count(rows: usize, cols: usize) -> usize {
    rows.checked_mul(cols)
        .unwrap_or_else(|| too_large(rows, cols))
}

impl<S> Default for Matrix<S> {
    /// The empty `0 x 0` matrix (no allocation).
    fn default() -> Self {
        Self {
            rows: 0,
            cols: 0,
            data: Vec::new(),
        }
    }
}

impl<S> Matrix<S> {
    /// A `rows x cols` matrix from its entries listed row by row.
    ///
    /// # Panics
    ///
    /// If `data.len() != rows * cols`.
    #[track_caller]
    pub fn from_row_major(rows: usize, cols: usize, data: Vec<S>) -> Self {
        let expected = entry_count(rows, cols);
        assert!(
            data.len() == expected,
            "from_row_major: a {rows}x{cols} matrix needs {expected} entries, got {}",
            data.len()
        );
        Self { rows, cols, data }
    }

    /// A `rows x cols` matrix with entry `(i, j)` equal to `f(i, j)`.
    ///
    /// ```
    /// use jacobian_runtime::Matrix;
    ///
    /// // The Jacobian of (x, y) ↦ (x·y, x + y) at (2, 3): rows [y, x] and [1, 1].
    /// let j = Matrix::from_fn(2, 2, |i, k| [[3.0, 2.0], [1.0, 1.0]][i][k]);
    /// assert_eq!(j.as_slice(), [3.0, 2.0, 1.0, 1.0]);
    /// ```
    pub fn from_fn(rows: usize, cols: usize, mut f: impl FnMut(usize, usize) -> S) -> Self {
        let mut data = Vec::with_capacity(entry_count(rows, cols));
        for i in 0..rows {
            data.extend((0..cols).map(|j| f(i, j)));
        }
        Self { rows, cols, data }
    }

    /// Number of rows.
    #[inline]
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    #[inline]
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// `(rows, cols)`.
    #[inline]
    pub fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    #[inline]
    #[track_caller]
    fn check_row(&self, i: usize) {
        assert!(
            i < self.rows,
            "row {i} is out of range for a {}x{} matrix",
            self.rows,
            self.cols
        );
    }

    /// Row `i`.
    ///
    /// # Panics
    ///
    /// If `i >= rows()`.
    #[inline]
    #[track_caller]
    pub fn row(&self, i: usize) -> &[S] {
        self.check_row(i);
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// Row `i`, mutably.
    ///
    /// # Panics
    ///
    /// If `i >= rows()`.
    #[inline]
    #[track_caller]
    pub fn row_mut(&mut self, i: usize) -> &mut [S] {
        self.check_row(i);
        &mut self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// All entries, row-major.
    #[inline]
    pub fn as_slice(&self) -> &[S] {
        &self.data
    }

    /// All entries, row-major, mutably.
    #[inline]
    pub fn as_mut_slice(&mut self) -> &mut [S] {
        &mut self.data
    }

    /// The entries, row-major, without copying.
    pub fn into_vec(self) -> Vec<S> {
        self.data
    }

    #[inline]
    #[track_caller]
    fn offset(&self, (i, j): (usize, usize)) -> usize {
        assert!(
            i < self.rows && j < self.cols,
            "index ({i}, {j}) is out of range for a {}x{} matrix",
            self.rows,
            self.cols
        );
        i * self.cols + j
    }
}

impl<S: Copy + Zero> Matrix<S> {
    /// A `rows x cols` matrix of zeros.
    ///
    /// # Panics
    ///
    /// If `rows * cols` overflows `usize`.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Self {
            rows,
            cols,
            data: vec![S::zero(); entry_count(rows, cols)],
        }
    }

    /// Changes the shape to `rows x cols`, reusing the allocation when it is large enough.
    ///
    /// The entries afterwards are unspecified but initialized (currently all zero).
    pub fn resize(&mut self, rows: usize, cols: usize) {
        self.data.clear();
        self.data.resize(entry_count(rows, cols), S::zero());
        self.rows = rows;
        self.cols = cols;
    }

    /// The transpose, a new `cols x rows` matrix.
    #[must_use]
    pub fn transpose(&self) -> Matrix<S> {
        Matrix::from_fn(self.cols, self.rows, |i, j| self[(j, i)])
    }

    /// Column `j`, copied.
    ///
    /// # Panics
    ///
    /// If `j >= cols()`.
    #[track_caller]
    pub fn column(&self, j: usize) -> Vec<S> {
        assert!(
            j < self.cols,
            "column {j} is out of range for a {}x{} matrix",
            self.rows,
            self.cols
        );
        self.data
            .iter()
            .skip(j)
            .step_by(self.cols)
            .copied()
            .collect()
    }
}

impl<S: Float> Matrix<S> {
    /// The largest `|self[(i, j)] - other[(i, j)]|`, zero for empty matrices, NaN if any
    /// entry is NaN (so a tolerance check `max_abs_diff(..) <= tol` fails on NaN).
    ///
    /// ```
    /// use jacobian_runtime::Matrix;
    ///
    /// let a = Matrix::from_row_major(1, 2, vec![1.0, 2.0]);
    /// let b = Matrix::from_row_major(1, 2, vec![1.5, 1.0]);
    /// assert_eq!(a.max_abs_diff(&b), 1.0);
    /// ```
    ///
    /// # Panics
    ///
    /// If the shapes differ.
    #[track_caller]
    pub fn max_abs_diff(&self, other: &Matrix<S>) -> S {
        assert!(
            self.shape() == other.shape(),
            "max_abs_diff: cannot compare a {}x{} matrix with a {}x{} matrix",
            self.rows,
            self.cols,
            other.rows,
            other.cols
        );
        let diffs = self
            .data
            .iter()
            .zip(&other.data)
            .map(|(&a, &b)| (a - b).abs());
        diffs.fold(
            S::zero(),
            |max, d| if d > max || d.is_nan() { d } else { max },
        )
    }
}

impl<S> Index<(usize, usize)> for Matrix<S> {
    type Output = S;

    /// Entry `(row, column)`.
    ///
    /// # Panics
    ///
    /// If the index is out of range.
    #[inline]
    #[track_caller]
    fn index(&self, index: (usize, usize)) -> &S {
        &self.data[self.offset(index)]
    }
}

impl<S> IndexMut<(usize, usize)> for Matrix<S> {
    /// Entry `(row, column)`, mutably.
    ///
    /// # Panics
    ///
    /// If the index is out of range.
    #[inline]
    #[track_caller]
    fn index_mut(&mut self, index: (usize, usize)) -> &mut S {
        let k = self.offset(index);
        &mut self.data[k]
    }
}

/// Entries with a few significant digits: fixed notation for magnitudes in `[1e-3, 1e6)`,
/// scientific otherwise.
fn format_significant<S: Float + fmt::Display + fmt::LowerExp>(x: S, digits: usize) -> String {
    if x.is_zero() || !x.is_finite() {
        return format!("{x}");
    }
    let exponent = x.abs().log10().floor().to_i32().unwrap_or(0);
    let digits_i32 = i32::try_from(digits).unwrap_or(i32::MAX);
    if (-3..6).contains(&exponent) {
        let decimals = usize::try_from(digits_i32 - 1 - exponent).unwrap_or(0);
        format!("{x:.decimals$}")
    } else {
        format!("{x:.prec$e}", prec = digits - 1)
    }
}

/// One line per row, in brackets, columns right-aligned; entries have 4 significant digits,
/// or as many as the formatter's precision asks for.
///
/// ```
/// use jacobian_runtime::Matrix;
///
/// let a = Matrix::from_row_major(2, 2, vec![1.0, -0.5, 1234.5678, 1e-7]);
/// assert_eq!(a.to_string(), "[ 1.000  -0.5000 ]\n[  1235 1.000e-7 ]");
/// assert_eq!(format!("{a:.2}"), "[  1.0  -0.50 ]\n[ 1235 1.0e-7 ]");
/// ```
impl<S: Float + fmt::Display + fmt::LowerExp> fmt::Display for Matrix<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.rows == 0 {
            return f.write_str("[]");
        }
        let digits = f.precision().unwrap_or(4).max(1);
        let cells: Vec<String> = self
            .data
            .iter()
            .map(|&x| format_significant(x, digits))
            .collect();
        let width = |j: usize| {
            (0..self.rows)
                .map(|i| cells[i * self.cols + j].chars().count())
                .max()
        };
        let widths: Vec<usize> = (0..self.cols).map(|j| width(j).unwrap_or(0)).collect();
        for i in 0..self.rows {
            f.write_str(if i == 0 { "[" } else { "\n[" })?;
            for (cell, w) in cells[i * self.cols..(i + 1) * self.cols]
                .iter()
                .zip(&widths)
            {
                write!(f, " {cell:>w$}")?;
            }
            f.write_str(" ]")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
