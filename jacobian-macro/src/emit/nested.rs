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
use crate::emit::paths::JR;
use crate::ir::Param;
use crate::sweep;
use crate::types;

/// `pub mod gradient { __tangent, __adjoint }` for a function with a scalar result.
pub(super) fn gradient(sig: &Sig) -> TokenStream {
    let (tangent, adjoint) = (tangent(sig), adjoint(sig));
    q! {
        #[doc(hidden)]
        pub mod gradient {
            use super::*;
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

fn one_lane(sig: &Sig) -> TokenStream {
    let s = sig.s.ty();
    q!(#JR::Lanes<#s, 1>)
}

fn dir_name(sig: &Sig, p: &Param) -> Ident {
    format_ident!("__e_{}", sig.name(p), span = Span::mixed_site())
}

/// One tangent-over-adjoint sweep in the direction `__e_*` (one lane each): `__h`, the
/// cotangents of every parameter, whose lane 0 is H·e.
fn hessian_sweep(sig: &Sig, stack: &TokenStream) -> TokenStream {
    let (a, s) = (sig.pass_args(), sig.s.ty());
    let dirs: Vec<TokenStream> = sig
        .params()
        .map(|p| {
            if p.real {
                let e = dir_name(sig, p);
                q!(&#e)
            } else {
                // No derivative (an integer, or a struct not differentiated with respect to).
                let (r, lane) = (sig.by_ref(p), one_lane(sig));
                q!(&#JR::zeros::<#s, #lane, _>(#r))
            }
        })
        .collect();
    q!(let (_, __h) = super::__adjoint(#(#a,)* #(#dirs,)* &#JR::unit_bar(), #stack);)
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
    let bar = sig.bar_ty();
    let dbar = internal::derivative(sig, &bar, &c);
    let plain = sig.pass_args();
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
    let bar = sig.bar_ty();
    let dbar = internal::derivative(sig, &bar, &b);
    let cots: Vec<TokenStream> = params.iter().map(|p| internal::cotangent(sig, p)).collect();
    let (lane, plain) = (one_lane(sig), sig.pass_args());
    let act = active(sig);
    let zeros = sig.params().filter(|p| p.real).map(|p| {
        let (cn, r) = (sig.cot_name(p), sig.by_ref(p));
        q!(let mut #cn = #JR::zeros::<#s, #b, _>(#r);)
    });
    let seeds = sig.params().filter(|p| p.real).map(|p| {
        let (e, r, ty) = (dir_name(sig, p), sig.by_ref(p), types::owned(&p.ty));
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
            let (cn, ty, i) = (sig.cot_name(p), types::owned(&p.ty), syn::Index::from(i));
            q!(#JR::add_to_lane::<#s, #b, #ty>(&mut #cn, __l, &__h.#i);)
        });
    let ret: Vec<TokenStream> = sig
        .params()
        .map(|p| {
            if p.real {
                sig.cot_name(p).to_token_stream()
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

/// `pub mod laplacian { __tangent, __adjoint }` for a function with a scalar result: the
/// gradient of the Laplacian, ∇Δy with respect to every float parameter, from the
/// reverse sweep run over collapsed Taylor numbers (`TaylorBar`) in chunks of unit
/// directions of the Laplacian's inputs; each sweep reads the primitives' third partials.
pub(super) fn laplacian(sig: &Sig) -> TokenStream {
    let (grad, grads) = (laplacian_grad(sig), laplacian_grads(sig));
    let (tangent, adjoint) = (laplacian_tangent(sig), laplacian_adjoint(sig));
    q! {
        #[doc(hidden)]
        pub mod laplacian {
            use super::*;
            #grad
            #grads
            #tangent
            #adjoint
        }
    }
}

fn owned_name(sig: &Sig, p: &Param) -> Ident {
    format_ident!("__x_{}", sig.name(p), span = Span::mixed_site())
}

fn grad_name(sig: &Sig, p: &Param) -> Ident {
    format_ident!("__g_{}", sig.name(p), span = Span::mixed_site())
}

fn offset_name(sig: &Sig, p: &Param) -> Ident {
    format_ident!("__o_{}", sig.name(p), span = Span::mixed_site())
}

/// The float parameters' owned types, as the tuple `__grad` returns.
fn real_tuple(sig: &Sig) -> TokenStream {
    let tys = sig.params().filter(|p| p.real).map(|p| types::owned(&p.ty));
    q!((#(#tys,)*))
}

/// `__grad(params, width)`: ∇Δy in chunks of `__N` directions.
fn laplacian_grad(sig: &Sig) -> TokenStream {
    let s = sig.s.ty();
    let mut g = sig.generics.clone();
    g.params.push(syn::parse_quote!(const __N: usize));
    let (w, decl) = (&sig.generics.where_clause, sig.decl(false));
    let taylor = q!(#JR::Taylor<#s, __N>);
    let owned = sig.params().filter(|p| p.real).map(|p| {
        let (x, r, ty) = (owned_name(sig, p), sig.by_ref(p), types::owned(&p.ty));
        let gn = grad_name(sig, p);
        q! {
            let #x: #ty = ::std::borrow::ToOwned::to_owned(#r);
            let mut #gn: #ty = #JR::Shape::zero_like(&#x);
        }
    });
    let offsets = sig.params().filter(|p| p.active).map(|p| {
        let (o, x) = (offset_name(sig, p), owned_name(sig, p));
        q! {
            let #o = __n;
            __n += #JR::Shape::len(&#x);
        }
    });
    let seeds = sig.params().filter(|p| p.real).map(|p| {
        let (e, x, ty, r) = (
            dir_name(sig, p),
            owned_name(sig, p),
            types::owned(&p.ty),
            sig.by_ref(p),
        );
        if p.active {
            let o = offset_name(sig, p);
            q!(let #e = #JR::taylor_seed::<#s, __N, #ty>(&#x, __k, #o);)
        } else {
            q!(let #e = #JR::zeros::<#s, #taylor, _>(#r);)
        }
    });
    let dirs = sig.params().map(|p| {
        if p.real {
            let e = dir_name(sig, p);
            q!(&#e)
        } else {
            let r = sig.by_ref(p);
            q!(&#JR::zeros::<#s, #taylor, _>(#r))
        }
    });
    let adds = sig
        .params()
        .enumerate()
        .filter(|(_, p)| p.real)
        .map(|(i, p)| {
            let (gn, ty, i) = (grad_name(sig, p), types::owned(&p.ty), syn::Index::from(i));
            q!(#JR::add_values::<#s, __N, #ty>(&mut #gn, &__h.#i);)
        });
    let ret = sig.params().filter(|p| p.real).map(|p| grad_name(sig, p));
    let (a, rt) = (sig.pass_args(), real_tuple(sig));
    q! {
        #[inline]
        fn __grad #g (#(#decl,)* _: ::core::marker::PhantomData<[(); __N]>) -> #rt #w {
            #(#owned)*
            let mut __n = 0usize;
            #(#offsets)*
            let mut __k = 0usize;
            while __k < __n {
                #(#seeds)*
                let (_, __h) = ::jacobian::with_stack(|__st| super::__adjoint(#(#a,)* #(#dirs,)* &#JR::laplacian_seed(), __st));
                #(#adds)*
                __k += __N;
            }
            (#(#ret,)*)
        }
    }
}

/// `__grads(params)`: `__grad` with the lane width the number of inputs calls for.
fn laplacian_grads(sig: &Sig) -> TokenStream {
    let g = &sig.generics;
    let (w, decl) = (&sig.generics.where_clause, sig.decl(false));
    let lens = sig.params().filter(|p| p.active).map(|p| {
        let r = sig.by_ref(p);
        q!(#JR::Shape::len(&::std::borrow::ToOwned::to_owned(#r)))
    });
    let (a, rt) = (sig.pass_args(), real_tuple(sig));
    let width = |n: usize| q!(__grad(#(#a,)* ::core::marker::PhantomData::<[(); #n]>));
    let (w2, w4, w8) = (width(2), width(4), width(8));
    q! {
        #[inline]
        fn __grads #g (#(#decl),*) -> #rt #w {
            match 0usize #(+ #lens)* {
                0..=2 => #w2,
                3 | 4 => #w4,
                _ => #w8,
            }
        }
    }
}

/// `__tangent(params, d_params) -> (Δy, ∇Δy·d)`.
fn laplacian_tangent(sig: &Sig) -> TokenStream {
    let v = Variant { all: true };
    let g = internal::generics(sig, false);
    let (w, decl, s, out) = (
        &sig.generics.where_clause,
        sig.decl(false),
        sig.s.ty(),
        sig.out,
    );
    let params = v.params(sig);
    let d = internal::tangent_params(sig, &params);
    let c = sweep::carrier();
    let a = sig.pass_args();
    let terms = sig.params().filter(|p| p.real).enumerate().map(|(k, p)| {
        let (ty, dx, k) = (types::owned(&p.ty), sig.dname(p), syn::Index::from(k));
        let dx = if types::slice_elem(&p.ty).is_some() {
            q!(&#dx.to_vec())
        } else {
            q!(#dx)
        };
        q!(__t += #JR::dot_lane::<#s, #c, #ty>(&__g.#k, #dx, __l);)
    });
    let check = first_order_only(sig, &c);
    q! {
        #[doc(hidden)]
        #[inline]
        pub fn __tangent #g (#(#decl,)* #(#d),*) -> (#out, #c) #w {
            #check
            let __y = super::laplacian(#(#a),*);
            let mut __dy = <#c as #JR::Carrier<#s>>::zero();
            if <#c as #JR::Directional<#s>>::WIDTH == 0 {
                // The value alone (the forward part of the caller's reverse sweep).
                return (__y, __dy);
            }
            let __g = __grads(#(#a),*);
            for __l in 0..<#c as #JR::Directional<#s>>::WIDTH {
                let mut __t = <#s as #JR::Zero>::zero();
                #(#terms)*
                #JR::Directional::set_lane(&mut __dy, __l, __t);
            }
            (__y, __dy)
        }
    }
}

/// `__adjoint(params, d_params, ȳ) -> (Δy, ȳ·∇Δy)`.
fn laplacian_adjoint(sig: &Sig) -> TokenStream {
    let v = Variant { all: true };
    let g = internal::generics(sig, true);
    let (w, decl, s, out) = (
        &sig.generics.where_clause,
        sig.decl(false),
        sig.s.ty(),
        sig.out,
    );
    let params = v.params(sig);
    let d = internal::tangent_params(sig, &params);
    let b = sweep::cotangent();
    let cots: Vec<TokenStream> = params.iter().map(|p| internal::cotangent(sig, p)).collect();
    let a = sig.pass_args();
    let zeros = sig.params().filter(|p| p.real).map(|p| {
        let (cn, r) = (sig.cot_name(p), sig.by_ref(p));
        q!(let mut #cn = #JR::zeros::<#s, #b, _>(#r);)
    });
    let adds = sig.params().filter(|p| p.real).enumerate().map(|(k, p)| {
        let (cn, ty, k) = (sig.cot_name(p), types::owned(&p.ty), syn::Index::from(k));
        q!(#JR::add_scaled_to_lane::<#s, #b, #ty>(&mut #cn, __l, __k, &__g.#k);)
    });
    let ret = sig.params().map(|p| {
        if p.real {
            sig.cot_name(p).to_token_stream()
        } else {
            q!(())
        }
    });
    let check = first_order_only(sig, &b);
    q! {
        #[doc(hidden)]
        #[inline]
        pub fn __adjoint #g (#(#decl,)* #(#d,)* __ybar: &#b, __stack: &mut ::jacobian::Stack<#s>) -> (#out, (#(#cots,)*)) #w {
            #check
            let __y = super::laplacian(#(#a),*);
            let __g = __grads(#(#a),*);
            #(#zeros)*
            for __l in 0..<#b as #JR::Directional<#s>>::WIDTH {
                let __k = #JR::Directional::lane(__ybar, __l);
                #(#adds)*
            }
            (__y, (#(#ret,)*))
        }
    }
}
