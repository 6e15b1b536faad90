//! `Bound`: the function with its arguments, implementing the runtime's
//! `Differentiable` so the generic assembly (Jacobians in either mode, vector
//! sweeps, finite differences) works on it.

use crate::emit::paths::JR;
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

/// A reference to the bound argument `x`.
fn self_ref(sig: &Sig, p: &Param) -> TokenStream {
    let x = sig.name(p);
    if p.by_ref {
        quote!(self.#x)
    } else {
        quote!(&self.#x)
    }
}

/// A zero derivative of parameter `p`'s shape in the number type `n`.
fn zeros(sig: &Sig, p: &Param, n: &TokenStream) -> TokenStream {
    let (s, r) = (sig.s.ty(), self_ref(sig, p));
    quote!(#JR::zeros::<#s, #n, _>(#r))
}

/// Tangent arguments of the sweep the bound function calls (every parameter's when
/// all are active, else the active ones'): `active(k)` for the active parameter
/// `k`, `inactive(p)` for the others.
fn tangent_args(
    sig: &Sig,
    active: &dyn Fn(usize, &Param) -> TokenStream,
    inactive: &dyn Fn(&Param) -> TokenStream,
) -> Vec<TokenStream> {
    let all = sig.all_real();
    let act = sig.active();
    sig.params()
        .filter(|p| all || p.active)
        .map(|p| match act.iter().position(|a| a.var == p.var) {
            Some(k) => active(k, p),
            None => inactive(p),
        })
        .collect()
}

/// No forward tangents, for the first-order reverse sweeps.
fn no_tangents(sig: &Sig) -> Vec<TokenStream> {
    let n = quote!(#JR::NoTangent);
    tangent_args(
        sig,
        &|_, p| {
            let z = zeros(sig, p, &n);
            quote!(&#z)
        },
        &|p| {
            let z = zeros(sig, p, &n);
            quote!(&#z)
        },
    )
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
    let mut methods = vec![values(sig), scalar_sweeps(sig), lane_sweeps(sig)];
    if super::nested::nestable(sig) {
        methods.push(pattern_sweep(sig));
    }
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
    let (out, bar) = (sig.out, sig.bar());
    let active = sig.active();
    let zeros = group(
        active
            .iter()
            .map(|p| {
                let x = sig.name(p);
                quote!(#JR::zero_tangent(&self.#x))
            })
            .collect(),
    );
    let owned = group(active.iter().map(|p| owned_arg(sig, p)).collect());
    // A struct may hold `Vec`s: its zero is shaped like the value.
    let out_zeros = if types::is_fixed(sig.out) && !sig.out_record() {
        quote!(#JR::Init::init())
    } else {
        quote!(#JR::zero_tangent(&self.value()))
    };
    let input = local("input");
    let (own, at) = (self_args(sig), args_at(sig, &input));
    // The value from the forward sweep carrying nothing (the same code as the
    // function's; no path to the function, which a function declared in a block
    // would not have).
    let none = no_tangents(sig);
    let tf = Variant {
        all: sig.all_real(),
    }
    .name("tangent");
    quote! {
        #[inline]
        fn input_zeros(&self) -> #bar { #zeros }
        #[inline]
        fn output_zeros(&self) -> #out { #out_zeros }
        #[inline]
        fn input(&self) -> #bar { #owned }
        #[inline]
        fn value(&self) -> #out { #tf(#(#own,)* #(#none,)*).0 }
        #[inline]
        fn value_at(&self, #input: &#bar) -> #out { #tf(#(#at,)* #(#none,)*).0 }
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
        #[inline]
        fn tangent(&self, #d: &#bar) -> (#out, #out) { tangent(#(#own,)* #(#dargs),*) }
        #[inline]
        fn adjoint(&self, #ybar: &#out, #st: &mut ::jacobian::Stack<#s>) -> (#out, #bar) {
            adjoint_with(#(#own,)* #ypass, #st)
        }
    }
}

/// The lane-count parameter of the `N`-lane methods (hygienic: a user's `const N`
/// stays visible in their types).
fn lane_count() -> proc_macro2::Ident {
    local("__N")
}

/// `tangent_lanes` and `adjoint_lanes`: the sweeps over `Lanes<S, N>`. (Without the
/// trait's `where` clauses: on concrete types they would hide the impls that
/// normalize `LanesOf<Input, S, N>`.)
fn lane_sweeps(sig: &Sig) -> TokenStream {
    let n = lane_count();
    let v = Variant {
        all: sig.all_real(),
    };
    let (s, out, bar) = (sig.s.ty(), sig.out, sig.bar());
    let p = quote!(#JR);
    let dbar = quote!(#p::LanesOf<#bar, #s, #n>);
    let dout = quote!(#p::LanesOf<#out, #s, #n>);
    let lanes = quote!(#p::Lanes<#s, #n>);
    let (d, ybar, st) = (local("d"), local("y_bar"), local("stack"));
    let own = self_args(sig);
    let targs = tangent_args(sig, &|k, _| part(sig, &d, k), &|q| {
        let z = zeros(sig, q, &lanes);
        quote!(&#z)
    });
    let none = no_tangents(sig);
    let (tf, af) = (v.name("tangent"), v.name("adjoint"));
    let adjoint_call = quote!(#af(#(#own,)* #(#none,)* #ybar, #st));
    let adjoint = if v.all {
        pick_active(sig, adjoint_call)
    } else {
        adjoint_call
    };
    quote! {
        #[inline]
        fn tangent_lanes<const #n: usize>(&self, #d: &#dbar) -> (#out, #dout) {
            #tf(#(#own,)* #(#targs),*)
        }
        #[inline]
        fn adjoint_lanes<const #n: usize>(&self, #ybar: &#dout, #st: &mut ::jacobian::Stack<#s>) -> (#out, #dbar) {
            #adjoint
        }
    }
}

/// `pattern_sweep`: the forward sweep over `Deps` (sets of inputs), for sparsity
/// patterns. (Not for struct parameters or results: their mirrors have no flat visit.)
fn pattern_sweep(sig: &Sig) -> TokenStream {
    let v = Variant {
        all: sig.all_real(),
    };
    let (s, out, bar) = (sig.s.ty(), sig.out, sig.bar());
    let deps = quote!(::jacobian::Deps);
    let dbar = quote!(<#bar as #JR::Mirror<#s, #deps>>::Out);
    let dout = quote!(<#out as #JR::Mirror<#s, #deps>>::Out);
    let d = local("d");
    let own = self_args(sig);
    let targs = tangent_args(sig, &|k, _| part(sig, &d, k), &|q| {
        let z = zeros(sig, q, &deps);
        quote!(&#z)
    });
    let tf = v.name("tangent");
    quote! {
        #[inline]
        fn pattern_sweep(&self, #d: &#dbar) -> #dout {
            #tf(#(#own,)* #(#targs),*).1
        }
    }
}

/// `taylor2_lanes` (the forward sweep over collapsed Taylor numbers) and
/// `adjoint_tangent_lanes` (the reverse sweep over tangent lanes and `Bar`s).
fn taylor_sweep(sig: &Sig) -> TokenStream {
    let n = lane_count();
    let v = Variant {
        all: sig.all_real(),
    };
    let (s, out, bar) = (sig.s.ty(), sig.out, sig.bar());
    let dbar = quote!(#JR::LanesOf<#bar, #s, #n>);
    let dout = quote!(#JR::LanesOf<#out, #s, #n>);
    let (d, ybar, st) = (local("d"), local("y_bar"), local("stack"));
    let own = self_args(sig);
    let p = quote!(#JR);
    let taylor = quote!(#p::Taylor<#s, #n>);
    let lanes = quote!(#p::Lanes<#s, #n>);
    let targs = tangent_args(
        sig,
        &|k, q| {
            let (dk, z) = (part(sig, &d, k), zeros(sig, q, &taylor));
            quote!(&#p::lanes_into_taylor::<#n, _, _>(#dk, #z))
        },
        &|q| {
            let z = zeros(sig, q, &taylor);
            quote!(&#z)
        },
    );
    let largs = tangent_args(sig, &|k, _| part(sig, &d, k), &|q| {
        let z = zeros(sig, q, &lanes);
        quote!(&#z)
    });
    let (tf, af) = (v.name("tangent"), v.name("adjoint"));
    let (val, t) = (local("__v"), local("__t"));
    let bar_n = quote!(#p::Bar<#s, #n>);
    let yb = local("__yb");
    let call = quote!(#af(#(#own,)* #(#largs,)* &#yb, #st));
    let split = |c: TokenStream, q: &Param| {
        let (x, z) = (sig.name(q), zeros(sig, q, &lanes));
        quote!(#p::split_bar::<#n, _, _, _>(#c, #p::zero_tangent(&self.#x), #z))
    };
    let name = |pre: &str, q: &Param| {
        quote::format_ident!("{pre}{}", q.var, span = proc_macro2::Span::mixed_site())
    };
    let passed: Vec<&Param> = sig.params().filter(|q| v.all || q.active).collect();
    let cots: Vec<_> = passed.iter().map(|q| name("__c", q)).collect();
    let active: Vec<&Param> = sig.active();
    let splits = active.iter().map(|q| {
        let (c, vq, tq) = (name("__c", q), name("__v", q), name("__t", q));
        let sp = split(quote!(#c), q);
        quote!(let (#vq, #tq) = #sp;)
    });
    let vs = group(
        active
            .iter()
            .map(|q| {
                let n = name("__v", q);
                quote!(#n)
            })
            .collect(),
    );
    let ts = group(
        active
            .iter()
            .map(|q| {
                let n = name("__t", q);
                quote!(#n)
            })
            .collect(),
    );
    let pattern = if !v.all && cots.len() == 1 {
        quote!(#(#cots)*)
    } else {
        quote!((#(#cots,)*))
    };
    quote! {
        #[inline]
        fn taylor2_lanes<const #n: usize>(&self, #d: &#dbar) -> (#out, #dout, #out) {
            let (#val, #t) = #tf(#(#own,)* #(#targs),*);
            let (g, l) = #p::split_taylor::<#n, _, _, _>(#t, #p::zeros::<#s, #lanes, _>(&#val), #p::zero_tangent(&#val));
            (#val, g, l)
        }
        #[inline]
        fn adjoint_tangent_lanes<const #n: usize>(&self, #ybar: &#out, #d: &#dbar, #st: &mut ::jacobian::Stack<#s>) -> (#out, #bar, #dbar) {
            let #yb = #p::value_into_bar::<#n, _, _>(#ybar, #p::zeros::<#s, #bar_n, _>(#ybar));
            let (__out, #pattern) = #call;
            #(#splits)*
            (__out, #vs, #ts)
        }
    }
}
