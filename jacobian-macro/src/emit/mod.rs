//! Emission: the module of derivative functions generated next to the user's.

use crate::emit::paths::JR;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::{Generics, Ident, ItemFn, Type};

/// `quote!` with the tokens written in it at the mixed site, for the sweeps the
/// declared and nested emitters write: their own locals and parameters (`__y`, `__l`,
/// `__ybar`, …) cannot clash with the user's names.
macro_rules! q {
    ($($t:tt)*) => {
        quote::quote_spanned!(proc_macro2::Span::mixed_site()=> $($t)*)
    };
}

mod bound;
mod declared;
pub(crate) mod inactive;
mod internal;
mod nested;
pub(crate) mod paths;
pub(crate) mod record;

use internal::Variant;

use crate::ir::{Function, Param};
use crate::lower::Lowered;
use crate::plan::Analysis;
use crate::sweep::local;
use crate::types::{self, ScalarTy};

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
        self.bar_ty().to_token_stream()
    }

    /// [`bar`](Sig::bar) as a type.
    fn bar_ty(&self) -> Type {
        let mut tys: Vec<Type> = self.active().iter().map(|p| types::owned(&p.ty)).collect();
        if tys.len() == 1 {
            tys.remove(0)
        } else {
            syn::parse_quote!((#(#tys,)*))
        }
    }

    /// `x` or `&x`: a reference to the parameter's value.
    fn by_ref(&self, p: &Param) -> TokenStream {
        let x = self.name(p);
        if p.by_ref {
            quote!(#x)
        } else {
            quote!(&#x)
        }
    }

    /// The arguments of a call passing the parameters on (to the user's function, a
    /// declared rule or a sweep): references, scalars, integers and `bool`s as they are,
    /// other values cloned so every call gets its own.
    fn pass_args(&self) -> Vec<TokenStream> {
        self.params()
            .map(|p| {
                let x = self.name(p);
                if p.by_ref || p.scalar || types::is_primitive(&p.ty) {
                    quote!(#x)
                } else {
                    quote!(::core::clone::Clone::clone(&#x))
                }
            })
            .collect()
    }

    /// The local holding a parameter's cotangent in the declared and nested sweeps.
    fn cot_name(&self, p: &Param) -> Ident {
        format_ident!("__c_{}", self.name(p), span = Span::mixed_site())
    }

    fn out_scalar(&self) -> bool {
        self.s.matches(self.out)
    }

    fn ybar_ty(&self) -> Type {
        types::passed(&types::owned(self.out), self.out_scalar())
    }

    /// A struct result: its public tangent and cotangent are of its own type, its
    /// sweeps' of its mirror.
    pub(crate) fn out_record(&self) -> bool {
        types::is_record_candidate(self.out, self.s)
    }

    /// `y_bar` (as passed publicly) as an expression of type `&Out`'s cotangent.
    fn ybar_ref(&self, ybar: &Ident) -> TokenStream {
        if self.out_record() {
            let s = self.s.ty();
            quote!(&#JR::convert_flat(#ybar, #JR::zeros::<#s, #s, _>(#ybar)))
        } else if self.out_scalar() {
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
pub fn module(item: &ItemFn, low: &Lowered, an: &Analysis, stub: bool) -> TokenStream {
    let sig = Sig::new(item, low);
    let body = stub_body(stub);
    let mut variants = vec![Variant { all: true }];
    if !sig.all_real() {
        variants.push(Variant { all: false });
    }
    let sweeps = variants
        .into_iter()
        .flat_map(|v| {
            [
                internal::tangent(&sig, an, v, &body),
                internal::adjoint(&sig, an, v, &body),
            ]
        })
        .collect();
    wrap(&sig, sweeps, &body, "generated by `#[differentiate]`")
}

/// The generated module for a function whose derivative is declared
/// (`#[jacobian::derivative]`): its sweeps apply the declared rule.
pub fn declared_module(item: &ItemFn, low: &Lowered, rule: &crate::declared::Rule) -> TokenStream {
    let sig = Sig::new(item, low);
    let sweeps = declared::sweeps(&sig, rule);
    let how = "from its declared derivative (`#[jacobian::derivative]`)";
    wrap(&sig, sweeps, &stub_body(false), how)
}

fn stub_body(stub: bool) -> impl Fn(TokenStream) -> TokenStream {
    move |b| {
        if stub {
            quote!(::core::unreachable!())
        } else {
            b
        }
    }
}

impl<'a> Sig<'a> {
    fn new(item: &'a ItemFn, low: &'a Lowered) -> Self {
        let mut generics = item.sig.generics.clone();
        if let ScalarTy::Generic(t) = &low.scalar {
            generics
                .make_where_clause()
                .predicates
                .push(syn::parse_quote!(#t: ::jacobian::Scalar));
        }
        Sig {
            item,
            f: &low.func,
            s: &low.scalar,
            out: &low.output,
            generics,
        }
    }
}

/// The module: the public items around the internal `sweeps`.
fn wrap(
    sig: &Sig,
    sweeps: Vec<TokenStream>,
    body: &dyn Fn(TokenStream) -> TokenStream,
    how: &str,
) -> TokenStream {
    let item = sig.item;
    let mut items = vec![tangent_fn(sig, body), adjoint_fns(sig, body)];
    items.extend(sweeps);
    items.push(bound::bound(sig));
    items.push(assembly(sig));
    let vis = &item.vis;
    let name = &item.sig.ident;
    let doc = format!("Derivatives of [`{name}`](fn@{name}), {how}.");
    let alias = paths::declaration();
    // A hidden function (a method's twin) has a hidden module.
    let hidden = item
        .attrs
        .iter()
        .any(|a| a.path().is_ident("doc") && a.to_token_stream().to_string().contains("hidden"))
        .then(|| quote!(#[doc(hidden)]));
    let module = quote! {
        #[doc = #doc]
        #hidden
        #[allow(unused_imports, unused_mut, unused_variables, unused_assignments, unused_parens,
                unused_braces, non_snake_case, dead_code, unreachable_code, clippy::all, clippy::pedantic,
                clippy::nursery)]
        #vis mod #name {
            use super::*;
            #alias
            #[allow(unused_imports)]
            use #JR::Float as _;
            #(#items)*
        }
    };
    module
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
        if !p.real || p.record {
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
    // A struct's tangent is converted to its mirror's.
    let s = sig.s.ty();
    let zeros = sig
        .params()
        .filter(|p| (!p.real && v.all) || p.record)
        .map(|p| {
            let (x, z) = (sig.name(p), zero_name(sig, p));
            let r = if p.by_ref { quote!(#x) } else { quote!(&#x) };
            if p.record {
                let dx = sig.dname(p);
                quote!(let #z = #JR::convert_flat(#dx, #JR::zeros::<#s, #s, _>(#r));)
            } else {
                quote!(let #z = #JR::zeros::<#s, #s, _>(#r);)
            }
        });
    let f = v.name("tangent");
    let mut code = quote!(#f(#(#args,)* #(#targs),*));
    if sig.out_record() {
        code = quote! {{
            let (__y, __t) = #code;
            let __z = #JR::zero_tangent(&__y);
            (__y, #JR::convert_flat(&__t, __z))
        }};
    }
    let code = quote!(#(#zeros)* #code);
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
        quote!(let #n = #JR::zeros::<#s, #JR::NoTangent, _>(#r);)
    });
    let f = v.name("adjoint");
    let call = quote!(#f(#(#args,)* #(&#nt,)* #yref, #stack));
    // A struct's cotangent is its mirror's, converted to the struct's type (zero
    // copies taken before the call moves the arguments).
    let records: Vec<TokenStream> = sig
        .active()
        .iter()
        .filter(|p| p.record)
        .map(|p| {
            let (x, z) = (sig.name(p), zero_name(sig, p));
            let r = if p.by_ref { quote!(#x) } else { quote!(&#x) };
            quote!(let #z = #JR::zero_tangent(#r);)
        })
        .collect();
    let code = if v.all || !records.is_empty() {
        let cots: Vec<Ident> = sig
            .params()
            .map(|p| format_ident!("__c{}", p.var, span = Span::mixed_site()))
            .collect();
        let pattern: Vec<&Ident> = sig
            .params()
            .zip(&cots)
            .filter(|(p, _)| v.all || p.active)
            .map(|(_, c)| c)
            .collect();
        let pattern = if !v.all && pattern.len() == 1 {
            quote!(#(#pattern)*)
        } else {
            quote!((#(#pattern,)*))
        };
        let picked: Vec<TokenStream> = sig
            .params()
            .zip(&cots)
            .filter(|(p, _)| p.active)
            .map(|(p, c)| {
                if p.record {
                    let z = zero_name(sig, p);
                    quote!(#JR::convert_flat(&#c, #z))
                } else {
                    quote!(#c)
                }
            })
            .collect();
        let ret = if picked.len() == 1 {
            quote!(#(#picked)*)
        } else {
            quote!((#(#picked,)*))
        };
        quote! {
            #(#none)*
            #(#records)*
            let (__out, #pattern) = #call;
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
    if nested::nestable(sig) {
        items.extend(sparse_fns(sig));
        items.extend(nested::tangent(sig));
        items.extend(nested::adjoint(sig));
        items.extend(nested::divergence(sig));
    }
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
        if nested::nestable(sig) {
            items.extend(nested::gradient(sig));
            items.extend(nested::value_and_gradient(sig));
            items.extend(nested::laplacian(sig));
        }
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

/// `sparsity`, `sparse_jacobian` and `sparse_jacobian_into`.
fn sparse_fns(sig: &Sig) -> TokenStream {
    let (g, w) = (&sig.generics, &sig.generics.where_clause);
    let (decl, args, s) = (sig.decl(false), sig.args(), sig.s.ty());
    let name = &sig.item.sig.ident;
    let (coloring, jac) = (local("coloring"), local("jac"));
    let doc_p = format!("The sparsity pattern of the Jacobian of [`{name}`](fn@{name}) at these arguments (rows the output scalars, columns the active input scalars), from forward sweeps over sets of inputs: structural, and the same at every point when the control flow does not depend on the active values (see `jacobian::sparsity`).");
    let doc_s = format!("The Jacobian of [`{name}`](fn@{name}) as a sparse matrix: its sparsity pattern, the cheaper colouring of its columns or rows, and one vector sweep per 8 colours.");
    let doc_i = format!("Writes the Jacobian of [`{name}`](fn@{name}) on the pattern `coloring` colours (`jacobian::Coloring::new(&{name}::sparsity(..))`, computed once) into `jac`, reusing its storage: no allocation for fixed-size functions.\n\n# Panics\n\nIf the colouring's pattern is not of this Jacobian's shape.");
    quote! {
        #[doc = #doc_p]
        #[inline]
        pub fn sparsity #g (#(#decl),*) -> ::jacobian::Pattern #w {
            ::jacobian::sparsity(&bind(#(#args),*))
        }
        #[doc = #doc_s]
        #[inline]
        pub fn sparse_jacobian #g (#(#decl),*) -> ::jacobian::SparseMatrix<#s> #w {
            ::jacobian::sparse_jacobian(&bind(#(#args),*))
        }
        #[doc = #doc_i]
        #[inline]
        pub fn sparse_jacobian_into #g (#(#decl,)* #coloring: &::jacobian::Coloring, #jac: &mut ::jacobian::SparseMatrix<#s>) #w {
            ::jacobian::sparse_jacobian_into(&bind(#(#args),*), #coloring, #jac)
        }
    }
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
