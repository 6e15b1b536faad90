//! Derivatives of derivatives: `mod gradient` beside the public `fn gradient` (a module
//! and a function may share a name), holding the internal sweeps that make a call of
//! `f::gradient(..)` inside another differentiated function a differentiable call; the
//! same for `tangent`, `adjoint`, `value_and_gradient`, `laplacian` and `divergence`.
//!
//! Every first-order derivative's derivative is a second-order one, so the sweeps run
//! the function's tangent-over-adjoint sweep (`__adjoint` over `Lanes<S, 1>` and
//! `Bar<S, 1>`) once per direction the caller's number type holds (and, where the
//! derivative has several outputs, per output); the Laplacian's, a third-order one,
//! runs the reverse sweep over Taylor numbers. Callers' second-order modes would need
//! one order more and are refused when instantiated.
//!
//! | module | tangent (per caller direction) | adjoint (per caller direction) |
//! |--|--|--|
//! | `gradient` | H·d | H·ḡ |
//! | `value_and_gradient` | (∇y·d, H·d) | ȳ∇y + H·ḡ |
//! | `adjoint` | (J·d, Σₖȳₖ∇²yₖ·d + Jᵀδȳ) | (Jᵀŷ + Σₖȳₖ∇²yₖ·x̃, J·x̃) |
//! | `tangent` | (J·d, Σₖ eₖ vᵀ∇²yₖ d + J·δv) | (Jᵀŷ + Σₖ ẏ̄ₖ∇²yₖ·v, Jᵀẏ̄) |
//! | `laplacian`, `divergence` | ∇(Δy)·d, ∇(div)·d | ∇(Δy)·ȳ, ∇(div)·ȳ |

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, ToTokens};
use syn::{Ident, Type};

use super::internal::{self, Variant};
use super::Sig;
use crate::emit::paths::JR;
use crate::ir::Param;
use crate::sweep;
use crate::types;

mod adjoint;
mod laplacian;
mod tangent;

pub(super) use adjoint::{adjoint, value_and_gradient};
pub(super) use laplacian::{divergence, laplacian};
pub(super) use tangent::tangent;

/// Whether a function gets the nested modules: not when a parameter or the result is a
/// struct (whose derivatives cannot be read one direction at a time).
pub(super) fn nestable(sig: &Sig) -> bool {
    !sig.params().any(|p| p.record) && !sig.out_record()
}

/// `pub mod gradient { __tangent, __adjoint }` for a function with a scalar result.
pub(super) fn gradient(sig: &Sig) -> TokenStream {
    let (tangent, adjoint) = (gradient_tangent(sig), gradient_adjoint(sig));
    q! {
        #[doc(hidden)]
        pub mod gradient {
            use super::*;
            #tangent
            #adjoint
        }
    }
}

/// The refusal of the caller's second-order number types and sparsity patterns, at
/// monomorphization.
fn first_order_only(sig: &Sig, n: &Ident) -> TokenStream {
    let s = sig.s.ty();
    q! {
        let () = #JR::FirstOrderOnly::<#s, #n>::CHECK;
        let () = #JR::NoPattern::<#s, #n>::CHECK;
    }
}

fn one_lane(sig: &Sig) -> TokenStream {
    let s = sig.s.ty();
    q!(#JR::Lanes<#s, 1>)
}

fn dir_name(sig: &Sig, p: &Param) -> Ident {
    format_ident!("__e_{}", sig.name(p), span = Span::mixed_site())
}

/// The direction arguments of a one-lane sweep: `&__e_x` for the float parameters, a
/// zero for the others (integers, and structs not differentiated with respect to).
fn dirs(sig: &Sig) -> Vec<TokenStream> {
    dirs_in(sig, &one_lane(sig))
}

/// [`dirs`] with the zeros in the number type `lane`.
fn dirs_in(sig: &Sig, lane: &TokenStream) -> Vec<TokenStream> {
    let s = sig.s.ty();
    sig.params()
        .map(|p| {
            if p.real {
                let e = dir_name(sig, p);
                q!(&#e)
            } else {
                let r = sig.by_ref(p);
                q!(&#JR::zeros::<#s, #lane, _>(#r))
            }
        })
        .collect()
}

/// One tangent-over-adjoint sweep in the directions `__e_*` from the cotangent `seed`
/// (a `Bar<S, 1>` container like the result): `__h`, the cotangents of every parameter,
/// whose values are Jᵀ·(seed's value) and tangents Σₖ seedₖ ∇²yₖ·e + Jᵀ·(seed's tangent).
fn hessian_sweep(sig: &Sig, seed: &TokenStream, stack: &TokenStream) -> TokenStream {
    let (a, d) = (sig.pass_args(), dirs(sig));
    q!(let (_, __h) = super::__adjoint(#(#a,)* #(#d,)* #seed, #stack);)
}

/// `let __e_x = ..;`: lane `__l` of every float parameter's tangent `dx` (in `c`).
fn lane_seeds(sig: &Sig, c: &Ident) -> Vec<TokenStream> {
    let s = sig.s.ty();
    sig.params()
        .filter(|p| p.real)
        .map(|p| {
            let (e, ty) = (dir_name(sig, p), types::owned(&p.ty));
            let dx = owned_tangent(&sig.dname(p).to_token_stream(), &p.ty);
            q!(let #e = #JR::one_lane::<#s, #c, #ty>(#dx, __l);)
        })
        .collect()
}

/// A tangent passed as `&Mirror` of a type `ty` (as the sweeps take it), as a reference
/// to the mirror of its owned type: a slice's tangent as a `Vec`.
fn owned_tangent(d: &TokenStream, ty: &Type) -> TokenStream {
    if types::slice_elem(ty).is_some() {
        q!(&#d.to_vec())
    } else {
        d.clone()
    }
}

/// A value of type `ty` as a reference to its owned type: `&x` for a scalar, a slice as
/// a `Vec`.
fn owned_value(sig: &Sig, x: &TokenStream, ty: &Type) -> TokenStream {
    if types::slice_elem(ty).is_some() {
        q!(&#x.to_vec())
    } else if sig.s.matches(ty) {
        q!(&#x)
    } else {
        x.clone()
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

/// `let mut __c_x = 0;` for every float parameter's cotangent (in `b`).
fn zero_cotangents(sig: &Sig, b: &Ident) -> Vec<TokenStream> {
    let s = sig.s.ty();
    sig.params()
        .filter(|p| p.real)
        .map(|p| {
            let (cn, r) = (sig.cot_name(p), sig.by_ref(p));
            q!(let mut #cn = #JR::zeros::<#s, #b, _>(#r);)
        })
        .collect()
}

/// `__c_x` for the float parameters, `()` for the others: an adjoint sweep's cotangents.
fn returned_cotangents(sig: &Sig) -> Vec<TokenStream> {
    sig.params()
        .map(|p| {
            if p.real {
                sig.cot_name(p).to_token_stream()
            } else {
                q!(())
            }
        })
        .collect()
}

/// Adds the tangents of the sweep's `__h` to lane `__l` of every float parameter's
/// cotangent `__c_x` (in `b`).
fn add_hessian_lanes(sig: &Sig, b: &Ident) -> Vec<TokenStream> {
    let s = sig.s.ty();
    sig.params()
        .enumerate()
        .filter(|(_, p)| p.real)
        .map(|(i, p)| {
            let (cn, ty, i) = (sig.cot_name(p), types::owned(&p.ty), syn::Index::from(i));
            q!(#JR::add_to_lane::<#s, #b, #ty>(&mut #cn, __l, &__h.#i);)
        })
        .collect()
}

/// Adds the tangents of the sweep's `__h` of the active parameters to lane `__l` of the
/// gradient's tangent `__dg` (in `c`).
fn add_gradient_lanes(sig: &Sig, c: &Ident) -> Vec<TokenStream> {
    let (s, act) = (sig.s.ty(), active(sig));
    act.iter()
        .enumerate()
        .map(|(k, (i, p))| {
            let (i, ty) = (syn::Index::from(*i), types::owned(&p.ty));
            let dst = component(&q!(__dg), k, act.len());
            q!(#JR::add_to_lane::<#s, #c, #ty>(&mut #dst, __l, &__h.#i);)
        })
        .collect()
}

/// The signature pieces every nested sweep shares: generics, where clause, the
/// parameters and their tangents.
struct Head {
    g: syn::Generics,
    w: Option<syn::WhereClause>,
    decl: Vec<TokenStream>,
    d: Vec<TokenStream>,
}

fn head(sig: &Sig, cotangent: bool) -> Head {
    let params = Variant { all: true }.params(sig);
    Head {
        g: internal::generics(sig, cotangent),
        w: sig.generics.where_clause.clone(),
        decl: sig.decl(false),
        d: internal::tangent_params(sig, &params),
    }
}

/// `__tangent(params, d_params) -> (gradient, H·d)`, one Hessian sweep per direction.
fn gradient_tangent(sig: &Sig) -> TokenStream {
    let Head { g, w, decl, d } = head(sig, false);
    let s = sig.s.ty();
    let c = sweep::carrier();
    let bar = sig.bar_ty();
    let dbar = internal::derivative(sig, &bar, &c);
    let plain = sig.pass_args();
    let seeds = lane_seeds(sig, &c);
    let outs = add_gradient_lanes(sig, &c);
    let sweep = hessian_sweep(sig, &q!(&#JR::unit_bar()), &q!(__st));
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

/// `let __e_x = ..;`: lane `__l` of the cotangent `ḡ` in the active parameters' places
/// (in `b`), zero in the other float parameters'.
fn cotangent_seeds(sig: &Sig, b: &Ident, gbar: &TokenStream) -> Vec<TokenStream> {
    let (s, lane, act) = (sig.s.ty(), one_lane(sig), active(sig));
    sig.params()
        .filter(|p| p.real)
        .map(|p| {
            let (e, r, ty) = (dir_name(sig, p), sig.by_ref(p), types::owned(&p.ty));
            match act.iter().position(|(_, q)| q.var == p.var) {
                Some(k) => {
                    let src = component(gbar, k, act.len());
                    q!(let #e = #JR::one_lane::<#s, #b, #ty>(&#src, __l);)
                }
                None => q!(let #e = #JR::zeros::<#s, #lane, _>(#r);),
            }
        })
        .collect()
}

/// `__adjoint(params, d_params, ḡ) -> (gradient, cotangents)`: H·ḡ (ḡ in the active
/// parameters' places), one Hessian sweep per direction of the cotangent.
fn gradient_adjoint(sig: &Sig) -> TokenStream {
    let Head { g, w, decl, d } = head(sig, true);
    let b = sweep::cotangent();
    let bar = sig.bar_ty();
    let dbar = internal::derivative(sig, &bar, &b);
    let params = Variant { all: true }.params(sig);
    let cots: Vec<TokenStream> = params.iter().map(|p| internal::cotangent(sig, p)).collect();
    let plain = sig.pass_args();
    let zeros = zero_cotangents(sig, &b);
    let seeds = cotangent_seeds(sig, &b, &q!((*__ybar)));
    let adds = add_hessian_lanes(sig, &b);
    let ret = returned_cotangents(sig);
    let sweep = hessian_sweep(sig, &q!(&#JR::unit_bar()), &q!(__stack));
    let (check, s) = (first_order_only(sig, &b), sig.s.ty());
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
