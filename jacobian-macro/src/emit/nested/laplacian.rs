//! `mod laplacian` and `mod divergence`: derivatives whose value is one scalar, so that
//! both nested sweeps apply one gradient (`__grads`, with respect to every float
//! parameter) to the caller's directions or cotangents.

use proc_macro2::{Span, TokenStream};
use quote::format_ident;
use syn::Ident;

use super::{dir_name, one_lane, owned_tangent};
use super::{dirs, first_order_only, head, returned_cotangents, zero_cotangents, Head};
use crate::emit::paths::JR;
use crate::emit::Sig;
use crate::ir::Param;
use crate::sweep;
use crate::types;

/// `pub mod laplacian { __tangent, __adjoint }` for a function with a scalar result: the
/// gradient of the Laplacian, ∇Δy with respect to every float parameter, from the
/// reverse sweep run over collapsed Taylor numbers (`TaylorBar`) in chunks of unit
/// directions of the Laplacian's inputs; each sweep reads the primitives' third partials.
pub(in crate::emit) fn laplacian(sig: &Sig) -> TokenStream {
    let (grad, grads) = (laplacian_grad(sig), laplacian_grads(sig));
    let form = Scalar {
        value: q!(laplacian),
        out: sig.out.clone(),
    };
    let (tangent, adjoint) = (form.tangent(sig), form.adjoint(sig));
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

/// `pub mod divergence { __tangent, __adjoint }`: ∇(div y) = Σᵢ ∇²yᵢ·eᵢ with respect to
/// every float parameter, one tangent-over-adjoint sweep per input (output) scalar.
pub(in crate::emit) fn divergence(sig: &Sig) -> TokenStream {
    let grads = divergence_grads(sig);
    let s = sig.s.ty();
    let form = Scalar {
        value: q!(divergence),
        out: syn::parse_quote!(#s),
    };
    let (tangent, adjoint) = (form.tangent(sig), form.adjoint(sig));
    q! {
        #[doc(hidden)]
        pub mod divergence {
            use super::*;
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

/// The float parameters' owned types, as the tuple `__grads` returns.
fn real_tuple(sig: &Sig) -> TokenStream {
    let tys = sig.params().filter(|p| p.real).map(|p| types::owned(&p.ty));
    q!((#(#tys,)*))
}

/// Owned copies `__x_*` of the float parameters, zero gradients `__g_*` like them, and
/// the active ones' offsets `__o_*` among the `__n` inputs.
fn owned_and_offsets(sig: &Sig) -> TokenStream {
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
    q! {
        #(#owned)*
        let mut __n = 0usize;
        #(#offsets)*
    }
}

/// `let __e_x = ..;` for every float parameter: `seed(type, &__x_x, offset)` for the
/// active ones (the inputs), a zero in `number` for the others.
fn input_seeds(
    sig: &Sig,
    number: &TokenStream,
    seed: &dyn Fn(&syn::Type, &TokenStream, &Ident) -> TokenStream,
) -> Vec<TokenStream> {
    let s = sig.s.ty();
    sig.params()
        .filter(|p| p.real)
        .map(|p| {
            let (e, x, ty) = (dir_name(sig, p), owned_name(sig, p), types::owned(&p.ty));
            if p.active {
                let v = seed(&ty, &q!(&#x), &offset_name(sig, p));
                q!(let #e = #v;)
            } else {
                let r = sig.by_ref(p);
                q!(let #e = #JR::zeros::<#s, #number, _>(#r);)
            }
        })
        .collect()
}

/// `__grad(params, width)`: ∇Δy in chunks of `__N` directions.
fn laplacian_grad(sig: &Sig) -> TokenStream {
    let s = sig.s.ty();
    let mut g = sig.generics.clone();
    g.params.push(syn::parse_quote!(const __N: usize));
    let (w, decl) = (&sig.generics.where_clause, sig.decl(false));
    let taylor = q!(#JR::Taylor<#s, __N>);
    let prologue = owned_and_offsets(sig);
    let seeds = input_seeds(
        sig,
        &taylor,
        &|ty, x, o| q!(#JR::taylor_seed::<#s, __N, #ty>(#x, __k, #o)),
    );
    let dirs = super::dirs_in(sig, &taylor);
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
            #prologue
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

/// `__grads(params)`: Σᵢ ∇²yᵢ·eᵢ over the inputs `i` (which are the outputs' count),
/// one tangent-over-adjoint sweep from output `i` in direction `i` each.
fn divergence_grads(sig: &Sig) -> TokenStream {
    let (g, w, decl) = (&sig.generics, &sig.generics.where_clause, sig.decl(false));
    let (s, lane) = (sig.s.ty(), one_lane(sig));
    // The value from the forward sweep without tangents (a function declared in a
    // block cannot be named by path).
    let none = sig.params().map(|p| {
        let r = sig.by_ref(p);
        q!(&#JR::zeros::<#s, #JR::NoTangent, _>(#r))
    });
    let out = types::owned(sig.out);
    let prologue = owned_and_offsets(sig);
    let seeds = input_seeds(
        sig,
        &lane,
        &|ty, x, o| q!(#JR::unit_direction::<#s, #ty>(#x, __k, #o)),
    );
    let dirs = dirs(sig);
    let adds = sig
        .params()
        .enumerate()
        .filter(|(_, p)| p.real)
        .map(|(i, p)| {
            let (gn, ty, i) = (grad_name(sig, p), types::owned(&p.ty), syn::Index::from(i));
            q!(#JR::add_to_lane::<#s, #s, #ty>(&mut #gn, 0, &__h.#i);)
        });
    let ret = sig.params().filter(|p| p.real).map(|p| grad_name(sig, p));
    let (a, rt) = (sig.pass_args(), real_tuple(sig));
    q! {
        #[inline]
        fn __grads #g (#(#decl),*) -> #rt #w {
            let (__y, _): (#out, _) = super::__tangent(#(#a,)* #(#none),*);
            #prologue
            for __k in 0..__n {
                #(#seeds)*
                let __seed = #JR::value_bar::<#s, #out>(&#JR::unit(&__y, __k));
                let (_, __h) = ::jacobian::with_stack(|__st| super::__adjoint(#(#a,)* #(#dirs,)* &__seed, __st));
                #(#adds)*
            }
            (#(#ret,)*)
        }
    }
}

/// A derivative with a scalar value (`super::#value(params)`, of type `out`) and the
/// gradient `__grads(params)`.
struct Scalar {
    value: TokenStream,
    out: syn::Type,
}

impl Scalar {
    /// `__tangent(params, d_params) -> (value, ∇value·d)`.
    fn tangent(&self, sig: &Sig) -> TokenStream {
        let Head { g, w, decl, d } = head(sig, false);
        let (s, out, value) = (sig.s.ty(), &self.out, &self.value);
        let c = sweep::carrier();
        let a = sig.pass_args();
        let terms = sig.params().filter(|p| p.real).enumerate().map(|(k, p)| {
            let (ty, k, dn) = (types::owned(&p.ty), syn::Index::from(k), sig.dname(p));
            let dx = owned_tangent(&q!(#dn), &p.ty);
            q!(__t += #JR::dot_lane::<#s, #c, #ty>(&__g.#k, #dx, __l);)
        });
        let check = first_order_only(sig, &c);
        q! {
            #[doc(hidden)]
            #[inline]
            pub fn __tangent #g (#(#decl,)* #(#d),*) -> (#out, #c) #w {
                #check
                let __y = super::#value(#(#a),*);
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

    /// `__adjoint(params, d_params, ȳ) -> (value, ȳ·∇value)`.
    fn adjoint(&self, sig: &Sig) -> TokenStream {
        let Head { g, w, decl, d } = head(sig, true);
        let (s, out, value) = (sig.s.ty(), &self.out, &self.value);
        let b = sweep::cotangent();
        let cots = sig
            .params()
            .map(|p| crate::emit::internal::cotangent(sig, p));
        let a = sig.pass_args();
        let zeros = zero_cotangents(sig, &b);
        let adds = sig.params().filter(|p| p.real).enumerate().map(|(k, p)| {
            let (cn, ty, k) = (sig.cot_name(p), types::owned(&p.ty), syn::Index::from(k));
            q!(#JR::add_scaled_to_lane::<#s, #b, #ty>(&mut #cn, __l, __k, &__g.#k);)
        });
        let ret = returned_cotangents(sig);
        let check = first_order_only(sig, &b);
        q! {
            #[doc(hidden)]
            #[inline]
            pub fn __adjoint #g (#(#decl,)* #(#d,)* __ybar: &#b, __stack: &mut ::jacobian::Stack<#s>) -> (#out, (#(#cots,)*)) #w {
                #check
                let __y = super::#value(#(#a),*);
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
}
