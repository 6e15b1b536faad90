//! Random syntactically valid functions: the constructs of the supported
//! subset nested at random (loops in branches, early exits in loops, …),
//! with constructs outside the subset mixed in now and then. Unlike random
//! tokens, these get through parsing and exercise lowering, the analyses and
//! every transform.

use proc_macro2::TokenStream;
use quote::quote;

use super::gen::Rng;

/// A random function and its attribute arguments.
pub fn function(rng: &mut Rng) -> (TokenStream, TokenStream) {
    let (out, tail) = match rng.below(3) {
        0 => (quote!(f64), quote!(a + b * x)),
        1 => (quote!([f64; 2]), quote!([a, b + v[1]])),
        _ => (quote!((f64, f64)), quote!((a * b, w[0]))),
    };
    let mut g = Grammar {
        rng,
        loops: 0,
        budget: 16,
        ret: tail.clone(),
    };
    let body = g.block(3);
    let attr = match g.rng.below(5) {
        0 => quote!(wrt(x)),
        1 => quote!(wrt(v, x)),
        _ => quote!(),
    };
    let item = quote! {
        fn f(x: f64, v: &[f64; 3], n: usize) -> #out {
            let mut a = x;
            let mut b = v[0];
            let mut w = *v;
            let mut k = 0;
            #body
            #tail
        }
    };
    (attr, item)
}

struct Grammar<'r> {
    rng: &'r mut Rng,
    /// How many loops enclose the current point.
    loops: usize,
    /// Statements left to generate, bounding the size.
    budget: usize,
    /// A value of the function's result type, for `return`.
    ret: TokenStream,
}

impl Grammar<'_> {
    fn block(&mut self, depth: usize) -> TokenStream {
        let n = 1 + self.rng.below(4);
        (0..n).map(|_| self.stmt(depth)).collect()
    }

    fn stmt(&mut self, depth: usize) -> TokenStream {
        if self.budget == 0 {
            return quote!(a = a * x;);
        }
        self.budget -= 1;
        let e = self.expr(2);
        match self.rng.below(if depth == 0 { 8 } else { 20 }) {
            0 => quote!(a = #e;),
            1 => quote!(b += #e;),
            2 => quote!(a *= #e;),
            3 => quote!(w[k % 3] = #e;),
            4 => quote!(let a = #e;),
            5 => quote!(let (p, q) = (#e, a); b = p - q;),
            6 => quote!(k += 1;),
            7 => self.exit(),
            8 | 9 => {
                let (c, t) = (self.cond(), self.block(depth - 1));
                if self.rng.one_in(2) {
                    quote!(if #c { #t })
                } else {
                    let f = self.block(depth - 1);
                    quote!(if #c { #t } else { #f })
                }
            }
            10 | 11 => {
                let body = self.in_loop(depth);
                let range = self.range();
                quote!(for i in #range { #body })
            }
            12 => {
                let (c, body) = (self.cond(), self.in_loop(depth));
                quote!(while #c && k < n { k += 1; #body })
            }
            13 => {
                let (c, body) = (self.cond(), self.in_loop(depth));
                quote!(loop { if #c || k > n { break; } k += 1; #body })
            }
            14 => {
                let b = self.block(depth - 1);
                quote!({ #b })
            }
            15 => quote!(let c = if a > b { #e } else { a - b }; a = c;),
            16 => quote!(let m = { let t = #e; t * b }; b = m;),
            17 => self.odd_stmt(e),
            _ => quote!(b = #e;),
        }
    }

    fn in_loop(&mut self, depth: usize) -> TokenStream {
        self.loops += 1;
        let b = self.block(depth - 1);
        self.loops -= 1;
        b
    }

    /// `return`, and `break` / `continue` inside loops (outside one only
    /// rarely: that is invalid Rust, which the macro must still survive).
    fn exit(&mut self) -> TokenStream {
        let (c, ret) = (self.cond(), &self.ret);
        let in_loop = self.loops > 0 || self.rng.one_in(50);
        match self.rng.below(3) {
            0 if in_loop => quote!(if #c { break; }),
            1 if in_loop => quote!(if #c { continue; }),
            _ => quote!(if #c { return #ret; }),
        }
    }

    fn range(&mut self) -> TokenStream {
        match self.rng.below(5) {
            0 => quote!(0..n),
            1 => quote!((0..3).rev()),
            2 => quote!((1..=n).step_by(2)),
            3 => quote!(k..n),
            _ => quote!(0..w.len()),
        }
    }

    fn cond(&mut self) -> TokenStream {
        let e = self.expr(1);
        match self.rng.below(5) {
            0 => quote!(#e < b),
            1 => quote!(k % 2 == 0),
            2 => quote!(!(a >= #e)),
            3 => quote!(a.is_finite() && k > 1),
            _ => quote!(#e > 0.5),
        }
    }

    /// A real-valued expression, parenthesized unless it is a leaf (so that
    /// it parses in any position: conditions, receivers, operands).
    fn expr(&mut self, depth: usize) -> TokenStream {
        if depth == 0 || self.rng.one_in(3) {
            return self.leaf();
        }
        let e = self.compound(depth);
        quote!((#e))
    }

    fn compound(&mut self, depth: usize) -> TokenStream {
        let (l, r) = (self.expr(depth - 1), self.expr(depth - 1));
        match self.rng.below(16) {
            0 => quote!(#l + #r),
            1 => quote!(#l - #r),
            2 => quote!(#l * #r),
            3 => quote!(#l / (#r + 2.0)),
            4 => quote!(-#l),
            5 => quote!(#l.sin() * #r.exp()),
            6 => quote!(#l.powi(2) + #r.max(#l)),
            7 => quote!(#l.atan2(#r) + #l.mul_add(#r, 1.0)),
            8 => quote!((#l).tanh().sqrt()),
            9 => quote!(if #l > #r { #l } else { #r * 2.0 }),
            10 => quote!({ let t = #l; t * #r }),
            11 => quote!(g(#l, &w) + (#r, #l).1),
            12 => quote!(f64::hypot(#l, #r)),
            13 => quote!(#l % #r),
            14 => self.odd_expr(l),
            _ => quote!((k as f64) * #l),
        }
    }

    fn leaf(&mut self) -> TokenStream {
        match self.rng.below(8) {
            0 => quote!(x),
            1 => quote!(a),
            2 => quote!(b),
            3 => quote!(v[k % 3]),
            4 => quote!(w[2]),
            5 => quote!(1.5),
            6 => quote!(f64::consts::PI),
            _ => quote!(x * a),
        }
    }

    /// Expressions outside the subset.
    fn odd_expr(&mut self, e: TokenStream) -> TokenStream {
        match self.rng.below(10) {
            0 => quote!((|z: f64| z * 2.0)(#e)),
            1 => quote!(match k { 0 => #e, _ => 1.0 }),
            2 => quote!(m!(#e)),
            3 => quote!(S { s: #e }.s),
            4 => quote!(#e.foo()),
            5 => quote!(unsafe { #e }),
            6 => quote!(w.iter().map(|t| t * #e).sum::<f64>()),
            7 => quote!(#e as f32 as f64),
            8 => quote!(*&#e),
            _ => quote!(vec![#e; 2][0]),
        }
    }

    /// Statements outside the subset (destructuring assignment is valid Rust).
    fn odd_stmt(&mut self, e: TokenStream) -> TokenStream {
        match self.rng.below(8) {
            0 => quote!('l: loop {
                break 'l;
            }),
            1 => quote!(if let Some(t) = Some(#e) { a = t; }),
            2 => quote!((a, b) = (#e, a);),
            3 => quote!(println!("{}", #e);),
            4 => quote!(
                fn inner() {}
            ),
            5 => {
                let ret = &self.ret;
                quote!(let Some(t) = Some(#e) else { return #ret; }; a = t;)
            }
            6 => quote!(while let Some(t) = None::<f64> {
                a = t;
            }),
            _ => quote!(let [p, q] = [#e, b]; a = p * q;),
        }
    }
}
