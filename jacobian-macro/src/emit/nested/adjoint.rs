//! `mod adjoint` and `mod value_and_gradient`: the reverse-mode derivatives
//! `(y, Jᵀȳ)`, with ȳ a parameter or, for a scalar result's `value_and_gradient`, one.
//! Both nested sweeps run the tangent-over-adjoint sweep from the cotangent seed ȳ:
//! its value is Jᵀȳ and its tangent Σₖȳₖ∇²yₖ·e + Jᵀ·(the seed's tangent).

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::Type;

use super::{add_gradient_lanes, add_hessian_lanes, cotangent_seeds, dirs, first_order_only};
use super::{head, returned_cotangents, zero_cotangents, Head};
use super::{hessian_sweep, lane_seeds, one_lane, owned_tangent, owned_value};
use crate::emit::internal;
use crate::emit::paths::JR;
use crate::emit::Sig;
use crate::sweep;
use crate::types;

/// `pub mod adjoint { __tangent, __adjoint }`: `adjoint(params, ȳ)` differentiated with
/// respect to every float parameter and ȳ.
pub(in crate::emit) fn adjoint(sig: &Sig) -> TokenStream {
    let form = Form { ybar: true };
    let (tangent, adjoint) = (form.tangent(sig), form.adjoint(sig));
    q! {
        #[doc(hidden)]
        pub mod adjoint {
            use super::*;
            #tangent
            #adjoint
        }
    }
}

/// `pub mod value_and_gradient { __tangent, __adjoint }` for a scalar result.
pub(in crate::emit) fn value_and_gradient(sig: &Sig) -> TokenStream {
    let form = Form { ybar: false };
    let (tangent, adjoint) = (form.tangent(sig), form.adjoint(sig));
    q! {
        #[doc(hidden)]
        pub mod value_and_gradient {
            use super::*;
            #tangent
            #adjoint
        }
    }
}

/// Whether ȳ is a parameter (`adjoint`) or one (`value_and_gradient`).
struct Form {
    ybar: bool,
}

impl Form {
    /// ȳ's declared type.
    fn ybar_ty(sig: &Sig) -> Type {
        sig.ybar_ty()
    }

    /// `__yb: Y` (and its tangent `__dyb: &dY` in `n`), when ȳ is a parameter.
    fn extra(&self, sig: &Sig, n: &syn::Ident) -> (Option<TokenStream>, Option<TokenStream>) {
        if !self.ybar {
            return (None, None);
        }
        let ty = Self::ybar_ty(sig);
        let dty = internal::input(sig, &ty, n);
        (Some(q!(__yb: #ty,)), Some(q!(__dyb: &#dty,)))
    }

    /// `(y, Jᵀȳ)`, from the public function.
    fn value(&self, sig: &Sig) -> TokenStream {
        let a = sig.pass_args();
        if self.ybar {
            q!(super::adjoint(#(#a,)* __yb))
        } else {
            q!(super::value_and_gradient(#(#a),*))
        }
    }

    /// `let __ybo = ..;`: ȳ as a reference to the result's owned type.
    fn owned_ybar(&self, sig: &Sig) -> TokenStream {
        if self.ybar {
            let v = owned_value(sig, &q!(__yb), &Self::ybar_ty(sig));
            q!(let __ybo = #v;)
        } else {
            let s = sig.s.ty();
            q!(let __ybo = &<#s as #JR::One>::one();)
        }
    }

    /// `__tangent(params, ȳ, d_params, δȳ) -> ((y, Jᵀȳ), (J·d, Σₖȳₖ∇²yₖ·d + Jᵀδȳ))`.
    fn tangent(&self, sig: &Sig) -> TokenStream {
        let Head { g, w, decl, d } = head(sig, false);
        let (s, out, bar) = (sig.s.ty(), sig.out, sig.bar_ty());
        let c = sweep::carrier();
        let (dout, dbar) = (
            internal::derivative(sig, out, &c),
            internal::derivative(sig, &bar, &c),
        );
        let (yb, dyb) = self.extra(sig, &c);
        let (value, ybo) = (self.value(sig), self.owned_ybar(sig));
        let (a, dn) = (sig.pass_args(), sig.params().map(|p| sig.dname(p)));
        let t = types::owned(out);
        let seed = if self.ybar {
            let dy = owned_tangent(&q!(__dyb), &Self::ybar_ty(sig));
            q!(#JR::bar_seed::<#s, #c, #t>(__ybo, #dy, __l))
        } else {
            q!(#JR::unit_bar::<#s>())
        };
        let seeds = lane_seeds(sig, &c);
        let outs = add_gradient_lanes(sig, &c);
        let sweep = hessian_sweep(sig, &q!(&__seed), &q!(__st));
        let check = first_order_only(sig, &c);
        q! {
            #[doc(hidden)]
            #[inline]
            pub fn __tangent #g (#(#decl,)* #yb #(#d,)* #dyb) -> ((#out, #bar), (#dout, #dbar)) #w {
                #check
                let (__y, __g) = #value;
                let mut __dg = #JR::zeros::<#s, #c, _>(&__g);
                if <#c as #JR::Directional<#s>>::WIDTH == 0 {
                    let __dy = #JR::zeros::<#s, #c, _>(&__y);
                    return ((__y, __g), (__dy, __dg));
                }
                let (_, __dy) = super::__tangent(#(#a,)* #(#dn),*);
                #ybo
                for __l in 0..<#c as #JR::Directional<#s>>::WIDTH {
                    #(#seeds)*
                    let __seed = #seed;
                    ::jacobian::with_stack(|__st| {
                        #sweep
                        #(#outs)*
                    });
                }
                ((__y, __g), (__dy, __dg))
            }
        }
    }

    /// `__adjoint(params, ȳ, d_params, δȳ, (ŷ, x̃)) -> ((y, Jᵀȳ), (Jᵀŷ + Σₖȳₖ∇²yₖ·x̃, J·x̃))`.
    fn adjoint(&self, sig: &Sig) -> TokenStream {
        let Head { g, w, decl, d } = head(sig, true);
        let (s, out, bar) = (sig.s.ty(), sig.out, sig.bar_ty());
        let b = sweep::cotangent();
        let (dout, dbar) = (
            internal::derivative(sig, out, &b),
            internal::derivative(sig, &bar, &b),
        );
        let (yb, dyb) = self.extra(sig, &sweep::carrier());
        let mut cots: Vec<TokenStream> =
            sig.params().map(|p| internal::cotangent(sig, p)).collect();
        let (value, ybo) = (self.value(sig), self.owned_ybar(sig));
        let t = types::owned(out);
        let zeros = zero_cotangents(sig, &b);
        let seeds = cotangent_seeds(sig, &b, &q!((*__ybar).1));
        let sweep = hessian_sweep(sig, &q!(&__seed), &q!(__stack));
        let adds = add_hessian_lanes(sig, &b);
        let mut ret = returned_cotangents(sig);
        // ȳ's cotangent J·x̃: a one-lane tangent sweep in the same directions.
        let (mut cyb, mut jx) = (None, None);
        if self.ybar {
            cots.push(internal::derivative(sig, &Self::ybar_ty(sig), &b).to_token_stream());
            ret.push(q!(__c_yb));
            cyb = Some(q!(let mut __c_yb = #JR::zeros::<#s, #b, _>(__ybo);));
            let (a, dirs, lane) = (sig.pass_args(), dirs(sig), one_lane(sig));
            jx = Some(q! {
                let (_, __je) = super::__tangent(#(#a,)* #(#dirs),*);
                #JR::add_lane::<#s, #b, #lane, #t>(&mut __c_yb, __l, &__je, #JR::Pick::Lane(0));
            });
        }
        let check = first_order_only(sig, &b);
        q! {
            #[doc(hidden)]
            #[inline]
            pub fn __adjoint #g (#(#decl,)* #yb #(#d,)* #dyb __ybar: &(#dout, #dbar), __stack: &mut ::jacobian::Stack<#s>) -> ((#out, #bar), (#(#cots,)*)) #w {
                #check
                let (__y, __g) = #value;
                #ybo
                #(#zeros)*
                #cyb
                for __l in 0..<#b as #JR::Directional<#s>>::WIDTH {
                    #(#seeds)*
                    let __seed = #JR::bar_seed::<#s, #b, #t>(__ybo, &(*__ybar).0, __l);
                    #sweep
                    #(#adds)*
                    #jx
                }
                ((__y, __g), (#(#ret,)*))
            }
        }
    }
}
