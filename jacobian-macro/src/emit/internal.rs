//! The internal sweeps the public items and other generated code call:
//! `__tangent` (forward, generic over the carrier `__C`) and `__adjoint` (reverse,
//! generic over the carrier `__C` and the cotangent `__B`), with every
//! floating-point parameter active, and their `_wrt` variants restricted to the
//! active parameters.

use crate::emit::paths::JR;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::Generics;

use super::Sig;
use crate::adjoint::Adjoint;
use crate::ir::Param;
use crate::plan::{AdjointPlan, Analysis};
use crate::sweep::{self, local, Ctx};
use crate::{tangent, types};

/// Which internal sweep.
#[derive(Clone, Copy)]
pub struct Variant {
    /// Every floating-point parameter is active and every parameter gets a
    /// tangent (the calling convention between generated functions);
    /// otherwise only the `wrt` parameters.
    pub all: bool,
}

impl Variant {
    pub fn name(self, base: &str) -> Ident {
        let wrt = if self.all { "" } else { "_wrt" };
        format_ident!("__{base}{wrt}")
    }

    pub(super) fn params<'s>(self, sig: &'s Sig) -> Vec<&'s Param> {
        sig.params().filter(|p| self.all || p.active).collect()
    }
}

/// The derivative type of a value of type `ty` in the number type `n`.
pub fn derivative(sig: &Sig, ty: &syn::Type, n: &Ident) -> syn::Type {
    types::carried(ty, sig.s, &n.to_token_stream())
}

/// The type a derivative of a parameter of type `ty` is passed as (behind `&`): a
/// slice parameter's as a slice, so callers can pass the derivative of an array, a
/// `Vec` or a slice.
pub(super) fn input(sig: &Sig, ty: &syn::Type, n: &Ident) -> TokenStream {
    match types::slice_elem(ty) {
        Some(e) => {
            let d = derivative(sig, e, n);
            quote!([#d])
        }
        None => derivative(sig, ty, n).to_token_stream(),
    }
}

/// The function's generics with the sweep's number types: `__C` (and `__B`).
pub(super) fn generics(sig: &Sig, cotangent: bool) -> Generics {
    let mut g = sig.generics.clone();
    let (c, b, s) = (sweep::carrier(), sweep::cotangent(), sig.s.ty());
    g.params.push(syn::parse_quote!(#c: #JR::Carrier<#s>));
    if cotangent {
        g.params.push(syn::parse_quote!(#b: #JR::Cotangent<#s, #c>));
    }
    g
}

/// `d_x: &Dx` for every parameter the variant passes tangents of.
pub(super) fn tangent_params(sig: &Sig, params: &[&Param]) -> Vec<TokenStream> {
    let c = sweep::carrier();
    params
        .iter()
        .map(|p| {
            let (dx, ty) = (sig.dname(p), input(sig, &p.ty, &c));
            quote!(#dx: &#ty)
        })
        .collect()
}

/// `let mut x__d = d_x;` for the floating-point parameters among `params`.
fn tangent_prologue(sig: &Sig, params: &[&Param]) -> TokenStream {
    params
        .iter()
        .filter(|p| p.real)
        .map(|p| {
            let (td, dx) = (sweep::tangent_ident(sig.f, p.var), sig.dname(p));
            if p.by_ref {
                quote!(let mut #td = #dx;)
            } else {
                quote!(let mut #td = ::core::clone::Clone::clone(#dx);)
            }
        })
        .collect()
}

/// `__tangent…<__C>(params, d_params) -> (Out, dOut)`, tangents passed by reference.
pub fn tangent(
    sig: &Sig,
    an: &Analysis,
    v: Variant,
    body: &dyn Fn(TokenStream) -> TokenStream,
) -> TokenStream {
    let g = generics(sig, false);
    let (w, decl, out) = (&sig.generics.where_clause, sig.decl(true), sig.out);
    let params = v.params(sig);
    let d = tangent_params(sig, &params);
    let prologue = tangent_prologue(sig, &params);
    let active = an.tangent_activity(v.all);
    let ctx = Ctx {
        f: sig.f,
        active,
        s: sig.s,
        number: sweep::carrier(),
    };
    let b = tangent::body(&ctx);
    let zeros = unseeded(sig, &params, active, &|x| ctx.zero_tangent(x));
    let (name, dout) = (v.name("tangent"), derivative(sig, out, &sweep::carrier()));
    let items = &sig.f.items;
    let code = body(quote!(#(#items)* #prologue #zeros #b));
    quote! {
        #[doc(hidden)]
        #[inline]
        pub fn #name #g (#(#decl,)* #(#d),*) -> (#out, #dout) #w { #code }
    }
}

/// Bindings for the parameters outside `wrt(..)` that become active (a `mut`
/// parameter assigned an active value): their tangents start at `zero(&x)`.
pub(super) fn unseeded(
    sig: &Sig,
    passed: &[&Param],
    active: &[bool],
    zero: &dyn Fn(&TokenStream) -> TokenStream,
) -> TokenStream {
    sig.params()
        .filter(|p| p.real && active[p.var] && !passed.iter().any(|q| q.var == p.var))
        .map(|p| {
            let x = sig.f.ident(p.var);
            let r = if p.by_ref { quote!(#x) } else { quote!(&#x) };
            let (td, z) = (sweep::tangent_ident(sig.f, p.var), zero(&r));
            quote!(let mut #td = #z;)
        })
        .collect()
}

/// The type of a parameter's cotangent in an adjoint sweep's result: `()` for
/// integer and `bool` parameters, whatever their shape.
pub(super) fn cotangent(sig: &Sig, p: &Param) -> TokenStream {
    if p.real {
        derivative(sig, &p.ty, &sweep::cotangent()).to_token_stream()
    } else {
        quote!(())
    }
}

/// `__adjoint…<__C, __B>(params, d_params, &y_bar, stack) -> (Out, cotangents)`:
/// one cotangent per parameter (`()` for integers) when `all`, else the active
/// ones (a tuple unless there is one). The forward tangents `d_params` are
/// `NoTangent`s for first-order sweeps.
pub fn adjoint(
    sig: &Sig,
    an: &Analysis,
    v: Variant,
    body: &dyn Fn(TokenStream) -> TokenStream,
) -> TokenStream {
    let g = generics(sig, true);
    let (w, decl, out, s) = (
        &sig.generics.where_clause,
        sig.decl(true),
        sig.out,
        sig.s.ty(),
    );
    let (ybar, stack) = (local("__ybar"), local("__stack"));
    let params = v.params(sig);
    let d = tangent_params(sig, &params);
    let prologue = tangent_prologue(sig, &params);
    let cots: Vec<TokenStream> = params.iter().map(|p| cotangent(sig, p)).collect();
    let cots = if !v.all && cots.len() == 1 {
        quote!(#(#cots)*)
    } else {
        quote!((#(#cots,)*))
    };
    let form = an.adjoint_plan(v.all);
    let tctx = Ctx {
        f: &form.form.func,
        active: &form.active,
        s: sig.s,
        number: sweep::carrier(),
    };
    let zeros = unseeded(sig, &params, &form.active, &|x| tctx.zero_tangent(x));
    let sweep = adjoint_body(sig, form, &tctx, &quote!(#ybar), &stack, v);
    let items = &sig.f.items;
    let code = body(quote!(#(#items)* #prologue #zeros #sweep));
    let (name, dout) = (v.name("adjoint"), derivative(sig, out, &sweep::cotangent()));
    quote! {
        #[doc(hidden)]
        #[inline]
        pub fn #name #g (#(#decl,)* #(#d,)* #ybar: &#dout, #stack: &mut ::jacobian::Stack<#s>) -> (#out, #cots) #w { #code }
    }
}

/// The adjoint sweep of the planned `form`, returning `(value, cotangents)` for the
/// variant's parameters (`()` for integer ones when `all`).
fn adjoint_body(
    sig: &Sig,
    form: &AdjointPlan,
    tctx: &Ctx,
    ybar: &TokenStream,
    stack: &Ident,
    v: Variant,
) -> TokenStream {
    let ctx = Ctx {
        f: &form.form.func,
        active: &form.active,
        s: sig.s,
        number: sweep::cotangent(),
    };
    let adj = Adjoint::new(&ctx, tctx, form, stack.clone());
    let b = adj.body(&form.form, ybar);
    let pick = |p: &Param| if v.all { p.real } else { p.active };
    let cots: Vec<TokenStream> = v
        .params(sig)
        .into_iter()
        .map(|p| {
            if pick(p) {
                sweep::adjoint_ident(sig.f, p.var).to_token_stream()
            } else {
                quote!(())
            }
        })
        .collect();
    let out = local("__out");
    let ret = if !v.all && cots.len() == 1 {
        quote!(#(#cots)*)
    } else {
        quote!((#(#cots,)*))
    };
    quote!(#b (#out, #ret))
}
