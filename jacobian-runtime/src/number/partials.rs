//! The local derivatives of one primitive at a point: first and second partials together.
//!
//! A rule in [`prims`](crate::__private::prims) returns one of these; a number type
//! ([`Carrier`](crate::__private::Carrier), [`Cotangent`](crate::__private::Cotangent)) applies
//! the chain rule with the parts it needs. First-order carriers read only `d`, so the
//! second partials of a rule cost nothing there once inlined (they are dead code).

/// y = f(a): `d` = f′(a), `dd` = f″(a), `ddd` = f‴(a).
///
/// ```
/// use jacobian_runtime::__private::D1;
/// // sin at a = 0: sin′ = cos 0 = 1, sin″ = -sin 0 = 0
/// let p = D1 { d: 1.0_f64, dd: 0.0, ddd: -1.0 };
/// assert_eq!(p.d, 1.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct D1<S> {
    /// ∂y/∂a.
    pub d: S,
    /// ∂²y/∂a².
    pub dd: S,
    /// ∂³y/∂a³ (read only by the third-order number types).
    pub ddd: S,
}

/// y = f(a, b): the gradient `d` = (∂a, ∂b) and the Hessian's upper triangle
/// `dd` = (∂aa, ∂ab, ∂bb).
///
/// ```
/// use jacobian_runtime::__private::D2;
/// // y = a·b: ∂ = (b, a), ∂ab = 1
/// let p = D2 { d: [3.0_f64, 2.0], dd: [0.0, 1.0, 0.0], ddd: [0.0; 4] };
/// assert_eq!(p.at(0).d, 3.0); // with b constant, y = 3a
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct D2<S> {
    /// (∂y/∂a, ∂y/∂b).
    pub d: [S; 2],
    /// (∂²y/∂a², ∂²y/∂a∂b, ∂²y/∂b²).
    pub dd: [S; 3],
    /// (∂³y/∂a³, ∂³y/∂a²∂b, ∂³y/∂a∂b², ∂³y/∂b³).
    pub ddd: [S; 4],
}

/// y = f(a, b, c): the gradient `d`, the Hessian's upper triangle `dd` =
/// (∂aa, ∂ab, ∂ac, ∂bb, ∂bc, ∂cc), and the third partials `ddd` in the order
/// (aaa, aab, aac, abb, abc, acc, bbb, bbc, bcc, ccc).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct D3<S> {
    /// (∂y/∂a, ∂y/∂b, ∂y/∂c).
    pub d: [S; 3],
    /// (∂aa, ∂ab, ∂ac, ∂bb, ∂bc, ∂cc).
    pub dd: [S; 6],
    /// (∂aaa, ∂aab, ∂aac, ∂abb, ∂abc, ∂acc, ∂bbb, ∂bbc, ∂bcc, ∂ccc).
    pub ddd: [S; 10],
}

impl<S: Copy> D2<S> {
    /// The partials in operand `k` alone (the other operand held constant).
    #[inline]
    pub fn at(&self, k: usize) -> D1<S> {
        D1 {
            d: self.d[k],
            dd: self.dd[if k == 0 { 0 } else { 2 }],
            ddd: self.ddd[if k == 0 { 0 } else { 3 }],
        }
    }
}

impl<S: Copy + core::ops::Add<Output = S>> D2<S> {
    /// The partials of g(a) = f(a, a), for an operation on one value twice (`x * x`):
    /// g′ = ∂a + ∂b, g″ = ∂aa + 2∂ab + ∂bb, g‴ = ∂aaa + 3∂aab + 3∂abb + ∂bbb.
    ///
    /// ```
    /// use jacobian_runtime::__private::D2;
    /// // x·x at x = 3: (x²)′ = 3 + 3 = 6, (x²)″ = 2
    /// let p = D2 { d: [3.0_f64, 3.0], dd: [0.0, 1.0, 0.0], ddd: [0.0; 4] };
    /// assert_eq!((p.diag().d, p.diag().dd), (6.0, 2.0));
    /// ```
    #[inline]
    pub fn diag(&self) -> D1<S> {
        let t = self.ddd;
        D1 {
            d: self.d[0] + self.d[1],
            dd: self.dd[0] + self.dd[1] + self.dd[1] + self.dd[2],
            ddd: t[0] + t[1] + t[1] + t[1] + t[2] + t[2] + t[2] + t[3],
        }
    }
}

/// Position of ∂²/∂aᵢ∂aⱼ (i ≤ j) in [`D3::dd`].
const fn tri3(i: usize, j: usize) -> usize {
    match (i, j) {
        (0, 0) => 0,
        (0, 1) => 1,
        (0, 2) => 2,
        (1, 1) => 3,
        (1, 2) => 4,
        _ => 5,
    }
}

/// Position of ∂³/∂aᵢ∂aⱼ∂aₖ (i ≤ j ≤ k) in [`D3::ddd`].
const fn tet3(i: usize, j: usize, k: usize) -> usize {
    match (i, j, k) {
        (0, 0, 0) => 0,
        (0, 0, 1) => 1,
        (0, 0, 2) => 2,
        (0, 1, 1) => 3,
        (0, 1, 2) => 4,
        (0, 2, 2) => 5,
        (1, 1, 1) => 6,
        (1, 1, 2) => 7,
        (1, 2, 2) => 8,
        _ => 9,
    }
}

impl<S: Copy> D3<S> {
    /// The partials in operand `k` alone (the others held constant).
    #[inline]
    pub fn at(&self, k: usize) -> D1<S> {
        D1 {
            d: self.d[k],
            dd: self.dd[tri3(k, k)],
            ddd: self.ddd[tet3(k, k, k)],
        }
    }

    /// The partials in operands `i < j` (the third held constant).
    #[inline]
    pub fn pair(&self, i: usize, j: usize) -> D2<S> {
        D2 {
            d: [self.d[i], self.d[j]],
            dd: [
                self.dd[tri3(i, i)],
                self.dd[tri3(i, j)],
                self.dd[tri3(j, j)],
            ],
            ddd: [
                self.ddd[tet3(i, i, i)],
                self.ddd[tet3(i, i, j)],
                self.ddd[tet3(i, j, j)],
                self.ddd[tet3(j, j, j)],
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{D2, D3};

    #[test]
    fn restrictions_pick_the_operands_partials() {
        let p = D2 {
            d: [1.0, 2.0],
            dd: [3.0, 4.0, 5.0],
            ddd: [6.0, 7.0, 8.0, 9.0],
        };
        assert_eq!((p.at(0).d, p.at(0).dd), (1.0, 3.0));
        assert_eq!((p.at(1).d, p.at(1).dd), (2.0, 5.0));
        assert_eq!((p.at(0).ddd, p.at(1).ddd), (6.0, 9.0));
        // g(a) = f(a, a): g‴ = 6 + 3·7 + 3·8 + 9
        assert_eq!(p.diag().ddd, 60.0);
        let q = D3 {
            d: [1.0, 2.0, 3.0],
            dd: [11.0, 12.0, 13.0, 22.0, 23.0, 33.0],
            ddd: [
                111.0, 112.0, 113.0, 122.0, 123.0, 133.0, 222.0, 223.0, 233.0, 333.0,
            ],
        };
        assert_eq!((q.at(2).d, q.at(2).dd), (3.0, 33.0));
        let r = q.pair(1, 2);
        assert_eq!((r.d, r.dd), ([2.0, 3.0], [22.0, 23.0, 33.0]));
        let r = q.pair(0, 2);
        assert_eq!((r.d, r.dd), ([1.0, 3.0], [11.0, 13.0, 33.0]));
        assert_eq!(r.ddd, [111.0, 113.0, 133.0, 333.0]);
        assert_eq!((q.at(1).ddd, q.pair(0, 1).ddd[2]), (222.0, 122.0));
    }
}
