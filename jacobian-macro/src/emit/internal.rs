//! The internal sweeps other generated code calls: `__tangent`, `__adjoint`
//! (every floating-point parameter active, one derivative direction),
//! `__tangent_lanes`, `__adjoint_lanes` (the same for `LANES` directions at
//! once), and the `_wrt` variants restricted to the active parameters.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::Sig;
use crate::adjoint::Adjoint;
use crate::ir::Param;
use crate::sweep::{self, local, Ctx};
use crate::{analyze, exits, tangent, types};

/// Which internal sweep.
#[derive(Clone, Copy)]
pub struct Variant {
    /// Every floating-point parameter is active and every parameter gets a
    /// tangent (the calling convention between generated functions);
    /// otherwise only the `wrt` parameters.
    pub all: bool,
    /// `LANES` directions at once.
    pub lanes: bool,
    /// Collapsed second-order Taylor mode (with `lanes`): `__taylor…`.
    pub second: bool,
}

impl Variant {
    fn name(self, base: &str) -> Ident {
        let lanes = if self.lanes && !self.second {
            "_lanes"
        } else {
            ""
        };
        let base = if self.second { "taylor" } else { base };
        let wrt = if self.all { "" } else { "_wrt" };
        format_ident!("__{base}{lanes}{wrt}")
    }

    /// The derivative type of a value of (owned) type `ty`.
    pub fn derivative(self, ty: &syn::Type) -> TokenStream {
        let assoc = if self.lanes {
            quote!(Lanes)
        } else {
            quote!(Tangent)
        };
        quote!(<#ty as ::jacobian::__private::TangentOf>::#assoc)
    }

    /// The type a derivative of a parameter of type `ty` is passed as (behind
    /// `&`): a slice parameter's as a slice, so callers can pass the derivative of
    /// an array, a `Vec` or a slice.
    pub fn input(self, ty: &syn::Type) -> TokenStream {
        match types::slice_elem(ty) {
            Some(e) => {
                let d = self.derivative(&types::owned(e));
                quote!([#d])
            }
            None => self.derivative(&types::owned(ty)),
        }
    }

    fn params<'s>(self, sig: &'s Sig) -> Vec<&'s Param> {
        sig.params().filter(|p| self.all || p.active).collect()
    }

    fn seed(self, sig: &Sig) -> Vec<usize> {
        sig.params()
            .filter(|p| if self.all { p.real } else { p.active })
            .map(|p| p.var)
            .collect()
    }
}

/// `__tangent…(params, d_params) -> (Out, dOut)`, tangents passed by reference.
pub fn tangent(sig: &Sig, v: Variant, body: &dyn Fn(TokenStream) -> TokenStream) -> TokenStream {
    let (g, w) = (&sig.generics, &sig.generics.where_clause);
    let (decl, out) = (sig.decl(true), sig.out);
    let params = v.params(sig);
    let d = params.iter().map(|p| {
        let (dx, ty) = (sig.dname(p), v.input(&p.ty));
        quote!(#dx: &#ty)
    });
    let prologue = params.iter().filter(|p| p.real).map(|p| {
        let (td, dx) = (sweep::tangent_ident(sig.f, p.var), sig.dname(p));
        if p.by_ref {
            quote!(let mut #td = #dx;)
        } else {
            quote!(let mut #td = ::core::clone::Clone::clone(#dx);)
        }
    });
    let active = analyze::activity(sig.f, &v.seed(sig));
    let ctx = Ctx {
        f: sig.f,
        active: &active,
        s: sig.s,
        lanes: v.lanes,
        second: v.second,
    };
    let b = tangent::body(&ctx);
    let zeros = unseeded(sig, &params, &active, &|x| ctx.zero_tangent(x), v.second);
    let (name, dout) = (v.name("tangent"), v.derivative(&types::owned(out)));
    let scalar_v = Variant { lanes: false, ..v };
    let (lparams, lprologue, lout) = if v.second {
        let ls = params.iter().map(|p| {
            let (lx, ty) = (second_name(sig, p), scalar_v.input(&p.ty));
            quote!(#lx: &#ty)
        });
        let pro = params.iter().filter(|p| p.real).map(|p| {
            let (l, lx) = (sweep::second_ident(sig.f, p.var), second_name(sig, p));
            quote!(let mut #l = ::std::borrow::ToOwned::to_owned(#lx);)
        });
        let lo = scalar_v.derivative(&types::owned(out));
        (quote!(#(#ls),*), quote!(#(#pro)*), quote!(, #lo))
    } else {
        (TokenStream::new(), TokenStream::new(), TokenStream::new())
    };
    let comma = v.second.then(|| quote!(,));
    let code = body(quote!(#(#prologue)* #lprologue #zeros #b));
    quote! {
        #[doc(hidden)]
        #[inline]
        pub fn #name #g (#(#decl,)* #(#d),* #comma #lparams) -> (#out, #dout #lout) #w { #code }
    }
}

/// Bindings for the parameters outside `wrt(..)` that become active (a `mut`
/// parameter assigned an active value): their tangents start at `zero(&x)`, and
/// with `second` their second-order coefficients at a scalar zero tangent.
pub(super) fn unseeded(
    sig: &Sig,
    passed: &[&Param],
    active: &[bool],
    zero: &dyn Fn(&TokenStream) -> TokenStream,
    second: bool,
) -> TokenStream {
    sig.params()
        .filter(|p| p.real && active[p.var] && !passed.iter().any(|q| q.var == p.var))
        .map(|p| {
            let x = sig.f.ident(p.var);
            let (td, z) = (sweep::tangent_ident(sig.f, p.var), zero(&quote!(#x)));
            let l = second.then(|| {
                let l = sweep::second_ident(sig.f, p.var);
                quote!(let mut #l = ::jacobian::__private::zero_tangent(&#x);)
            });
            quote!(let mut #td = #z; #l)
        })
        .collect()
}

/// The name of a parameter's second-order coefficient argument.
fn second_name(sig: &Sig, p: &Param) -> Ident {
    format_ident!("l{}", sig.name(p), span = proc_macro2::Span::mixed_site())
}

/// The type of a parameter's cotangent in an adjoint sweep's result: `()` for
/// integer and `bool` parameters, whatever their shape.
fn cotangent(v: Variant, p: &Param) -> TokenStream {
    if p.real {
        v.derivative(&types::owned(&p.ty))
    } else {
        quote!(())
    }
}

/// `__adjoint…(params, &y_bar, stack) -> (Out, cotangents)`: one cotangent per
/// parameter (`()` for integers) when `all`, else the active ones (a tuple
/// unless there is one).
pub fn adjoint(sig: &Sig, v: Variant, body: &dyn Fn(TokenStream) -> TokenStream) -> TokenStream {
    let (g, w) = (&sig.generics, &sig.generics.where_clause);
    let (decl, out, s) = (sig.decl(true), sig.out, sig.s.ty());
    let (ybar, stack) = (local("__ybar"), local("__stack"));
    let cots: Vec<TokenStream> = v.params(sig).iter().map(|p| cotangent(v, p)).collect();
    let cots = if !v.all && cots.len() == 1 {
        quote!(#(#cots)*)
    } else {
        quote!((#(#cots,)*))
    };
    let pick = |p: &Param| if v.all { p.real } else { p.active };
    let code = body(adjoint_body(
        sig,
        &v.seed(sig),
        &quote!(#ybar),
        &stack,
        v.lanes,
        pick,
        !v.all,
    ));
    let (name, dout) = (v.name("adjoint"), v.derivative(&types::owned(out)));
    quote! {
        #[doc(hidden)]
        #[inline]
        pub fn #name #g (#(#decl,)* #ybar: &#dout, #stack: &mut ::jacobian::Stack<#s>) -> (#out, #cots) #w { #code }
    }
}

/// The adjoint sweep for the parameters `seed`, returning `(value, cotangents)`
/// for the parameters `pick` selects (`()` for unselected ones when `!only`).
pub fn adjoint_body(
    sig: &Sig,
    seed: &[usize],
    ybar: &TokenStream,
    stack: &Ident,
    lanes: bool,
    pick: impl Fn(&Param) -> bool,
    only: bool,
) -> TokenStream {
    let form = exits::lower(sig.f);
    let active = analyze::activity(&form.func, seed);
    let storage = analyze::storage(&form.func, &active, false);
    let ctx = Ctx {
        f: &form.func,
        active: &active,
        s: sig.s,
        lanes,
        second: false,
    };
    let adj = Adjoint::new(&ctx, None, &storage, stack.clone(), form.ret);
    let b = adj.body(&form, ybar, None);
    let cots: Vec<TokenStream> = sig
        .params()
        .filter(|p| !only || pick(p))
        .map(|p| {
            if pick(p) {
                sweep::adjoint_ident(sig.f, p.var).to_token_stream()
            } else {
                quote!(())
            }
        })
        .collect();
    let out = local("__out");
    let ret = if only && cots.len() == 1 {
        quote!(#(#cots)*)
    } else {
        quote!((#(#cots,)*))
    };
    quote!(#b (#out, #ret))
}

/// `__adjoint_tangent…(params, d_params, &y_bar, &y_bar_d, stack) -> (Out,
/// dOut, cotangents, their tangents)`: the tangent of the adjoint sweep in
/// `LANES` directions (forward over reverse), for Hessians.
pub fn adjoint_tangent(
    sig: &Sig,
    all: bool,
    body: &dyn Fn(TokenStream) -> TokenStream,
) -> TokenStream {
    let v = Variant {
        all,
        lanes: true,
        second: false,
    };
    let scalar_v = Variant { lanes: false, ..v };
    let (g, w) = (&sig.generics, &sig.generics.where_clause);
    let (decl, out, s) = (sig.decl(true), sig.out, sig.s.ty());
    let params = v.params(sig);
    let d = params.iter().map(|p| {
        let (dx, ty) = (sig.dname(p), v.input(&p.ty));
        quote!(#dx: &#ty)
    });
    let prologue = params.iter().filter(|p| p.real).map(|p| {
        let (td, dx) = (sweep::tangent_ident(sig.f, p.var), sig.dname(p));
        if p.by_ref {
            quote!(let mut #td = #dx;)
        } else {
            quote!(let mut #td = ::core::clone::Clone::clone(#dx);)
        }
    });
    let (ybar, ybar_d, stack) = (local("__ybar"), local("__ybar_d"), local("__stack"));
    let form = exits::lower(sig.f);
    let active = analyze::activity(&form.func, &v.seed(sig));
    let storage = analyze::storage(&form.func, &active, true);
    let ctx = Ctx {
        f: &form.func,
        active: &active,
        s: sig.s,
        lanes: false,
        second: false,
    };
    let tctx = Ctx {
        lanes: true,
        ..Ctx {
            f: &form.func,
            active: &active,
            s: sig.s,
            lanes: false,
            second: false,
        }
    };
    let adj = Adjoint::new(&ctx, Some(&tctx), &storage, stack.clone(), form.ret);
    let b = adj.body(&form, &quote!(#ybar), Some(&quote!(#ybar_d)));
    let pick = |p: &Param| if all { p.real } else { p.active };
    let group = |copy: sweep::Copy| {
        let parts: Vec<TokenStream> = params
            .iter()
            .map(|p| {
                if pick(p) {
                    ctx.place(&crate::ir::Place::var(p.var), copy)
                } else {
                    quote!(())
                }
            })
            .collect();
        if !all && parts.len() == 1 {
            quote!(#(#parts)*)
        } else {
            quote!((#(#parts,)*))
        }
    };
    let (cots, cot_ds) = (
        group(sweep::Copy::Adjoint),
        group(sweep::Copy::AdjointTangent),
    );
    let types = |vv: Variant| {
        let t: Vec<TokenStream> = params.iter().map(|p| cotangent(vv, p)).collect();
        if !all && t.len() == 1 {
            quote!(#(#t)*)
        } else {
            quote!((#(#t,)*))
        }
    };
    let (cot_ty, cot_d_ty) = (types(scalar_v), types(v));
    let (dout, lout) = (
        scalar_v.derivative(&types::owned(out)),
        v.derivative(&types::owned(out)),
    );
    let (o, od) = (local("__out"), local("__out_d"));
    let zeros = unseeded(sig, &params, &active, &|x| tctx.zero_tangent(x), false);
    let code = body(quote!(#(#prologue)* #zeros #b (#o, #od, #cots, #cot_ds)));
    let name = if all {
        quote!(__adjoint_tangent)
    } else {
        quote!(__adjoint_tangent_wrt)
    };
    quote! {
        #[doc(hidden)]
        #[inline]
        pub fn #name #g (#(#decl,)* #(#d,)* #ybar: &#dout, #ybar_d: &#lout, #stack: &mut ::jacobian::Stack<#s>)
            -> (#out, #lout, #cot_ty, #cot_d_ty) #w { #code }
    }
}
