//! [`Coloring`]: groups of columns (or rows) of a sparse Jacobian that one sweep can
//! compute together, and star colourings of symmetric Hessians.

use super::pattern::Pattern;

/// Which sweeps a [`Coloring`] is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// Columns of one colour share no row: one tangent sweep per colour.
    Columns,
    /// Rows of one colour share no column: one adjoint sweep per colour.
    Rows,
    /// A star colouring of a symmetric pattern: one Hessian-vector product per colour.
    Symmetric,
}

/// A colouring of a [`Pattern`]'s columns or rows, computed once and reused for every
/// compressed evaluation with that pattern.
///
/// A Jacobian with a column colouring of `c` colours costs `c` directions of tangent
/// sweeps instead of one per column: the columns of one colour are summed into one
/// direction, and each entry is read back from the one sum it occurs in.
///
/// ```
/// use jacobian_runtime::{Coloring, Pattern};
///
/// // A tridiagonal 5 × 5 pattern: columns j and j + 3 share no row, 3 colours
/// let p = Pattern::new(5, 5, (0..5_usize).flat_map(|i| [(i, i.saturating_sub(1)), (i, i), (i, (i + 1).min(4))]));
/// let c = Coloring::new(&p);
/// assert_eq!(c.colors(), 3);
/// assert!(c.is_valid());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coloring {
    compression: Compression,
    color: Vec<usize>,
    colors: usize,
    pattern: Pattern,
}

impl Coloring {
    /// The cheaper of the column colouring (forward sweeps) and the row colouring
    /// (reverse sweeps) of `pattern`: fewer colours, columns on a tie.
    pub fn new(pattern: &Pattern) -> Self {
        Self::from_pattern(pattern.clone())
    }

    /// [`new`](Coloring::new), keeping `pattern` without a copy.
    pub fn from_pattern(pattern: Pattern) -> Self {
        let t = pattern.transpose();
        let (c, r) = (partition(&t, &pattern), partition(&pattern, &t));
        let (compression, color) = if count(&r) < count(&c) {
            (Compression::Rows, r)
        } else {
            (Compression::Columns, c)
        };
        Coloring {
            compression,
            colors: count(&color),
            color,
            pattern,
        }
    }

    /// A column colouring: no two columns of one colour have an entry in the same row
    /// (greedy, columns with more entries first).
    pub fn columns(pattern: &Pattern) -> Self {
        let color = partition(&pattern.transpose(), pattern);
        Self::with(Compression::Columns, color, pattern)
    }

    /// A row colouring: no two rows of one colour have an entry in the same column.
    pub fn rows(pattern: &Pattern) -> Self {
        let color = partition(pattern, &pattern.transpose());
        Self::with(Compression::Rows, color, pattern)
    }

    /// A star colouring of a symmetric pattern (a Hessian's): adjacent indices get
    /// different colours and every path of four indices uses at least three, so each
    /// entry can be read from the Hessian-vector product of its column's colour or, by
    /// symmetry, of its row's.
    ///
    /// # Panics
    ///
    /// If the pattern is not square.
    pub fn symmetric(pattern: &Pattern) -> Self {
        assert_eq!(
            pattern.rows(),
            pattern.cols(),
            "Coloring::symmetric: a {} × {} pattern is not square",
            pattern.rows(),
            pattern.cols()
        );
        let color = star(pattern);
        Self::with(Compression::Symmetric, color, pattern)
    }

    fn with(compression: Compression, color: Vec<usize>, pattern: &Pattern) -> Self {
        let colors = count(&color);
        Coloring {
            compression,
            color,
            colors,
            pattern: pattern.clone(),
        }
    }

    /// The number of colours: of tangent directions (columns), adjoint cotangents (rows)
    /// or Hessian-vector products (symmetric) a compressed evaluation needs.
    pub fn colors(&self) -> usize {
        self.colors
    }

    /// Which sweeps the colouring is for.
    pub fn compression(&self) -> Compression {
        self.compression
    }

    /// The colour of every column (for [`Compression::Columns`] and
    /// [`Compression::Symmetric`]) or row (for [`Compression::Rows`]).
    pub fn color_of(&self) -> &[usize] {
        &self.color
    }

    /// The pattern it colours.
    pub fn pattern(&self) -> &Pattern {
        &self.pattern
    }

    /// Checks the colouring against its pattern independently of how it was built: no
    /// two columns (rows) of one colour share a row (column); for a star colouring, no
    /// adjacent indices share a colour and every entry can be read back.
    pub fn is_valid(&self) -> bool {
        let p = &self.pattern;
        match self.compression {
            Compression::Columns => no_clash(p, &self.color),
            Compression::Rows => no_clash(&p.transpose(), &self.color),
            Compression::Symmetric => {
                let adjacent_differ = p
                    .iter()
                    .all(|(i, j)| i == j || self.color[i] != self.color[j]);
                adjacent_differ
                    && p.iter()
                        .all(|(i, j)| star_source(p, &self.color, i, j).is_some())
            }
        }
    }
}

/// The number of colours used.
fn count(color: &[usize]) -> usize {
    color.iter().map(|c| c + 1).max().unwrap_or(0)
}

/// No row of `p` has two entries in columns of one colour.
fn no_clash(p: &Pattern, color: &[usize]) -> bool {
    (0..p.rows()).all(|i| {
        let mut seen: Vec<usize> = p.row(i).iter().map(|&j| color[j]).collect();
        let n = seen.len();
        seen.sort_unstable();
        seen.dedup();
        seen.len() == n
    })
}

/// Colours the rows of `by` (the items) so that no two items sharing an entry of
/// `through` (whose rows list the items of each shared index) get one colour; greedy
/// with the largest items first.
fn partition(by: &Pattern, through: &Pattern) -> Vec<usize> {
    let n = by.rows();
    let mut order: Vec<(core::cmp::Reverse<usize>, usize)> = (0..n)
        .map(|k| (core::cmp::Reverse(by.row(k).len()), k))
        .collect();
    order.sort_unstable();
    let mut color = vec![usize::MAX; n];
    // forbidden[c] == k: colour c is taken by a neighbour of item k.
    let mut forbidden = vec![usize::MAX; n + 1];
    for &(_, k) in &order {
        for &i in by.row(k) {
            for &other in through.row(i) {
                if color[other] != usize::MAX {
                    forbidden[color[other]] = k;
                }
            }
        }
        color[k] = (0..).find(|&c| forbidden[c] != k).unwrap_or(0);
    }
    color
}

/// A greedy star colouring of the symmetric pattern `p` (indices in order): each index
/// gets the smallest colour that neither a neighbour has nor would two-colour a path of
/// four indices through it.
fn star(p: &Pattern) -> Vec<usize> {
    let n = p.rows();
    const NONE: usize = usize::MAX;
    let mut color = vec![NONE; n];
    let mut forbidden = vec![NONE; n + 1];
    let nb = |v: usize| p.row(v).iter().copied().filter(move |&w| w != v);
    for v in 0..n {
        for w in nb(v).filter(|&w| color[w] != NONE) {
            forbidden[color[w]] = v;
            // v at the end of v–w–x–y: c(v) = c(x) and c(w) = c(y) would two-colour it.
            for x in nb(w).filter(|&x| x != v && color[x] != NONE) {
                if nb(x).any(|y| y != w && color[y] == color[w]) {
                    forbidden[color[x]] = v;
                }
            }
        }
        // v inside w–v–x–y: c(w) = c(x) and c(v) = c(y) would two-colour it.
        for x in nb(v).filter(|&x| color[x] != NONE) {
            if nb(v).any(|w| w != x && color[w] == color[x]) {
                for y in nb(x).filter(|&y| y != v && color[y] != NONE) {
                    forbidden[color[y]] = v;
                }
            }
        }
        color[v] = (0..).find(|&c| forbidden[c] != v).unwrap_or(0);
    }
    color
}

/// Where entry `(i, j)` of a symmetric matrix is read from under a star colouring:
/// `Some((row, colour))` of the Hessian-vector product `H·(Σ e_k over colour)` whose
/// `row`-th scalar is the entry alone.
pub(super) fn star_source(
    p: &Pattern,
    color: &[usize],
    i: usize,
    j: usize,
) -> Option<(usize, usize)> {
    let alone = |row: usize, col: usize| {
        p.row(row)
            .iter()
            .all(|&k| k == col || color[k] != color[col])
    };
    if alone(i, j) {
        Some((i, color[j]))
    } else if alone(j, i) {
        Some((j, color[i]))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrow(n: usize) -> Pattern {
        // A dense first row and column plus the diagonal: columns need n colours, rows
        // too, a star colouring 2.
        let mut e: Vec<(usize, usize)> = (0..n).flat_map(|k| [(0, k), (k, 0), (k, k)]).collect();
        e.sort_unstable();
        Pattern::new(n, n, e)
    }

    #[test]
    fn star_colourings_use_symmetry() {
        let p = arrow(6);
        assert_eq!(Coloring::columns(&p).colors(), 6);
        let s = Coloring::symmetric(&p);
        assert_eq!(s.colors(), 2);
        assert!(s.is_valid());
    }

    #[test]
    fn rows_are_chosen_when_cheaper() {
        // One dense row: rows need 1 colour, columns 4.
        let p = Pattern::new(1, 4, (0..4).map(|j| (0, j)));
        let c = Coloring::new(&p);
        assert_eq!((c.compression(), c.colors()), (Compression::Rows, 1));
        assert!(c.is_valid());
        // A wrong colouring is caught.
        let bad = Coloring::with(Compression::Columns, vec![0; 4], &p);
        assert!(!bad.is_valid());
    }

    #[test]
    fn empty_and_dense_patterns_colour() {
        let e = Pattern::new(0, 0, []);
        assert_eq!(Coloring::new(&e).colors(), 0);
        let d = Pattern::dense(3, 3);
        let c = Coloring::new(&d);
        assert_eq!(c.colors(), 3);
        assert!(Coloring::symmetric(&d).is_valid());
    }
}
