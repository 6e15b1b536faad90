//! [`Pattern`]: where a sparse matrix may have nonzeros, row by row, with a picture.

use core::fmt;

/// The positions of a matrix's structural nonzeros, compressed by rows (CSR): the
/// column indices of row `i` are `row(i)`, sorted and without repeats.
///
/// ```
/// use jacobian_runtime::Pattern;
///
/// let p = Pattern::new(2, 3, [(0, 2), (1, 0), (0, 0)]);
/// assert_eq!((p.rows(), p.cols(), p.nnz()), (2, 3, 3));
/// assert_eq!(p.row(0), [0, 2]);
/// assert!(p.contains(1, 0) && !p.contains(1, 2));
/// assert_eq!(p.iter().collect::<Vec<_>>(), [(0, 0), (0, 2), (1, 0)]);
/// ```
///
/// # When a pattern holds
///
/// A pattern found by [`sparsity`](crate::sparsity) (or `f::sparsity`) is structural:
/// an entry is kept whenever an input reaches an output
/// through the operations the function performs, even where a partial derivative is
/// zero at the point (`x * y` at `y = 0` still depends on `x`); piecewise-constant
/// operations (`floor`, `signum`, comparisons) pass no dependence, and `max`, `min`
/// and `abs` keep both sides. Where the function's control flow (its branches and loop
/// trip counts) does not depend on the values of its active inputs, the
/// pattern found at one point holds at every point (a global pattern). Otherwise it is
/// the pattern of the path taken at the given point, valid wherever the same branches
/// are taken: find it again, or take the [`union`](Pattern::union) of the patterns at
/// points covering every side, before reusing it elsewhere. (A global mode that follows
/// both sides of a branch in one sweep is not implemented.)
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pattern {
    rows: usize,
    cols: usize,
    /// Row `i`'s entries are `index[start[i]..start[i + 1]]`.
    start: Vec<usize>,
    index: Vec<usize>,
}

impl Pattern {
    /// The pattern of the given `(row, column)` entries (in any order, repeats allowed).
    ///
    /// # Panics
    ///
    /// If an entry lies outside `rows × cols`.
    pub fn new(
        rows: usize,
        cols: usize,
        entries: impl IntoIterator<Item = (usize, usize)>,
    ) -> Self {
        let entries: Vec<(usize, usize)> = entries.into_iter().collect();
        for &(i, j) in &entries {
            assert!(
                i < rows && j < cols,
                "Pattern::new: entry ({i}, {j}) outside a {rows} × {cols} matrix"
            );
        }
        Self::from_entries(rows, cols, &entries)
    }

    /// The pattern of in-range entries, bucketed by row (a counting sort: entries of a
    /// row already in order stay so), then each row sorted and deduplicated.
    pub(crate) fn from_entries(rows: usize, cols: usize, entries: &[(usize, usize)]) -> Self {
        let mut start = vec![0usize; rows + 1];
        for &(i, _) in entries {
            start[i + 1] += 1;
        }
        for i in 0..rows {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut index = vec![0usize; entries.len()];
        for &(i, j) in entries {
            index[next[i]] = j;
            next[i] += 1;
        }
        // Sort and deduplicate each row in place, compacting the list.
        let (mut kept, mut begin) = (0, 0);
        for i in 0..rows {
            let end = start[i + 1];
            let row = &mut index[begin..end];
            if !row.windows(2).all(|w| w[0] < w[1]) {
                row.sort_unstable();
            }
            start[i] = kept;
            for k in begin..end {
                let j = index[k];
                if k == begin || index[kept - 1] != j {
                    index[kept] = j;
                    kept += 1;
                }
            }
            begin = end;
        }
        start[rows] = kept;
        index.truncate(kept);
        Pattern {
            rows,
            cols,
            start,
            index,
        }
    }

    /// Every entry of a `rows × cols` matrix.
    pub fn dense(rows: usize, cols: usize) -> Self {
        Pattern {
            rows,
            cols,
            start: (0..=rows).map(|i| i * cols).collect(),
            index: (0..rows).flat_map(|_| 0..cols).collect(),
        }
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The number of entries.
    pub fn nnz(&self) -> usize {
        self.index.len()
    }

    /// The columns of row `i`'s entries, in increasing order.
    ///
    /// # Panics
    ///
    /// If `i >= rows()`.
    #[inline]
    pub fn row(&self, i: usize) -> &[usize] {
        &self.index[self.start[i]..self.start[i + 1]]
    }

    /// Where row `i`'s entries start in the flat list of entries (and in a
    /// [`SparseMatrix`](crate::SparseMatrix)'s values); `row_start(rows())` is `nnz()`.
    #[inline]
    pub fn row_start(&self, i: usize) -> usize {
        self.start[i]
    }

    /// The compressed-row offsets: row `i`'s entries are `row_offsets()[i]..row_offsets()[i + 1]`
    /// of [`column_indices`](Pattern::column_indices) (`rows() + 1` offsets).
    pub fn row_offsets(&self) -> &[usize] {
        &self.start
    }

    /// The column of every entry, row by row.
    pub fn column_indices(&self) -> &[usize] {
        &self.index
    }

    /// Whether `(i, j)` is an entry.
    pub fn contains(&self, i: usize, j: usize) -> bool {
        self.position(i, j).is_some()
    }

    /// The index of entry `(i, j)` in the flat list of entries.
    pub fn position(&self, i: usize, j: usize) -> Option<usize> {
        if i >= self.rows {
            return None;
        }
        let r = self.row(i);
        r.binary_search(&j).ok().map(|k| self.start[i] + k)
    }

    /// The entries `(row, column)` in row-major order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..self.rows).flat_map(move |i| self.row(i).iter().map(move |&j| (i, j)))
    }

    /// The entries of either pattern: for a function whose branches depend on its
    /// active values, the union of the patterns found at points taking each side.
    ///
    /// # Panics
    ///
    /// If the shapes differ.
    ///
    /// ```
    /// use jacobian_runtime::Pattern;
    ///
    /// let (a, b) = (Pattern::new(2, 2, [(0, 0)]), Pattern::new(2, 2, [(0, 1), (0, 0)]));
    /// assert_eq!(a.union(&b), Pattern::new(2, 2, [(0, 0), (0, 1)]));
    /// ```
    pub fn union(&self, other: &Pattern) -> Pattern {
        assert_eq!(
            (self.rows, self.cols),
            (other.rows, other.cols),
            "Pattern::union: the shapes differ"
        );
        let entries: Vec<(usize, usize)> = self.iter().chain(other.iter()).collect();
        Self::from_entries(self.rows, self.cols, &entries)
    }

    /// The transposed pattern (`(j, i)` for every entry `(i, j)`).
    pub fn transpose(&self) -> Pattern {
        // A counting sort by column: rows visited in order stay sorted.
        let mut start = vec![0usize; self.cols + 1];
        for &j in &self.index {
            start[j + 1] += 1;
        }
        for j in 0..self.cols {
            start[j + 1] += start[j];
        }
        let mut next = start[..self.cols].to_vec();
        let mut index = vec![0usize; self.index.len()];
        for i in 0..self.rows {
            for &j in self.row(i) {
                index[next[j]] = i;
                next[j] += 1;
            }
        }
        Pattern {
            rows: self.cols,
            cols: self.rows,
            start,
            index,
        }
    }

    /// The pattern as an SVG image: one square per entry on a white background,
    /// scaled to at most 800 pixels on the longer side.
    ///
    /// ```
    /// use jacobian_runtime::Pattern;
    ///
    /// let svg = Pattern::new(2, 2, [(0, 0), (1, 1)]).to_svg();
    /// assert!(svg.starts_with("<svg") && svg.matches("<rect").count() == 3);
    /// ```
    pub fn to_svg(&self) -> String {
        use fmt::Write;
        let longer = self.rows.max(self.cols).max(1) as f64;
        let cell = (800.0 / longer).clamp(0.5, 20.0);
        let (w, h) = (self.cols as f64 * cell, self.rows as f64 * cell);
        let mut s = String::new();
        let _ = write!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n\
             <title>{} × {} pattern, {} entries</title>\n\
             <rect width=\"{w}\" height=\"{h}\" fill=\"white\" stroke=\"gray\"/>\n<g fill=\"black\">\n",
            self.rows,
            self.cols,
            self.nnz()
        );
        for (i, j) in self.iter() {
            let _ = writeln!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"{cell}\" height=\"{cell}\"/>",
                j as f64 * cell,
                i as f64 * cell
            );
        }
        s.push_str("</g>\n</svg>\n");
        s
    }
}

/// The most character cells a printed pattern is wide and tall.
const COLS_SHOWN: usize = 64;
const ROWS_SHOWN: usize = 32;

/// A picture in Braille characters (2 × 4 dots per character), each dot standing for a
/// block of entries when the matrix is larger than 128 × 128, under a line giving the
/// shape and the number of entries.
///
/// ```
/// use jacobian_runtime::Pattern;
///
/// let p = Pattern::new(4, 4, (0..4).map(|i| (i, i)));
/// assert_eq!(p.to_string(), "4 × 4, 4 entries\n⠑⢄\n");
/// ```
impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} × {}, {} entries", self.rows, self.cols, self.nnz())?;
        if self.rows == 0 || self.cols == 0 {
            return Ok(());
        }
        // Dots per block: the smallest that fits the matrix in the cells shown.
        let per_x = self.cols.div_ceil(2 * COLS_SHOWN).max(1);
        let per_y = self.rows.div_ceil(4 * ROWS_SHOWN).max(1);
        let (dots_x, dots_y) = (self.cols.div_ceil(per_x), self.rows.div_ceil(per_y));
        let (cw, ch) = (dots_x.div_ceil(2), dots_y.div_ceil(4));
        let mut cells = vec![0u8; cw * ch];
        for (i, j) in self.iter() {
            let (x, y) = (j / per_x, i / per_y);
            cells[(y / 4) * cw + x / 2] |= braille_bit(x % 2, y % 4);
        }
        for row in cells.chunks(cw) {
            let line: String = row
                .iter()
                .map(|&b| char::from_u32(0x2800 + u32::from(b)).unwrap_or(' '))
                .collect();
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}

/// The bit of dot (`x` of 2, `y` of 4) in a Braille character's code point.
fn braille_bit(x: usize, y: usize) -> u8 {
    const BITS: [[u8; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];
    BITS[x][y]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_dense_patterns() {
        let e = Pattern::new(0, 3, []);
        assert_eq!(
            (e.rows(), e.nnz(), e.to_string()),
            (0, 0, "0 × 3, 0 entries\n".into())
        );
        let d = Pattern::dense(2, 3);
        assert_eq!(d.nnz(), 6);
        assert_eq!(d.transpose().row(2), [0, 1]);
        assert_eq!(d.position(1, 1), Some(4));
        assert_eq!(d.position(2, 0), None);
    }

    #[test]
    fn large_patterns_are_downsampled_to_the_cells_shown() {
        let n = 1000;
        let p = Pattern::new(n, n, (0..n).map(|i| (i, i)));
        let s = p.to_string();
        let lines: Vec<&str> = s.lines().skip(1).collect();
        assert!(lines.len() <= ROWS_SHOWN && lines.iter().all(|l| l.chars().count() <= COLS_SHOWN));
        assert!(lines.len() > 1);
    }

    #[test]
    #[should_panic(expected = "entry (2, 0) outside a 2 × 2 matrix")]
    fn entries_outside_are_refused() {
        Pattern::new(2, 2, [(2, 0)]);
    }
}
