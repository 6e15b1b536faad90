//! Shared pieces of code emission: the names of tangent and adjoint variables
//! and how places and operands are written in each sweep.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, ToTokens};

use crate::ir::{Function, Opaque, Operand, Place, Proj, VarId};
use crate::types::ScalarTy;
use syn::visit_mut::VisitMut;

/// Which copy of a variable a place refers to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Copy {
    /// The value.
    Primal,
    /// Its tangent (mirrors the value, references included).
    Tangent,
    /// Its adjoint (always owned).
    Adjoint,
    /// Its collapsed second-order coefficient (always owned): the sum over
    /// the directions of the second directional derivative.
    Second,
    /// The tangent of its adjoint (always owned), in tangent-over-adjoint sweeps.
    AdjointTangent,
}

/// Emission context shared by the transforms.
pub struct Ctx<'a> {
    /// The function.
    pub f: &'a Function,
    /// Activity of each variable.
    pub active: &'a [bool],
    /// The scalar type.
    pub s: &'a ScalarTy,
    /// Derivatives are [`LANES`](../../jacobian_runtime) directions at once.
    pub lanes: bool,
    /// The tangent sweep also carries the collapsed second-order coefficient
    /// (collapsed Taylor mode); requires `lanes`.
    pub second: bool,
}

/// The tangent variable of `v`.
pub fn tangent_ident(f: &Function, v: VarId) -> Ident {
    format_ident!("{}__d", f.ident(v), span = Span::mixed_site())
}

/// The adjoint variable of `v`.
pub fn adjoint_ident(f: &Function, v: VarId) -> Ident {
    format_ident!("{}__b", f.ident(v), span = Span::mixed_site())
}

/// The collapsed second-order coefficient of `v`.
pub fn second_ident(f: &Function, v: VarId) -> Ident {
    format_ident!("{}__l", f.ident(v), span = Span::mixed_site())
}

/// A generated local.
pub fn local(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

impl Ctx<'_> {
    /// True when the variable carries a derivative.
    pub fn active(&self, v: VarId) -> bool {
        self.active[v]
    }

    /// True when the operand carries a derivative.
    pub fn op_active(&self, op: &Operand) -> bool {
        op.place().is_some_and(|p| self.active[p.var])
    }

    /// A place in one of the sweeps' copies.
    pub fn place(&self, p: &Place, copy: Copy) -> TokenStream {
        let root = match copy {
            Copy::Primal => self.f.ident(p.var).to_token_stream(),
            Copy::Tangent => tangent_ident(self.f, p.var).to_token_stream(),
            Copy::Adjoint => adjoint_ident(self.f, p.var).to_token_stream(),
            Copy::Second => second_ident(self.f, p.var).to_token_stream(),
            Copy::AdjointTangent => {
                format_ident!("{}__bd", self.f.ident(p.var), span = Span::mixed_site())
                    .to_token_stream()
            }
        };
        p.proj.iter().fold(root, |acc, proj| match proj {
            Proj::Index(i) => {
                let e = &i.expr;
                quote!(#acc[#e])
            }
            Proj::Field(k) => quote!(#acc.#k),
            Proj::Deref if matches!(copy, Copy::Adjoint | Copy::Second | Copy::AdjointTangent) => {
                acc
            }
            Proj::Deref => quote!((*#acc)),
        })
    }

    /// True for a whole parameter declared as a reference (`a: &[f64; 3]`): its
    /// value and its tangent are references already.
    pub fn is_ref_param(&self, p: &Place) -> bool {
        p.proj.is_empty() && self.f.params.iter().any(|q| q.var == p.var && q.by_ref)
    }

    /// A call argument's tangent, by reference. A by-reference parameter's tangent
    /// is passed as is, so that an array's tangent coerces to a callee's slice
    /// (`&&[f64; 3]` would not).
    pub fn tangent_arg(&self, p: &Place) -> TokenStream {
        let t = self.place(p, Copy::Tangent);
        if self.is_ref_param(p) {
            t
        } else {
            quote!(&#t)
        }
    }

    /// An operand's value, safe to use as a method receiver or binary operand;
    /// float literals in constants carry the function's scalar suffix (in an
    /// `f32` function, a temporary `1.34 - 1.07` would otherwise be an `f64`).
    pub fn value(&self, op: &Operand) -> TokenStream {
        match op {
            Operand::Place(p) => self.place(p, Copy::Primal),
            Operand::Const(c) => self.typed_const(c),
        }
    }

    /// True when the operand is known to be a single scalar.
    pub fn is_scalar(&self, op: &Operand) -> bool {
        match op {
            Operand::Place(p) => p.proj.is_empty() && self.f.vars[p.var].scalar,
            Operand::Const(c) => {
                matches!(&c.expr, syn::Expr::Lit(l) if matches!(l.lit, syn::Lit::Float(_)))
            }
        }
    }

    /// The tangent of an operand as an owned value of its shape.
    pub fn tangent_value(&self, op: &Operand) -> TokenStream {
        match op {
            Operand::Place(p) if self.active(p.var) => {
                let t = self.place(p, Copy::Tangent);
                if self.is_scalar(op) {
                    t
                } else {
                    quote!(::core::clone::Clone::clone(&#t))
                }
            }
            _ => self.zero_like(op),
        }
    }

    /// The second-order coefficient of an operand as an owned value of its shape.
    pub fn second_value(&self, op: &Operand) -> TokenStream {
        match op {
            Operand::Place(p) if self.active(p.var) => {
                let t = self.place(p, Copy::Second);
                if self.is_scalar(op) {
                    t
                } else {
                    quote!(::core::clone::Clone::clone(&#t))
                }
            }
            _ if self.is_scalar(op) => self.s.lit(0.0),
            _ => {
                let v = match op {
                    Operand::Const(c) => self.typed_const(c),
                    Operand::Place(_) => self.value(op),
                };
                quote!(::jacobian::__private::zero_tangent(&#v))
            }
        }
    }

    /// A zero tangent of the operand's shape.
    pub fn zero_like(&self, op: &Operand) -> TokenStream {
        match op {
            _ if self.is_scalar(op) => self.zero_scalar(),
            Operand::Const(c) => self.zero_tangent(&self.typed_const(c)),
            Operand::Place(_) => self.zero_tangent(&self.value(op)),
        }
    }

    /// A constant with the function's scalar type as the suffix of its unsuffixed
    /// float literals (`(-1.5)` alone would be an `f64` in an `f32` function).
    pub fn typed_const(&self, c: &Opaque) -> TokenStream {
        if !matches!(self.s, ScalarTy::F32 | ScalarTy::F64) {
            return paren(c);
        }
        let mut typed = c.clone();
        TypeFloats(self.s.ty().to_string()).visit_expr_mut(&mut typed.expr);
        paren(&typed)
    }

    /// The zero derivative of one scalar.
    pub fn zero_scalar(&self) -> TokenStream {
        if self.lanes {
            let s = self.s.ty();
            quote!(::jacobian::__private::lanes_zero::<#s>())
        } else {
            self.s.lit(0.0)
        }
    }

    /// A zero derivative shaped like the value `v`.
    pub fn zero_tangent(&self, v: &TokenStream) -> TokenStream {
        if self.lanes {
            quote!(::jacobian::__private::zero_lanes(&#v))
        } else {
            quote!(::jacobian::__private::zero_tangent(&#v))
        }
    }

    /// The suffix of the callee's generated function for this kind of sweep.
    pub fn suffix(&self) -> &'static str {
        if self.lanes {
            "_lanes"
        } else {
            ""
        }
    }
}

/// Adds a suffix to every unsuffixed float literal.
struct TypeFloats(String);

impl VisitMut for TypeFloats {
    fn visit_lit_float_mut(&mut self, f: &mut syn::LitFloat) {
        if f.suffix().is_empty() {
            // `1.` cannot take a suffix as written: `1.0f64`.
            let digits = f.base10_digits();
            let zero = if digits.ends_with('.') { "0" } else { "" };
            let typed = format!("{digits}{zero}{}", self.0);
            // Never panics: a spelling that does not parse leaves the literal as it was.
            if let Ok(mut lit) = syn::parse_str::<syn::LitFloat>(&typed) {
                lit.set_span(f.span());
                *f = lit;
            }
        }
    }
}

/// An opaque expression in parentheses unless it is a literal or a path.
pub fn paren(o: &Opaque) -> TokenStream {
    let e = &o.expr;
    match e {
        syn::Expr::Path(_) => e.to_token_stream(),
        syn::Expr::Lit(l) if !matches!(l.lit, syn::Lit::Int(_)) => e.to_token_stream(),
        _ => quote!((#e)),
    }
}

/// Terms on the same derivative merged into one with the sum of their partials
/// (`x·x` has the partial `x` twice on `ẋ`: one product `ẋ·(x + x)`, not two).
pub fn merge_same(
    terms: Vec<(crate::rules::Partial, TokenStream)>,
    s: &ScalarTy,
) -> Vec<(crate::rules::Partial, TokenStream)> {
    use crate::rules::Partial;
    let value = |p: &Partial| match p {
        Partial::Zero => None,
        Partial::One => Some(s.lit(1.0)),
        Partial::MinusOne => {
            let one = s.lit(1.0);
            Some(quote!(-#one))
        }
        Partial::Expr(e) => Some(quote!((#e))),
    };
    let mut out: Vec<(Partial, TokenStream, String)> = Vec::new();
    for (p, d) in terms {
        let key = d.to_string();
        let Some(slot) = out.iter_mut().find(|t| t.2 == key) else {
            out.push((p, d, key));
            continue;
        };
        slot.0 = match (value(&slot.0), value(&p)) {
            (None, _) => p,
            (Some(_), None) => continue,
            (Some(a), Some(b)) => Partial::Expr(quote!(#a + #b)),
        };
    }
    out.into_iter().map(|(p, d, _)| (p, d)).collect()
}

/// `Σ cₖ·dₖ` from partials and the matching tangents, simplified.
pub fn sum_of_products(
    terms: Vec<(crate::rules::Partial, TokenStream)>,
    zero: TokenStream,
) -> TokenStream {
    use crate::rules::Partial;
    let mut out = TokenStream::new();
    for (p, d) in terms {
        let first = out.is_empty();
        let term = match p {
            Partial::Zero => continue,
            Partial::One if first => quote!(#d),
            Partial::One => quote!(+ #d),
            Partial::MinusOne if first => quote!(-#d),
            Partial::MinusOne => quote!(- #d),
            Partial::Expr(e) if first => quote!(#d * (#e)),
            Partial::Expr(e) => quote!(+ #d * (#e)),
        };
        out.extend(term);
    }
    if out.is_empty() {
        zero
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::TypeFloats;
    use syn::visit_mut::VisitMut;

    fn typed(src: &str, ty: &str) -> String {
        let mut e: syn::Expr = syn::parse_str(src).expect("an expression");
        TypeFloats(ty.to_string()).visit_expr_mut(&mut e);
        quote::quote!(#e).to_string()
    }

    #[test]
    fn float_literals_take_the_scalar_suffix() {
        assert_eq!(typed("(-1.5)", "f32"), "(- 1.5f32)");
        assert_eq!(typed("1.", "f64"), "1.0f64");
        assert_eq!(typed("2e3 / 4.25", "f32"), "2e3f32 / 4.25f32");
        assert_eq!(typed("1_000.5", "f64"), "1000.5f64");
        // Suffixed literals and integers are left alone.
        assert_eq!(typed("0.5f64 + 3", "f32"), "0.5f64 + 3");
    }
}
