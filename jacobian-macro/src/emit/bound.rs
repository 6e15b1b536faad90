//! `Bound`: the function with its arguments, implementing the runtime's
//! `Differentiable` so the generic assembly (Jacobians in either mode, vector
//! sweeps, finite differences) works on it.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Lifetime;

use super::internal::Variant;
use super::Sig;
use crate::ir::Param;
use crate::sweep::local;
use crate::types;

/// One value per active parameter, as a tuple unless there is exactly one.
fn group(parts: Vec<TokenStream>) -> TokenStream {
    if parts.len() == 1 {
        quote!(#(#parts)*)
    } else {
        quote!((#(#parts,)*))
    }
}

/// Part `k` of an active-parameter group held by reference in `v`.
fn part(sig: &Sig, v: &proc_macro2::Ident, k: usize) -> TokenStream {
    if sig.active().len() == 1 {
        quote!(#v)
    } else {
        let k = syn::Index::from(k);
        quote!(&#v.#k)
    }
}

/// The bound arguments, as the function takes them.
fn self_args(sig: &Sig) -> Vec<TokenStream> {
    sig.params()
        .map(|p| {
            let x = sig.name(p);
            if p.by_ref || p.scalar {
                quote!(self.#x)
            } else {
                quote!(::core::clone::Clone::clone(&self.#x))
            }
        })
        .collect()
}

/// The bound arguments with the active ones taken from the group `input`.
fn args_at(sig: &Sig, input: &proc_macro2::Ident) -> Vec<TokenStream> {
    let active = sig.active();
    sig.params()
        .zip(self_args(sig))
        .map(
            |(p, own)| match active.iter().position(|a| a.var == p.var) {
                None => own,
                Some(k) if p.by_ref => part(sig, input, k),
                Some(k) if p.scalar => {
                    let v = part(sig, input, k);
                    quote!(*#v)
                }
                Some(k) => {
                    let v = part(sig, input, k);
                    quote!(::core::clone::Clone::clone(#v))
                }
            },
        )
        .collect()
}

/// Tangent arguments for a sweep of variant `v` from the group `d`: every
/// parameter's when `v.all` (the zero-sized zero tangent of an integer or
/// `bool` parameter: `()`, `[(); N]`, an empty `Vec<()>`), else the active ones'.
fn tangent_args(sig: &Sig, d: &proc_macro2::Ident, v: Variant) -> Vec<TokenStream> {
    let active = sig.active();
    let zero = if v.lanes {
        quote!(zero_lanes)
    } else {
        quote!(zero_tangent)
    };
    sig.params()
        .filter(|p| v.all || p.active)
        .map(|p| match active.iter().position(|a| a.var == p.var) {
            Some(k) => part(sig, d, k),
            None => {
                let x = sig.name(p);
                quote!(&::jacobian::__private::#zero(&self.#x))
            }
        })
        .collect()
}

/// `(value, cotangents)` of the active parameters from an `all` adjoint's result.
fn pick_active(sig: &Sig, call: TokenStream) -> TokenStream {
    let cots: Vec<_> = sig
        .params()
        .map(|p| quote::format_ident!("__c{}", p.var, span = proc_macro2::Span::mixed_site()))
        .collect();
    let picked = sig
        .params()
        .zip(&cots)
        .filter(|(p, _)| p.active)
        .map(|(_, c)| quote!(#c))
        .collect();
    let picked = group(picked);
    quote!({ let (__out, (#(#cots,)*)) = #call; (__out, #picked) })
}

/// The struct, `bind`, and the `Differentiable` implementation.
pub fn bound(sig: &Sig) -> TokenStream {
    let lt: Lifetime = syn::parse_quote!('__a);
    let mut g = sig.generics.clone();
    g.params.insert(0, syn::parse_quote!(#lt));
    let (ig, tg, w) = g.split_for_impl();
    let params: Vec<TokenStream> = sig
        .params()
        .map(|p| {
            let (x, ty) = (sig.name(p), types::with_lifetime(&p.ty, &lt));
            quote!(#x: #ty)
        })
        .collect();
    let tparams: Vec<_> = sig.generics.type_params().map(|t| &t.ident).collect();
    let (marker, args) = (local("__marker"), sig.args());
    let name = &sig.item.sig.ident;
    let doc = format!("[`{name}`](fn@{name}) bound to its arguments; implements [`Differentiable`](::jacobian::Differentiable) for the generic assembly functions.");
    let bind_doc = format!("Binds [`{name}`](fn@{name}) to its arguments, for `jacobian::jacobian(&bound, mode)` and the other generic assembly functions.");
    let methods = [values(sig), scalar_sweeps(sig), lane_sweeps(sig)];
    let taylor = taylor_sweep(sig);
    let (s, out, bar) = (sig.s.ty(), sig.out, sig.bar());
    quote! {
        #[doc = #doc]
        pub struct Bound #ig #w {
            #(#params,)*
            #marker: ::core::marker::PhantomData<(&#lt (), #(fn() -> #tparams,)*)>,
        }

        #[doc = #bind_doc]
        #[inline]
        pub fn bind #ig (#(#params),*) -> Bound #tg #w {
            Bound { #(#args,)* #marker: ::core::marker::PhantomData }
        }

        impl #ig ::jacobian::Differentiable for Bound #tg #w {
            type Scalar = #s;
            type Input = #bar;
            type Output = #out;
            #(#methods)*
        }

        impl #ig ::jacobian::SecondOrder for Bound #tg #w {
            #taylor
        }
    }
}

/// `input_zeros`, `output_zeros`, `input`, `value`, `value_at`.
fn values(sig: &Sig) -> TokenStream {
    let (out, bar, name) = (sig.out, sig.bar(), &sig.item.sig.ident);
    let active = sig.active();
    let zeros = group(
        active
            .iter()
            .map(|p| {
                let x = sig.name(p);
                quote!(::jacobian::__private::zero_tangent(&self.#x))
            })
            .collect(),
    );
    let owned = group(active.iter().map(|p| owned_arg(sig, p)).collect());
    let out_zeros = if types::is_fixed(sig.out) {
        quote!(::jacobian::__private::Init::init())
    } else {
        quote!(::jacobian::__private::zero_tangent(&self.value()))
    };
    let input = local("input");
    let (own, at) = (self_args(sig), args_at(sig, &input));
    quote! {
        fn input_zeros(&self) -> #bar { #zeros }
        fn output_zeros(&self) -> #out { #out_zeros }
        fn input(&self) -> #bar { #owned }
        fn value(&self) -> #out { super::#name(#(#own),*) }
        fn value_at(&self, #input: &#bar) -> #out { super::#name(#(#at),*) }
    }
}

fn owned_arg(sig: &Sig, p: &Param) -> TokenStream {
    let x = sig.name(p);
    if p.by_ref {
        quote!(::std::borrow::ToOwned::to_owned(self.#x))
    } else if p.scalar {
        quote!(self.#x)
    } else {
        quote!(::core::clone::Clone::clone(&self.#x))
    }
}

/// `tangent` and `adjoint` through the public functions.
fn scalar_sweeps(sig: &Sig) -> TokenStream {
    let (s, out, bar) = (sig.s.ty(), sig.out, sig.bar());
    let (d, ybar, st) = (local("d"), local("y_bar"), local("stack"));
    let own = self_args(sig);
    let dargs = sig.active().into_iter().enumerate().map(|(k, p)| {
        let v = part(sig, &d, k);
        if p.scalar {
            quote!(*#v)
        } else {
            v
        }
    });
    let ypass = if sig.out_scalar() {
        quote!(*#ybar)
    } else {
        quote!(#ybar)
    };
    quote! {
        fn tangent(&self, #d: &#bar) -> (#out, #out) { tangent(#(#own,)* #(#dargs),*) }
        fn adjoint(&self, #ybar: &#out, #st: &mut ::jacobian::Stack<#s>) -> (#out, #bar) {
            adjoint_with(#(#own,)* #ypass, #st)
        }
    }
}

/// `tangent_lanes` and `adjoint_lanes` through the vector sweeps.
fn lane_sweeps(sig: &Sig) -> TokenStream {
    let v = Variant {
        all: sig.all_real(),
        lanes: true,
        second: false,
    };
    let (s, out, bar) = (sig.s.ty(), sig.out, sig.bar());
    let (dbar, dout) = (
        v.derivative(&syn::parse_quote!(#bar)),
        v.derivative(&types::owned(out)),
    );
    let (d, ybar, st) = (local("d"), local("y_bar"), local("stack"));
    let own = self_args(sig);
    let targs = tangent_args(sig, &d, v);
    let (tf, af) = if v.all {
        (quote!(__tangent_lanes), quote!(__adjoint_lanes))
    } else {
        (quote!(__tangent_lanes_wrt), quote!(__adjoint_lanes_wrt))
    };
    let adjoint_call = quote!(#af(#(#own,)* #ybar, #st));
    let adjoint = if v.all {
        pick_active(sig, adjoint_call)
    } else {
        adjoint_call
    };
    quote! {
        fn tangent_lanes(&self, #d: &#dbar) -> (#out, #dout) { #tf(#(#own,)* #(#targs),*) }
        fn adjoint_lanes(&self, #ybar: &#dout, #st: &mut ::jacobian::Stack<#s>) -> (#out, #dbar) { #adjoint }
    }
}

/// `taylor2_lanes` through `__taylor`: zero second-order input coefficients.
fn taylor_sweep(sig: &Sig) -> TokenStream {
    let v = Variant {
        all: sig.all_real(),
        lanes: true,
        second: true,
    };
    let (out, bar) = (sig.out, sig.bar());
    let (dbar, dout) = (
        v.derivative(&syn::parse_quote!(#bar)),
        v.derivative(&types::owned(out)),
    );
    let d = local("d");
    let own = self_args(sig);
    let targs = tangent_args(sig, &d, v);
    let largs = sig.params().filter(|p| v.all || p.active).map(|p| {
        let x = sig.name(p);
        quote!(&::jacobian::__private::zero_tangent(&self.#x))
    });
    let f = if v.all {
        quote!(__taylor)
    } else {
        quote!(__taylor_wrt)
    };
    let (ybar, st) = (local("y_bar"), local("stack"));
    let s = sig.s.ty();
    let at = if v.all {
        quote!(__adjoint_tangent)
    } else {
        quote!(__adjoint_tangent_wrt)
    };
    let call =
        quote!(#at(#(#own,)* #(#targs,)* #ybar, &::jacobian::__private::zero_lanes(#ybar), #st));
    let adjoint_tangent = if v.all {
        let name = |pre: &str, p: &Param| {
            quote::format_ident!("{pre}{}", p.var, span = proc_macro2::Span::mixed_site())
        };
        let cots: Vec<_> = sig.params().map(|p| name("__c", p)).collect();
        let cds: Vec<_> = sig.params().map(|p| name("__cd", p)).collect();
        let pick = |names: &[proc_macro2::Ident]| {
            group(
                sig.params()
                    .zip(names)
                    .filter(|(p, _)| p.active)
                    .map(|(_, c)| quote!(#c))
                    .collect(),
            )
        };
        let (pc, pd) = (pick(&cots), pick(&cds));
        quote!({ let (__out, _, (#(#cots,)*), (#(#cds,)*)) = #call; (__out, #pc, #pd) })
    } else {
        quote!({ let (__out, _, c, cd) = #call; (__out, c, cd) })
    };
    quote! {
        fn taylor2_lanes(&self, #d: &#dbar) -> (#out, #dout, #out) { #f(#(#own,)* #(#targs,)* #(#largs),*) }
        fn adjoint_tangent_lanes(&self, #ybar: &#out, #d: &#dbar, #st: &mut ::jacobian::Stack<#s>) -> (#out, #bar, #dbar) {
            #adjoint_tangent
        }
    }
}
