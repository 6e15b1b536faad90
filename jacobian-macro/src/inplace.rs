//! Functions that write their result into `&mut` parameters and return `()`
//! (`fn rhs(t: f64, y: &[f64], dy: &mut [f64])`): the outputs are the `&mut`
//! parameters, the inputs the others. The function is differentiated as its
//! value-returning twin `__rhs_value(t, y, dy_init) -> Vec<f64>` (the outputs'
//! initial contents are a value without derivatives), and the module `rhs` holds
//! the public items with the user's signature: each writes the value into the
//! outputs and returns the derivative.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::visit_mut::VisitMut;
use syn::{FnArg, Ident, ItemFn, Pat, ReturnType, Type};

use crate::args::Args;
use crate::errors::Errors;
use crate::types;

/// One `&mut` output parameter.
struct Out {
    name: Ident,
    /// The type behind `&mut`: `[S]`, `[S; N]` or `Vec<S>`.
    ty: Type,
}

/// One input parameter.
struct In {
    name: Ident,
    ty: Type,
    active: bool,
}

/// Whether `f` returns `()` and writes `&mut` parameters.
pub fn is_in_place(f: &ItemFn) -> bool {
    let unit = match &f.sig.output {
        ReturnType::Default => true,
        ReturnType::Type(_, t) => matches!(&**t, Type::Tuple(t) if t.elems.is_empty()),
    };
    unit && f.sig.inputs.iter().any(|a| matches!(a, FnArg::Typed(t) if matches!(&*t.ty, Type::Reference(r) if r.mutability.is_some())))
}

/// The value-returning twin (to be differentiated with the returned attribute
/// arguments) and the public module, or `None` after reporting why not.
pub fn expand(
    f: &ItemFn,
    args: &Args,
    errors: &mut Errors,
) -> Option<(ItemFn, TokenStream, TokenStream)> {
    let floats = float_names(f);
    let (mut outs, mut ins) = (Vec::new(), Vec::new());
    for a in &f.sig.inputs {
        let FnArg::Typed(t) = a else {
            errors.spanned(a, "methods are not supported by `#[differentiate]`; make it a free function taking the fields it needs");
            return None;
        };
        let Pat::Ident(pi) = &*t.pat else {
            errors.spanned(
                &t.pat,
                "parameter patterns are not supported; bind the parameter to a name",
            );
            return None;
        };
        match &*t.ty {
            Type::Reference(r) if r.mutability.is_some() => {
                let ok = match &*r.elem {
                    Type::Slice(s) => is_float(&s.elem, &floats),
                    Type::Array(a) => is_float(&a.elem, &floats),
                    t => types::vec_elem(t).is_some_and(|e| is_float(e, &floats)),
                };
                if !ok {
                    errors.spanned(&t.ty, "an in-place output must be `&mut [f64]`, `&mut [f64; N]` or `&mut Vec<f64>` (of the function's float type)");
                    return None;
                }
                outs.push(Out {
                    name: pi.ident.clone(),
                    ty: (*r.elem).clone(),
                });
            }
            ty => {
                let real = mentions_float(ty, &floats);
                let active = match &args.wrt {
                    Some(w) => w.contains(&pi.ident),
                    None => real,
                };
                ins.push(In {
                    name: pi.ident.clone(),
                    ty: ty.clone(),
                    active,
                });
            }
        }
    }
    if let Some(w) = &args.wrt {
        for n in w {
            if outs.iter().any(|o| o.name == *n) {
                errors.spanned(
                    n,
                    format!(
                        "`{n}` is an output (a `&mut` parameter); list only inputs in `wrt(..)`"
                    ),
                );
            }
        }
    }
    let value = value_fn(f, &outs);
    let active: Vec<&Ident> = ins.iter().filter(|i| i.active).map(|i| &i.name).collect();
    let dump = args.dump.then(|| quote!(dump,));
    let attr = quote!(#dump wrt(#(#active),*));
    let module = public_module(f, &value, &ins, &outs);
    Some((value, attr, module))
}

/// `__name_value(inputs, outputs' initial values) -> outputs`.
fn value_fn(f: &ItemFn, outs: &[Out]) -> ItemFn {
    let mut v = f.clone();
    v.attrs.retain(|a| !a.path().is_ident("doc"));
    v.attrs.push(syn::parse_quote!(#[doc(hidden)]));
    v.sig.ident = value_name(f);
    for a in &mut v.sig.inputs {
        let FnArg::Typed(t) = a else { continue };
        let Pat::Ident(pi) = &mut *t.pat else {
            continue;
        };
        if let Some(o) = outs.iter().find(|o| o.name == pi.ident) {
            pi.ident = init_name(&o.name);
            pi.mutability = None;
            *t.ty = match types::vec_elem(&o.ty) {
                Some(e) => syn::parse_quote!(&[#e]),
                None => {
                    let ty = &o.ty;
                    syn::parse_quote!(&#ty)
                }
            };
        }
    }
    let owned: Vec<Type> = outs.iter().map(|o| types::owned(&o.ty)).collect();
    v.sig.output = if owned.len() == 1 {
        let t = &owned[0];
        syn::parse_quote!(-> #t)
    } else {
        syn::parse_quote!(-> (#(#owned),*))
    };
    let tail: TokenStream = {
        let names = outs.iter().map(|o| &o.name);
        if outs.len() == 1 {
            quote!(#(#names)*)
        } else {
            quote!((#(#names),*))
        }
    };
    let inits = outs.iter().map(|o| {
        let (x, init) = (&o.name, init_name(&o.name));
        let ty = types::owned(&o.ty);
        let value = match &o.ty {
            Type::Array(_) => quote!(*#init),
            _ => quote!(#init.to_vec()),
        };
        quote!(let mut #x: #ty = #value;)
    });
    let mut body = (*f.block).clone();
    ReturnUnit(tail.clone()).visit_block_mut(&mut body);
    let stmts = &body.stmts;
    *v.block = syn::parse_quote!({ #(#inits)* #(#stmts)* #tail });
    v
}

/// The public items: the user's signature, the value written into the outputs.
fn public_module(f: &ItemFn, value: &ItemFn, ins: &[In], outs: &[Out]) -> TokenStream {
    let (vis, name) = (&f.vis, &f.sig.ident);
    let inner = &value.sig.ident;
    let mut generics = f.sig.generics.clone();
    for t in types::float_params(&f.sig.generics) {
        generics
            .make_where_clause()
            .predicates
            .push(syn::parse_quote!(#t: ::jacobian::Scalar));
    }
    let (g, w) = (&generics, &generics.where_clause);
    let s = scalar(f);
    let decl: Vec<TokenStream> = f
        .sig
        .inputs
        .iter()
        .map(|a| match a {
            FnArg::Typed(t) => {
                let (p, ty) = (strip_mut(&t.pat), &t.ty);
                quote!(#p: #ty)
            }
            FnArg::Receiver(r) => r.to_token_stream(),
        })
        .collect();
    let call: Vec<TokenStream> = f
        .sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            FnArg::Typed(t) => match &*t.pat {
                Pat::Ident(pi) if outs.iter().any(|o| o.name == pi.ident) => {
                    let x = &pi.ident;
                    Some(quote!(&*#x))
                }
                Pat::Ident(pi) => Some(pi.ident.to_token_stream()),
                _ => None,
            },
            FnArg::Receiver(_) => None,
        })
        .collect();
    let v = format_ident!("__value", span = Span::mixed_site());
    let write = write_back(outs, &v);
    let active: Vec<&In> = ins.iter().filter(|i| i.active).collect();
    let dots: Vec<Ident> = active
        .iter()
        .map(|i| format_ident!("{}_dot", i.name))
        .collect();
    let dot_decl = active.iter().zip(&dots).map(|(i, d)| {
        let scalar = !matches!(i.ty, Type::Reference(_))
            && types::is_fixed(&i.ty)
            && !matches!(i.ty, Type::Array(_) | Type::Tuple(_));
        let ty = types::passed(&types::owned(&i.ty), scalar);
        quote!(#d: #ty)
    });
    let owned: Vec<Type> = outs.iter().map(|o| types::owned(&o.ty)).collect();
    let out_ty = if owned.len() == 1 {
        owned[0].to_token_stream()
    } else {
        quote!((#(#owned),*))
    };
    let ybar_ty = if owned.len() == 1 {
        types::passed(&owned[0], false).to_token_stream()
    } else {
        quote!(&(#(#owned),*))
    };
    let bar: Vec<Type> = active.iter().map(|i| types::owned(&i.ty)).collect();
    let bar_ty = if bar.len() == 1 {
        bar[0].to_token_stream()
    } else {
        quote!((#(#bar,)*))
    };
    let outputs = outs
        .iter()
        .map(|o| format!("`{}`", o.name))
        .collect::<Vec<_>>()
        .join(", ");
    let ybar = format_ident!("y_bar");
    let jac = format_ident!("jac");
    let doc = format!("Derivatives of [`{name}`](fn@{name}), generated by `#[differentiate]`: its outputs are {outputs} (the Jacobian's rows, in parameter order), its inputs the other floating-point parameters. Each item writes the value into the outputs, as `{name}` does, and returns the derivative.");
    quote! {
        #[doc = #doc]
        #[allow(clippy::all, non_snake_case, unused_variables)]
        #vis mod #name {
            use super::*;

            /// The value into the outputs; returns the Jacobian-vector product `J·v` for
            /// the tangents `v` of the active inputs.
            #[inline]
            pub fn tangent #g (#(#decl,)* #(#dot_decl),*) -> #out_ty #w {
                let (#v, __d) = super::#inner::tangent(#(#call,)* #(#dots),*);
                #write
                __d
            }

            /// The value into the outputs; returns the cotangents `y_barᵀ·J` of the active
            /// inputs (reverse mode).
            #[inline]
            pub fn adjoint #g (#(#decl,)* #ybar: #ybar_ty) -> #bar_ty #w {
                let (#v, __c) = super::#inner::adjoint(#(#call,)* #ybar);
                #write
                __c
            }

            /// The value into the outputs; returns the Jacobian: one row per output
            /// scalar (the outputs in parameter order), one column per active input scalar.
            #[inline]
            pub fn jacobian #g (#(#decl),*) -> ::jacobian::Matrix<#s> #w {
                let (#v, __j) = super::#inner::value_and_jacobian(#(#call),*);
                #write
                __j
            }

            /// The value into the outputs and the Jacobian into `jac`, resized only when
            /// its shape differs: repeated calls do not allocate for fixed sizes.
            #[inline]
            pub fn jacobian_into #g (#(#decl,)* #jac: &mut ::jacobian::Matrix<#s>) #w {
                let __b = super::#inner::bind(#(#call),*);
                ::jacobian::jacobian_into(&__b, #jac, ::jacobian::Mode::Auto);
                let #v = ::jacobian::Differentiable::value(&__b);
                drop(__b);
                #write
            }

            /// The value into the outputs; returns the divergence (the Jacobian's trace).
            ///
            /// # Panics
            ///
            /// If the active inputs and the outputs do not have the same number of scalars.
            #[inline]
            pub fn divergence #g (#(#decl),*) -> #s #w {
                let __b = super::#inner::bind(#(#call),*);
                let __d = ::jacobian::divergence(&__b);
                let #v = ::jacobian::Differentiable::value(&__b);
                drop(__b);
                #write
                __d
            }

            /// The inputs bound with the outputs' current contents, for the runtime's
            /// generic functions (`jacobian::jacobian(&f, mode)`, …).
            pub use super::#inner::bind;
        }
    }
}

/// Writes the value `v` (one output, or a tuple of them) into the outputs.
fn write_back(outs: &[Out], v: &Ident) -> TokenStream {
    let one = |x: &Ident, ty: &Type, val: TokenStream| match ty {
        Type::Slice(_) => quote!(#x.copy_from_slice(&#val);),
        _ => quote!(*#x = #val;),
    };
    if outs.len() == 1 {
        return one(&outs[0].name, &outs[0].ty, quote!(#v));
    }
    outs.iter()
        .enumerate()
        .map(|(k, o)| {
            let k = syn::Index::from(k);
            one(&o.name, &o.ty, quote!(#v.#k))
        })
        .collect()
}

/// `return;` as `return outputs;` (not inside closures, whose `return` is theirs).
struct ReturnUnit(TokenStream);

impl VisitMut for ReturnUnit {
    fn visit_expr_mut(&mut self, e: &mut syn::Expr) {
        match e {
            syn::Expr::Return(r) if r.expr.is_none() => {
                let t = &self.0;
                r.expr = Some(Box::new(syn::parse_quote!(#t)));
            }
            syn::Expr::Closure(_) => {}
            _ => syn::visit_mut::visit_expr_mut(self, e),
        }
    }
}

fn value_name(f: &ItemFn) -> Ident {
    twin_name(&f.sig.ident)
}

/// The value-returning twin of the in-place function `name` (what calls of it from
/// other differentiated functions call).
pub fn twin_name(name: &Ident) -> Ident {
    format_ident!("__{}_value", name, span = name.span())
}

fn init_name(x: &Ident) -> Ident {
    format_ident!("__{}_init", x)
}

fn strip_mut(p: &Pat) -> TokenStream {
    match p {
        Pat::Ident(pi) => pi.ident.to_token_stream(),
        p => p.to_token_stream(),
    }
}

/// `f64`, `f32` and the function's float type parameters.
fn float_names(f: &ItemFn) -> Vec<String> {
    let mut v: Vec<String> = types::float_params(&f.sig.generics)
        .iter()
        .map(ToString::to_string)
        .collect();
    v.extend(["f64".to_string(), "f32".to_string()]);
    v
}

fn is_float(t: &Type, floats: &[String]) -> bool {
    matches!(t, Type::Path(p) if p.path.get_ident().is_some_and(|i| floats.contains(&i.to_string())))
}

fn mentions_float(t: &Type, floats: &[String]) -> bool {
    floats
        .iter()
        .any(|f| types::mentions(t, &Ident::new(f, Span::call_site())))
}

/// The function's float type, as written in its outputs.
fn scalar(f: &ItemFn) -> TokenStream {
    if let Some(t) = types::float_params(&f.sig.generics).into_iter().next() {
        return t.to_token_stream();
    }
    let floats = float_names(f);
    for a in &f.sig.inputs {
        if let FnArg::Typed(t) = a {
            for name in ["f64", "f32"] {
                if floats.contains(&name.to_string())
                    && types::mentions(&t.ty, &Ident::new(name, Span::call_site()))
                {
                    return Ident::new(name, Span::call_site()).to_token_stream();
                }
            }
        }
    }
    quote!(f64)
}
