//! `mod tangent`: the forward-mode derivative `(y, J·v)` differentiated with respect to
//! every float parameter and the directions `v` of the active ones. Its tangent needs
//! vᵀ∇²yₖ·d for every output scalar `k` (one tangent-over-adjoint sweep each), its
//! adjoint one sweep in the direction `v` seeded with the caller's cotangents.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, ToTokens};
use syn::{Ident, Type};

use super::{add_hessian_lanes, dir_name, first_order_only, hessian_sweep, lane_seeds};
use super::{head, one_lane, owned_value, returned_cotangents, zero_cotangents, Head};
use crate::emit::internal;
use crate::emit::paths::JR;
use crate::emit::Sig;
use crate::ir::Param;
use crate::sweep;
use crate::types;

/// `pub mod tangent { __tangent, __adjoint }`.
pub(in crate::emit) fn tangent(sig: &Sig) -> TokenStream {
    let (tangent, adjoint) = (tangent_sweep(sig), adjoint_sweep(sig));
    q! {
        #[doc(hidden)]
        pub mod tangent {
            use super::*;
            #tangent
            #adjoint
        }
    }
}

/// The direction parameter `v` of an active parameter, its type and its tangent's name.
fn v_name(sig: &Sig, p: &Param) -> Ident {
    format_ident!("__v_{}", sig.name(p), span = Span::mixed_site())
}

fn dv_name(sig: &Sig, p: &Param) -> Ident {
    format_ident!("__dv_{}", sig.name(p), span = Span::mixed_site())
}

fn vo_name(sig: &Sig, p: &Param) -> Ident {
    format_ident!("__vo_{}", sig.name(p), span = Span::mixed_site())
}

fn v_ty(p: &Param) -> Type {
    types::passed(&types::owned(&p.ty), p.scalar)
}

/// `__v_x: V` for every active parameter, and their tangents `__dv_x: &dV` in `n`.
fn extras(sig: &Sig, n: &Ident) -> (Vec<TokenStream>, Vec<TokenStream>) {
    sig.active()
        .into_iter()
        .map(|p| {
            let (v, dv, ty) = (v_name(sig, p), dv_name(sig, p), v_ty(p));
            let dty = internal::input(sig, &ty, n);
            (q!(#v: #ty), q!(#dv: &#dty))
        })
        .unzip()
}

/// `let __vo_x = ..;`: every direction as a reference to its owned type.
fn owned_directions(sig: &Sig) -> Vec<TokenStream> {
    sig.active()
        .into_iter()
        .map(|p| {
            let (vo, v) = (vo_name(sig, p), v_name(sig, p));
            let r = owned_value(sig, &q!(#v), &v_ty(p));
            q!(let #vo = #r;)
        })
        .collect()
}

/// `__tangent(params, v, d_params, δv) -> ((y, J·v), (J·d, Σₖ eₖ vᵀ∇²yₖ·d + J·δv))`.
fn tangent_sweep(sig: &Sig) -> TokenStream {
    let Head { g, w, decl, d } = head(sig, false);
    let (s, out) = (sig.s.ty(), sig.out);
    let c = sweep::carrier();
    let dout = internal::derivative(sig, out, &c);
    let (vs, dvs) = extras(sig, &c);
    let (a, dn) = (sig.pass_args(), sig.params().map(|p| sig.dname(p)));
    let va = sig.active().into_iter().map(|p| v_name(sig, p));
    // J·δv: a tangent sweep with δv in the active parameters' places.
    let dv = sig.params().map(|p| {
        if !p.active {
            let r = sig.by_ref(p);
            q!(&#JR::zeros::<#s, #c, _>(#r))
        } else if types::slice_elem(&p.ty).is_none()
            && types::vec_elem(&types::owned(&p.ty)).is_some()
        {
            let dv = dv_name(sig, p);
            q!(&#dv.to_vec())
        } else {
            dv_name(sig, p).to_token_stream()
        }
    });
    let t = types::owned(out);
    let vos = owned_directions(sig);
    let mix = sig
        .params()
        .enumerate()
        .filter(|(_, p)| p.active)
        .map(|(i, p)| {
            let (vo, ty, i) = (vo_name(sig, p), types::owned(&p.ty), syn::Index::from(i));
            q! {
                *#JR::Shape::scalar_mut(&mut __col, __k) += #JR::flat_dot(
                    #vo,
                    &#JR::lane_value::<#s, #JR::Bar<#s, 1>, #ty>(&__h.#i, 0),
                );
            }
        });
    let seeds = lane_seeds(sig, &c);
    let sweep = hessian_sweep(sig, &q!(&__seed), &q!(__st));
    let check = first_order_only(sig, &c);
    q! {
        #[doc(hidden)]
        #[inline]
        pub fn __tangent #g (#(#decl,)* #(#vs,)* #(#d,)* #(#dvs),*) -> ((#out, #out), (#dout, #dout)) #w {
            #check
            let (__y, __t) = super::tangent(#(#a,)* #(#va),*);
            if <#c as #JR::Directional<#s>>::WIDTH == 0 {
                let (__dy, __dt) = (#JR::zeros::<#s, #c, _>(&__y), #JR::zeros::<#s, #c, _>(&__t));
                return ((__y, __t), (__dy, __dt));
            }
            let (_, __dy) = super::__tangent(#(#a,)* #(#dn),*);
            let (_, mut __dt) = super::__tangent(#(#a,)* #(#dv),*);
            #(#vos)*
            for __l in 0..<#c as #JR::Directional<#s>>::WIDTH {
                #(#seeds)*
                let mut __col: #t = #JR::Shape::zero_like(&__y);
                for __k in 0..#JR::Shape::len(&__y) {
                    let __seed = #JR::value_bar::<#s, #t>(&#JR::unit(&__y, __k));
                    ::jacobian::with_stack(|__st| {
                        #sweep
                        #(#mix)*
                    });
                }
                #JR::add_lane::<#s, #c, #s, #t>(&mut __dt, __l, &__col, #JR::Pick::Lane(0));
            }
            ((__y, __t), (__dy, __dt))
        }
    }
}

/// `__adjoint(params, v, d_params, δv, (ŷ, ẏ̄)) -> ((y, J·v), (Jᵀŷ + Σₖẏ̄ₖ∇²yₖ·v, Jᵀẏ̄))`:
/// one sweep per cotangent direction, in the direction `v`, seeded with ẏ̄ (its value)
/// and ŷ (its tangent).
fn adjoint_sweep(sig: &Sig) -> TokenStream {
    let Head { g, w, decl, d } = head(sig, true);
    let (s, out) = (sig.s.ty(), sig.out);
    let b = sweep::cotangent();
    let dout = internal::derivative(sig, out, &b);
    let (vs, dvs) = extras(sig, &sweep::carrier());
    let a = sig.pass_args();
    let va = sig.active().into_iter().map(|p| v_name(sig, p));
    let mut cots: Vec<TokenStream> = sig.params().map(|p| internal::cotangent(sig, p)).collect();
    let mut ret = returned_cotangents(sig);
    let mut zeros = zero_cotangents(sig, &b);
    let (lane, t) = (one_lane(sig), types::owned(out));
    let vos = owned_directions(sig);
    let seeds = sig.params().filter(|p| p.real).map(|p| {
        let (e, ty) = (dir_name(sig, p), types::owned(&p.ty));
        if p.active {
            let vo = vo_name(sig, p);
            q!(let #e = #JR::one_lane::<#s, #s, #ty>(#vo, 0);)
        } else {
            let r = sig.by_ref(p);
            q!(let #e = #JR::zeros::<#s, #lane, _>(#r);)
        }
    });
    let mut vadds = Vec::new();
    for (i, p) in sig.params().enumerate().filter(|(_, p)| p.active) {
        let (cv, vo, ty) = (
            format_ident!("__cv_{}", sig.name(p), span = Span::mixed_site()),
            vo_name(sig, p),
            types::owned(&p.ty),
        );
        let i = syn::Index::from(i);
        cots.push(internal::derivative(sig, &v_ty(p), &b).to_token_stream());
        ret.push(cv.to_token_stream());
        zeros.push(q!(let mut #cv = #JR::zeros::<#s, #b, _>(#vo);));
        vadds.push(q! {
            #JR::add_lane::<#s, #b, #JR::Bar<#s, 1>, #ty>(&mut #cv, __l, &__h.#i, #JR::Pick::Base);
        });
    }
    let adds = add_hessian_lanes(sig, &b);
    let sweep = hessian_sweep(sig, &q!(&__seed), &q!(__stack));
    let check = first_order_only(sig, &b);
    q! {
        #[doc(hidden)]
        #[inline]
        pub fn __adjoint #g (#(#decl,)* #(#vs,)* #(#d,)* #(#dvs,)* __ybar: &(#dout, #dout), __stack: &mut ::jacobian::Stack<#s>) -> ((#out, #out), (#(#cots,)*)) #w {
            #check
            let (__y, __t) = super::tangent(#(#a,)* #(#va),*);
            #(#vos)*
            #(#zeros)*
            for __l in 0..<#b as #JR::Directional<#s>>::WIDTH {
                #(#seeds)*
                let __seed = #JR::bar_seed::<#s, #b, #t>(
                    &#JR::lane_value::<#s, #b, #t>(&(*__ybar).1, __l),
                    &(*__ybar).0,
                    __l,
                );
                #sweep
                #(#adds)*
                #(#vadds)*
            }
            ((__y, __t), (#(#ret,)*))
        }
    }
}
