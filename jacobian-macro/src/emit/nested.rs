//! Derivatives of derivatives: `mod gradient` beside the public `fn gradient` (a module
//! and a function may share a name), holding the internal sweeps that make a call of
//! `f::gradient(..)` inside another differentiated function a differentiable call.
//!
//! The gradient's derivative is the Hessian, so both sweeps run the function's
//! tangent-over-adjoint sweep (`__adjoint` over `Lanes<S, 1>` and `Bar<S, 1>`) once per
//! direction the caller's number type holds: the tangent applies H to the caller's
//! tangents, the adjoint (H symmetric) to its cotangents of the gradient. Callers'
//! second-order modes would need third derivatives and are refused when instantiated.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, ToTokens};
use syn::Ident;

use super::internal::{self, Variant};
use super::Sig;
use crate::emit::paths::{self, JR};
use crate::ir::Param;
use crate::sweep;
use crate::types;

/// `quote!` with the tokens written here at the mixed site: the sweep's own locals and
/// parameters (`__y`, `__l`, `__ybar`, …) cannot clash with the user's names.
macro_rules! q {
    ($($t:tt)*) => {
        quote::quote_spanned!(proc_macro2::Span::mixed_site()=> $($t)*)
    };
}

/// `pub mod gradient { __tangent, __adjoint }` for a function with a scalar result.
pub(super) fn gradient(sig: &Sig) -> TokenStream {
    let alias = paths::declaration();
    let (tangent, adjoint) = (tangent(sig), adjoint(sig));
    q! {
        #[doc(hidden)]
        pub mod gradient {
            use super::*;
            #alias
            #tangent
            #adjoint
        }
    }
}

/// The refusal of the caller's second-order number types, at monomorphization.
fn first_order_only(sig: &Sig, n: &Ident) -> TokenStream {
    let s = sig.s.ty();
    q!(let () = #JR::FirstOrderOnly::<#s, #n>::CHECK;)
}

/// `x` or `&x`: a reference to the parameter's value.
fn by_ref(sig: &Sig, p: &Param) -> TokenStream {
    let x = sig.name(p);
    if p.by_ref {
        q!(#x)
    } else {
        q!(&#x)
    }
}

/// The arguments of a call of the function's sweeps: references and scalars passed on,
/// other values cloned.
fn args(sig: &Sig) -> Vec<TokenStream> {
    sig.params()
        .map(|p| {
            let x = sig.name(p);
            if p.by_ref || p.scalar {
                q!(#x)
            } else {
                q!(::core::clone::Clone::clone(&#x))
            }
        })
        .collect()
}

fn one_lane(sig: &Sig) -> TokenStream {
    let s = sig.s.ty();
    q!(#JR::Lanes<#s, 1>)
}

fn dir_name(sig: &Sig, p: &Param) -> Ident {
    format_ident!("__e_{}", sig.name(p), span = Span::mixed_site())
}

fn cot_name(sig: &Sig, p: &Param) -> Ident {
    format_ident!("__c_{}", sig.name(p), span = Span::mixed_site())
}

/// One tangent-over-adjoint sweep in the direction `__e_*` (one lane each): `__h`, the
/// cotangents of every parameter, whose lane 0 is H·e.
fn hessian_sweep(sig: &Sig, stack: &TokenStream) -> TokenStream {
    let (a, s) = (args(sig), sig.s.ty());
    let dirs: Vec<TokenStream> = sig
        .params()
        .map(|p| {
            if p.real {
                let e = dir_name(sig, p);
                q!(&#e)
            } else {
                // No derivative (an integer, or a struct not differentiated with respect to).
                let (r, lane) = (by_ref(sig, p), one_lane(sig));
                q!(&#JR::zeros::<#s, #lane, _>(#r))
            }
        })
        .collect();
    q! {
        let __one = #JR::unit_bar();
        let (_, __h) = super::__adjoint(#(#a,)* #(#dirs,)* &__one, #stack);
    }
}

/// The active parameters' positions among all parameters, with the parameters.
fn active<'s>(sig: &'s Sig) -> Vec<(usize, &'s Param)> {
    sig.params().enumerate().filter(|(_, p)| p.active).collect()
}

/// The gradient component of active parameter `k` (of `n`) in `v`.
fn component(v: &TokenStream, k: usize, n: usize) -> TokenStream {
    if n == 1 {
        v.clone()
    } else {
        let k = syn::Index::from(k);
        q!(#v.#k)
    }
}

/// `__tangent(params, d_params) -> (gradient, H·d)`, one Hessian sweep per direction.
fn tangent(sig: &Sig) -> TokenStream {
    let v = Variant { all: true };
    let g = internal::generics(sig, false);
    let (w, decl, s) = (&sig.generics.where_clause, sig.decl(false), sig.s.ty());
    let params = v.params(sig);
    let d = internal::tangent_params(sig, &params);
    let c = sweep::carrier();
    let bar: syn::Type = syn::parse2(sig.bar()).expect("the cotangent type parses");
    let dbar = internal::derivative(sig, &bar, &c);
    let plain = args(sig);
    let seeds = sig.params().filter(|p| p.real).map(|p| {
        let (e, ty, dx) = (dir_name(sig, p), types::owned(&p.ty), sig.dname(p));
        let dx = if types::slice_elem(&p.ty).is_some() {
            q!(&#dx.to_vec())
        } else {
            q!(#dx)
        };
        q!(let #e = #JR::one_lane::<#s, #c, #ty>(#dx, __l);)
    });
    let act = active(sig);
    let outs = act.iter().enumerate().map(|(k, (i, p))| {
        let (i, ty) = (syn::Index::from(*i), types::owned(&p.ty));
        let dst = component(&q!(__dg), k, act.len());
        q!(#JR::add_to_lane::<#s, #c, #ty>(&mut #dst, __l, &__h.#i);)
    });
    let sweep = hessian_sweep(sig, &q!(__st));
    let check = first_order_only(sig, &c);
    q! {
        #[doc(hidden)]
        #[inline]
        pub fn __tangent #g (#(#decl,)* #(#d),*) -> (#bar, #dbar) #w {
            #check
            let __g = super::gradient(#(#plain),*);
            let mut __dg = #JR::zeros::<#s, #c, _>(&__g);
            for __l in 0..<#c as #JR::Directional<#s>>::WIDTH {
                #(#seeds)*
                ::jacobian::with_stack(|__st| {
                    #sweep
                    #(#outs)*
                });
            }
            (__g, __dg)
        }
    }
}

/// `__adjoint(params, d_params, ḡ) -> (gradient, cotangents)`: H·ḡ (ḡ in the active
/// parameters' places), one Hessian sweep per direction of the cotangent.
fn adjoint(sig: &Sig) -> TokenStream {
    let v = Variant { all: true };
    let g = internal::generics(sig, true);
    let (w, decl, s) = (&sig.generics.where_clause, sig.decl(false), sig.s.ty());
    let params = v.params(sig);
    let d = internal::tangent_params(sig, &params);
    let b = sweep::cotangent();
    let bar: syn::Type = syn::parse2(sig.bar()).expect("the cotangent type parses");
    let dbar = internal::derivative(sig, &bar, &b);
    let cots: Vec<TokenStream> = params.iter().map(|p| internal::cotangent(sig, p)).collect();
    let (lane, plain) = (one_lane(sig), args(sig));
    let act = active(sig);
    let zeros = sig.params().filter(|p| p.real).map(|p| {
        let (cn, r) = (cot_name(sig, p), by_ref(sig, p));
        q!(let mut #cn = #JR::zeros::<#s, #b, _>(#r);)
    });
    let seeds = sig.params().filter(|p| p.real).map(|p| {
        let (e, r, ty) = (dir_name(sig, p), by_ref(sig, p), types::owned(&p.ty));
        match act.iter().position(|(_, q)| q.var == p.var) {
            Some(k) => {
                let src = component(&q!((*__ybar)), k, act.len());
                q!(let #e = #JR::one_lane::<#s, #b, #ty>(&#src, __l);)
            }
            None => q!(let #e = #JR::zeros::<#s, #lane, _>(#r);),
        }
    });
    let adds = sig
        .params()
        .enumerate()
        .filter(|(_, p)| p.real)
        .map(|(i, p)| {
            let (cn, ty, i) = (cot_name(sig, p), types::owned(&p.ty), syn::Index::from(i));
            q!(#JR::add_to_lane::<#s, #b, #ty>(&mut #cn, __l, &__h.#i);)
        });
    let ret: Vec<TokenStream> = sig
        .params()
        .map(|p| {
            if p.real {
                cot_name(sig, p).to_token_stream()
            } else {
                q!(())
            }
        })
        .collect();
    let sweep = hessian_sweep(sig, &q!(__stack));
    let check = first_order_only(sig, &b);
    q! {
        #[doc(hidden)]
        #[inline]
        pub fn __adjoint #g (#(#decl,)* #(#d,)* __ybar: &#dbar, __stack: &mut ::jacobian::Stack<#s>) -> (#bar, (#(#cots,)*)) #w {
            #check
            let __g = super::gradient(#(#plain),*);
            #(#zeros)*
            for __l in 0..<#b as #JR::Directional<#s>>::WIDTH {
                #(#seeds)*
                #sweep
                #(#adds)*
            }
            (__g, (#(#ret,)*))
        }
    }
}
