//! Shared pieces of code emission: the names of tangent and adjoint variables
//! and how places and operands are written in each sweep.

use crate::emit::paths::JR;
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
}

/// Emission context shared by the transforms.
pub struct Ctx<'a> {
    /// The function.
    pub f: &'a Function,
    /// Activity of each variable.
    pub active: &'a [bool],
    /// The scalar type.
    pub s: &'a ScalarTy,
    /// The number type this context's derivatives are: the sweep's type parameter
    /// [`carrier`] (tangents) or [`cotangent`] (adjoints).
    pub number: Ident,
}

/// The forward sweep's type parameter: what each active scalar carries.
pub fn carrier() -> Ident {
    local("__C")
}

/// The reverse sweep's type parameter: what each active scalar's adjoint is.
pub fn cotangent() -> Ident {
    local("__B")
}

/// The tangent variable of `v`.
pub fn tangent_ident(f: &Function, v: VarId) -> Ident {
    format_ident!("{}__d", f.ident(v), span = Span::mixed_site())
}

/// The adjoint variable of `v`.
pub fn adjoint_ident(f: &Function, v: VarId) -> Ident {
    format_ident!("{}__b", f.ident(v), span = Span::mixed_site())
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
            Copy::Primal => self.f.ident(p.var).clone(),
            Copy::Tangent => tangent_ident(self.f, p.var),
            Copy::Adjoint => adjoint_ident(self.f, p.var),
        };
        // An indexed place is located where the user indexed (a panic on an index
        // out of bounds points at the user's line, not at the attribute).
        let at = p.proj.iter().find_map(|q| match q {
            Proj::Index(i) => Some(syn::spanned::Spanned::span(&i.expr)),
            _ => None,
        });
        let root = match at {
            Some(at) => Ident::new(&root.to_string(), at.resolved_at(root.span())),
            None => root,
        };
        p.proj
            .iter()
            .fold(root.to_token_stream(), |acc, proj| match proj {
                Proj::Index(i) => {
                    let e = &i.expr;
                    let at = syn::spanned::Spanned::span(e);
                    quote::quote_spanned!(at=> #acc[#e])
                }
                Proj::Field(k) => quote!(#acc.#k),
                Proj::Deref if copy == Copy::Adjoint => acc,
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

    /// A zero tangent of the operand's shape.
    pub fn zero_like(&self, op: &Operand) -> TokenStream {
        match op {
            _ if self.is_scalar(op) => self.zero_scalar(),
            Operand::Const(c) => {
                let v = self.typed_const(c);
                self.zero_tangent(&quote!(&#v))
            }
            Operand::Place(p) if self.is_ref_param(p) => self.zero_tangent(&self.value(op)),
            Operand::Place(_) => {
                let v = self.value(op);
                self.zero_tangent(&quote!(&#v))
            }
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
        let n = &self.number;
        quote!(<#n as #JR::Init>::init())
    }

    /// A zero derivative shaped like the value `*r` (`r` is a reference).
    pub fn zero_tangent(&self, r: &TokenStream) -> TokenStream {
        let (s, n) = (self.s.ty(), &self.number);
        quote!(#JR::zeros::<#s, #n, _>(#r))
    }

    /// A reference to variable `v`'s value (a by-reference parameter is one already).
    pub fn var_ref(&self, v: VarId) -> TokenStream {
        let x = self.f.ident(v);
        if self.is_ref_param(&Place::var(v)) {
            quote!(#x)
        } else {
            quote!(&#x)
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
