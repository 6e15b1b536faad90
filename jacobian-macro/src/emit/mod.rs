//! Emission: the module of derivative functions generated next to the user's.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::{Generics, Ident, ItemFn, Type};

mod bound;
mod internal;
mod paths;

use internal::Variant;

use crate::analyze::{self, Storage};
use crate::exits::{self, AdjointForm};
use crate::ir::{Function, Param};
use crate::lower::Lowered;
use crate::sweep::local;
use crate::types::{self, ScalarTy};

/// The reverse sweep's function in adjoint form, its activity and its storage plan.
pub(crate) struct AdjointPlan {
    form: AdjointForm,
    active: Vec<bool>,
    storage: Storage,
}

/// The analyses of one function, run once and handed to every emitter: activity for
/// the tangent sweeps and the adjoint form with its plan for the reverse sweeps, for
/// every floating-point parameter active (`all`) and for the `wrt(..)` ones.
pub(crate) struct Analysis {
    tangent_all: Vec<bool>,
    tangent_wrt: Vec<bool>,
    adjoint_all: AdjointPlan,
    adjoint_wrt: Option<AdjointPlan>,
}

impl Analysis {
    fn new(sig: &Sig) -> Self {
        let seed = |pick: fn(&Param) -> bool| -> Vec<usize> {
            sig.params().filter(|p| pick(p)).map(|p| p.var).collect()
        };
        let (all, wrt) = (seed(|p| p.real), seed(|p| p.active));
        let form = exits::lower(sig.f);
        let plan = |seed: &[usize]| {
            let active = analyze::activity(&form.func, seed);
            let storage = analyze::plan(&form.func, &active);
            AdjointPlan {
                form: AdjointForm {
                    func: form.func.clone(),
                    ret: form.ret,
                },
                active,
                storage,
            }
        };
        Analysis {
            tangent_all: analyze::activity(sig.f, &all),
            tangent_wrt: analyze::activity(sig.f, &wrt),
            adjoint_all: plan(&all),
            adjoint_wrt: (!sig.all_real()).then(|| plan(&wrt)),
        }
    }

    fn tangent_activity(&self, v: Variant) -> &[bool] {
        if v.all {
            &self.tangent_all
        } else {
            &self.tangent_wrt
        }
    }

    fn adjoint_form(&self, v: Variant) -> &AdjointPlan {
        match (&self.adjoint_wrt, v.all) {
            (Some(w), false) => w,
            _ => &self.adjoint_all,
        }
    }
}

/// Everything the module's items are built from.
pub(crate) struct Sig<'a> {
    item: &'a ItemFn,
    f: &'a Function,
    s: &'a ScalarTy,
    out: &'a Type,
    generics: Generics,
}

impl Sig<'_> {
    fn params(&self) -> impl Iterator<Item = &Param> {
        self.f.params.iter()
    }

    fn name(&self, p: &Param) -> &Ident {
        self.f.ident(p.var)
    }

    fn dname(&self, p: &Param) -> Ident {
        format_ident!("d{}", self.name(p), span = Span::mixed_site())
    }

    /// `x: &[f64; 3], n: usize` (with `mut` where the user wrote it).
    fn decl(&self, muts: bool) -> Vec<TokenStream> {
        self.params()
            .map(|p| {
                let (x, ty) = (self.name(p), &p.ty);
                let m = (muts && p.mutable).then(|| quote!(mut));
                quote!(#m #x: #ty)
            })
            .collect()
    }

    fn args(&self) -> Vec<&Ident> {
        self.params().map(|p| self.name(p)).collect()
    }

    fn active(&self) -> Vec<&Param> {
        self.params().filter(|p| p.active).collect()
    }

    /// The cotangent type: one active parameter's owned type, or a tuple.
    fn bar(&self) -> TokenStream {
        let tys: Vec<Type> = self.active().iter().map(|p| types::owned(&p.ty)).collect();
        if tys.len() == 1 {
            tys[0].to_token_stream()
        } else {
            quote!((#(#tys,)*))
        }
    }

    fn out_scalar(&self) -> bool {
        self.s.matches(self.out)
    }

    fn ybar_ty(&self) -> Type {
        types::passed(&types::owned(self.out), self.out_scalar())
    }

    /// `y_bar` (as passed publicly) as an expression of type `&Out`.
    fn ybar_ref(&self, ybar: &Ident) -> TokenStream {
        if self.out_scalar() {
            quote!(&#ybar)
        } else if types::vec_elem(&types::owned(self.out)).is_some() {
            quote!(&#ybar.to_vec())
        } else {
            quote!(#ybar)
        }
    }

    fn all_real(&self) -> bool {
        self.params().all(|p| p.active == p.real)
    }
}

/// The generated module for a lowered function.
pub fn module(item: &ItemFn, low: &Lowered, stub: bool) -> TokenStream {
    let mut generics = item.sig.generics.clone();
    if let ScalarTy::Generic(t) = &low.scalar {
        generics
            .make_where_clause()
            .predicates
            .push(syn::parse_quote!(#t: ::jacobian::Scalar));
    }
    let sig = Sig {
        item,
        f: &low.func,
        s: &low.scalar,
        out: &low.output,
        generics,
    };
    let body = |b: TokenStream| {
        if stub {
            quote!(::core::unreachable!())
        } else {
            b
        }
    };
    let an = Analysis::new(&sig);
    let mut items = vec![tangent_fn(&sig, &body), adjoint_fns(&sig, &body)];
    let mut variants = vec![Variant { all: true }];
    if !sig.all_real() {
        variants.push(Variant { all: false });
    }
    for v in variants {
        items.push(internal::tangent(&sig, &an, v, &body));
        items.push(internal::adjoint(&sig, &an, v, &body));
    }
    items.push(bound::bound(&sig));
    items.push(assembly(&sig));
    let vis = &item.vis;
    let name = &item.sig.ident;
    let doc = format!("Derivatives of [`{name}`](fn@{name}), generated by `#[differentiate]`.");
    let alias = paths::declaration();
    let module = quote! {
        #[doc = #doc]
        #[allow(unused_imports, unused_mut, unused_variables, unused_assignments, unused_parens,
                unused_braces, non_snake_case, dead_code, unreachable_code, clippy::all, clippy::pedantic,
                clippy::nursery)]
        #vis mod #name {
            use super::*;
            #alias
            #[allow(unused_imports)]
            use ::jacobian::__private::Float as _;
            #(#items)*
        }
    };
    paths::shorten(module)
}

/// The local holding an integer parameter's (zero-sized) zero tangent.
fn zero_name(sig: &Sig, p: &Param) -> Ident {
    format_ident!("__z{}", sig.name(p), span = Span::mixed_site())
}

fn tangent_fn(sig: &Sig, body: &dyn Fn(TokenStream) -> TokenStream) -> TokenStream {
    let (g, w) = (&sig.generics, &sig.generics.where_clause);
    let (decl, out) = (sig.decl(true), sig.out);
    let d: Vec<TokenStream> = sig
        .active()
        .iter()
        .map(|p| {
            let (dx, ty) = (sig.dname(p), types::passed(&types::owned(&p.ty), p.scalar));
            quote!(#dx: #ty)
        })
        .collect();
    let v = Variant {
        all: sig.all_real(),
    };
    let args = sig.args();
    let targs = sig.params().filter(|p| v.all || p.active).map(|p| {
        let dx = sig.dname(p);
        if !p.real {
            let z = zero_name(sig, p);
            quote!(&#z)
        } else if p.scalar {
            quote!(&#dx)
        } else if types::is_fixed(&p.ty) || types::slice_elem(&p.ty).is_some() {
            quote!(#dx)
        } else {
            quote!(&#dx.to_vec())
        }
    });
    // Zero tangents of integer parameters are taken before the call moves them.
    let zeros = sig.params().filter(|p| !p.real && v.all).map(|p| {
        let (x, z) = (sig.name(p), zero_name(sig, p));
        quote!(let #z = ::jacobian::__private::zero_tangent(&#x);)
    });
    let f = v.name("tangent");
    let code = quote!(#(#zeros)* #f(#(#args,)* #(#targs),*));
    let code = body(code);
    let doc = format!("Value and Jacobian-vector product (forward mode): `({}(..), J·v)` for the tangents `v` of the active parameters.", sig.item.sig.ident);
    quote! {
        #[doc = #doc]
        #[inline]
        pub fn tangent #g (#(#decl,)* #(#d),*) -> (#out, #out) #w { #code }
    }
}

fn adjoint_fns(sig: &Sig, body: &dyn Fn(TokenStream) -> TokenStream) -> TokenStream {
    let (g, w) = (&sig.generics, &sig.generics.where_clause);
    let (decl, out, s, bar) = (sig.decl(true), sig.out, sig.s.ty(), sig.bar());
    let (ybar, stack) = (local("y_bar"), local("stack"));
    let ybar_ty = sig.ybar_ty();
    let args = sig.args();
    let v = Variant {
        all: sig.all_real(),
    };
    let yref = sig.ybar_ref(&ybar);
    let passed: Vec<&Param> = sig.params().filter(|p| v.all || p.active).collect();
    // First-order: no forward tangents, taken before the call moves the arguments.
    let nt: Vec<Ident> = passed
        .iter()
        .map(|p| format_ident!("__n{}", p.var, span = Span::mixed_site()))
        .collect();
    let none = passed.iter().zip(&nt).map(|(p, n)| {
        let x = sig.name(p);
        let r = if p.by_ref { quote!(#x) } else { quote!(&#x) };
        quote!(let #n = ::jacobian::__private::zeros::<#s, ::jacobian::__private::NoTangent, _>(#r);)
    });
    let f = v.name("adjoint");
    let call = quote!(#f(#(#args,)* #(&#nt,)* #yref, #stack));
    let code = if v.all {
        let cots: Vec<Ident> = sig
            .params()
            .map(|p| format_ident!("__c{}", p.var, span = Span::mixed_site()))
            .collect();
        let picked = sig
            .params()
            .zip(&cots)
            .filter(|(p, _)| p.active)
            .map(|(_, c)| c)
            .collect::<Vec<_>>();
        let ret = if picked.len() == 1 {
            quote!(#(#picked)*)
        } else {
            quote!((#(#picked,)*))
        };
        quote! {
            #(#none)*
            let (__out, (#(#cots,)*)) = #call;
            (__out, #ret)
        }
    } else {
        quote!(#(#none)* #call)
    };
    let st = local("__st");
    let code = body(code);
    let name = &sig.item.sig.ident;
    let doc_with = format!("Value and vector-Jacobian product (reverse mode) of [`{name}`](fn@{name}): `(value, y_barᵀ·J)`, with the cotangents of the active parameters; `stack` holds the values the reverse sweep needs and can be reused across calls.");
    let doc = format!("Value and vector-Jacobian product (reverse mode) of [`{name}`](fn@{name}): `(value, y_barᵀ·J)`, with the cotangents of the active parameters. The reverse sweep's storage comes from a per-thread pool (`jacobian::with_stack`), so repeated calls do not allocate it again.");
    quote! {
        #[doc = #doc_with]
        #[inline]
        pub fn adjoint_with #g (#(#decl,)* #ybar: #ybar_ty, #stack: &mut ::jacobian::Stack<#s>) -> (#out, #bar) #w { #code }

        #[doc = #doc]
        #[inline]
        pub fn adjoint #g (#(#decl,)* #ybar: #ybar_ty) -> (#out, #bar) #w {
            ::jacobian::with_stack(|#st| adjoint_with(#(#args,)* #ybar, #st))
        }
    }
}

/// `jacobian`, `value_and_jacobian`, `jacobian_into`, and for scalar results
/// `gradient` and `value_and_gradient`.
fn assembly(sig: &Sig) -> TokenStream {
    let (g, w) = (&sig.generics, &sig.generics.where_clause);
    let (decl, args, out, s, bar) = (sig.decl(false), sig.args(), sig.out, sig.s.ty(), sig.bar());
    let name = &sig.item.sig.ident;
    let jac = local("jac");
    let doc_j = format!("The Jacobian of [`{name}`](fn@{name}) with respect to its active parameters: one row per output scalar, one column per input scalar (forward mode when there are no more columns than rows, reverse mode otherwise).");
    let doc_vj = format!("The value and the Jacobian of [`{name}`](fn@{name}).");
    let doc_ji = format!("Writes the Jacobian of [`{name}`](fn@{name}) into `jac`, resizing it only when its shape differs: repeated calls do not allocate for fixed-size functions.");
    let mut items = quote! {
        #[doc = #doc_j]
        #[inline]
        pub fn jacobian #g (#(#decl),*) -> ::jacobian::Matrix<#s> #w {
            ::jacobian::jacobian(&bind(#(#args),*), ::jacobian::Mode::Auto)
        }
        #[doc = #doc_vj]
        #[inline]
        pub fn value_and_jacobian #g (#(#decl),*) -> (#out, ::jacobian::Matrix<#s>) #w {
            ::jacobian::value_and_jacobian(&bind(#(#args),*), ::jacobian::Mode::Auto)
        }
        #[doc = #doc_ji]
        #[inline]
        pub fn jacobian_into #g (#(#decl,)* #jac: &mut ::jacobian::Matrix<#s>) #w {
            ::jacobian::jacobian_into(&bind(#(#args),*), #jac, ::jacobian::Mode::Auto)
        }
    };
    let doc_l = format!("The Laplacian of [`{name}`](fn@{name}) with respect to its active parameters, one per output scalar (in the output's type), by collapsed Taylor sweeps over chunks of `jacobian::LANES` input directions.");
    let doc_d = format!("The divergence (trace of the Jacobian) of [`{name}`](fn@{name}), exactly, from vector tangent sweeps.\n\n# Panics\n\nIf the active parameters and the result do not have the same number of scalars.");
    let doc_de = format!("Hutchinson's unbiased estimate of the divergence of [`{name}`](fn@{name}) from `samples` random ±1 directions, reproducible for a given `seed` (see `jacobian::divergence_estimate` for its variance).\n\n# Panics\n\nIf the active parameters and the result do not have the same number of scalars, or `samples` is 0.");
    let (samples, seed) = (local("samples"), local("seed"));
    items.extend(quote! {
        #[doc = #doc_l]
        #[inline]
        pub fn laplacian #g (#(#decl),*) -> #out #w {
            ::jacobian::laplacian(&bind(#(#args),*))
        }
        #[doc = #doc_d]
        #[inline]
        pub fn divergence #g (#(#decl),*) -> #s #w {
            ::jacobian::divergence(&bind(#(#args),*))
        }
        #[doc = #doc_de]
        #[inline]
        pub fn divergence_estimate #g (#(#decl,)* #samples: usize, #seed: u64) -> #s #w {
            ::jacobian::divergence_estimate(&bind(#(#args),*), #samples, #seed)
        }
    });
    if sig.out_scalar() {
        items.extend(hessian_fns(sig));
        let one = sig.s.lit(1.0);
        let doc_g = format!("The gradient of [`{name}`](fn@{name}) with respect to its active parameters (one reverse sweep).");
        let doc_vg = format!("The value and the gradient of [`{name}`](fn@{name}).");
        items.extend(quote! {
            #[doc = #doc_g]
            #[inline]
            pub fn gradient #g (#(#decl),*) -> #bar #w { adjoint(#(#args,)* #one).1 }
            #[doc = #doc_vg]
            #[inline]
            pub fn value_and_gradient #g (#(#decl),*) -> (#out, #bar) #w { adjoint(#(#args,)* #one) }
        });
    }
    items
}

/// `hessian` and `hvp` for functions with a scalar result.
fn hessian_fns(sig: &Sig) -> TokenStream {
    let (g, w) = (&sig.generics, &sig.generics.where_clause);
    let (decl, args, s, bar) = (sig.decl(false), sig.args(), sig.s.ty(), sig.bar());
    let name = &sig.item.sig.ident;
    let active = sig.active();
    let d: Vec<TokenStream> = active
        .iter()
        .map(|p| {
            let (dx, ty) = (sig.dname(p), types::passed(&types::owned(&p.ty), p.scalar));
            quote!(#dx: #ty)
        })
        .collect();
    let owned: Vec<TokenStream> = active
        .iter()
        .map(|p| {
            let dx = sig.dname(p);
            if p.scalar {
                quote!(#dx)
            } else {
                quote!(::std::borrow::ToOwned::to_owned(#dx))
            }
        })
        .collect();
    let v = if owned.len() == 1 {
        quote!(#(#owned)*)
    } else {
        quote!((#(#owned,)*))
    };
    let doc_h = format!("The Hessian of [`{name}`](fn@{name}) with respect to its active parameters (n × n, symmetric), from tangent-over-adjoint sweeps in chunks of `jacobian::LANES` directions.");
    let doc_v = format!("The gradient of [`{name}`](fn@{name}) and the Hessian-vector product H·v for the directions `v` of the active parameters: one tangent-over-adjoint sweep.");
    quote! {
        #[doc = #doc_h]
        #[inline]
        pub fn hessian #g (#(#decl),*) -> ::jacobian::Matrix<#s> #w {
            ::jacobian::hessian(&bind(#(#args),*))
        }
        #[doc = #doc_v]
        #[inline]
        pub fn hvp #g (#(#decl,)* #(#d),*) -> (#bar, #bar) #w {
            ::jacobian::hvp(&bind(#(#args),*), &#v)
        }
    }
}
