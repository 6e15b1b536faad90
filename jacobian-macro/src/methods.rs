//! `#[differentiate]` on an inherent `impl` block: each differentiated method
//! `fn forward(&self, x: &[f64]) -> f64` becomes a free twin
//! `fn __mlp_forward(this: &Mlp, x: &[f64]) -> f64` (with `self` renamed), which is
//! differentiated as any free function, and the impl gains associated functions
//! `forward_gradient`, `forward_jacobian`, … that call the twin's module with `self`
//! first. Calls between the impl's differentiated methods (`self.other(x)`,
//! `Self::other(..)`) become calls of their twins.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};
use syn::visit_mut::VisitMut;
use syn::{FnArg, Ident, ImplItem, ImplItemFn, ItemImpl, Type};

use crate::errors::Errors;

/// The name of the value parameter standing for `self` in a method's twin.
pub const THIS: &str = "this";

/// The twin of method `method` of the type named `ty` (`Mlp`, `forward` →
/// `__mlp_forward`): how calls of differentiated methods are spelled.
pub fn twin_name(ty: &Ident, method: &Ident) -> Ident {
    let t = ty.to_string().to_lowercase();
    format_ident!("__{}_{}", t, method, span = method.span())
}

/// Expands `#[differentiate(attr)] impl T { .. }`.
pub fn expand(attr: TokenStream, item: ItemImpl) -> TokenStream {
    let mut errors = Errors::default();
    if let Some((_, path, _)) = &item.trait_ {
        errors.spanned(path, "`#[differentiate]` applies to inherent impl blocks (`impl Mlp { .. }`), not trait impls; differentiate an inherent method and call it from the trait's");
        let e = errors.to_compile_errors();
        return quote!(#item #e);
    }
    let Some(ty) = self_ident(&item.self_ty) else {
        errors.spanned(
            &item.self_ty,
            "`#[differentiate]` applies to impl blocks of a named struct (`impl Mlp { .. }`)",
        );
        let e = errors.to_compile_errors();
        return quote!(#item #e);
    };
    let marked = item
        .items
        .iter()
        .any(|i| matches!(i, ImplItem::Fn(f) if is_marked(f)));
    let picked: Vec<(usize, TokenStream)> = item
        .items
        .iter()
        .enumerate()
        .filter_map(|(k, i)| match i {
            ImplItem::Fn(f) if marked && is_marked(f) => Some((k, marked_args(f, &mut errors))),
            ImplItem::Fn(f) if !marked && f.sig.receiver().is_some() => Some((k, attr.clone())),
            _ => None,
        })
        .collect();
    let names: Vec<Ident> = picked
        .iter()
        .filter_map(|(k, _)| match &item.items[*k] {
            ImplItem::Fn(f) => Some(f.sig.ident.clone()),
            _ => None,
        })
        .collect();
    let mut out = TokenStream::new();
    let mut forwarders = Vec::new();
    let mut done = Vec::new();
    for (k, attr) in &picked {
        let ImplItem::Fn(f) = &item.items[*k] else {
            continue;
        };
        let twin = twin(&item, &ty, f, &names, &mut errors);
        let Some(twin) = twin else { continue };
        done.push(f.sig.ident.clone());
        let attr = rename_self(attr.clone());
        let expanded = crate::expand::expand_free(attr, twin.clone(), Some(THIS));
        forwarders.extend(forward(&item, &ty, f, &twin, &expanded));
        out.extend(expanded);
    }
    let mut item = item;
    for i in &mut item.items {
        if let ImplItem::Fn(f) = i {
            f.attrs.retain(|a| !is_differentiate(a));
            // As for free functions: index loops are the supported way to iterate.
            if done.contains(&f.sig.ident) {
                f.attrs
                    .push(syn::parse_quote!(#[allow(clippy::needless_range_loop)]));
            }
        }
    }
    item.items.extend(forwarders);
    let e = errors.to_compile_errors();
    quote!(#item #out #e)
}

/// The error for `#[differentiate]` on a method of an impl block without it.
pub fn method_alone(f: &syn::ItemFn) -> TokenStream {
    let msg = "`#[differentiate]` on a method needs the attribute on its impl block too: `#[differentiate] impl Mlp { #[differentiate] fn forward(&self, ..) .. }` (on the block alone it differentiates every method taking `self`)";
    let e = syn::Error::new_spanned(&f.sig.ident, msg).to_compile_error();
    quote!(#f #e)
}

fn self_ident(ty: &Type) -> Option<Ident> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last().map(|s| s.ident.clone()),
        _ => None,
    }
}

fn is_differentiate(a: &syn::Attribute) -> bool {
    a.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "differentiate")
}

fn is_marked(f: &ImplItemFn) -> bool {
    f.attrs.iter().any(is_differentiate)
}

/// The arguments of a method's own `#[differentiate(..)]`.
fn marked_args(f: &ImplItemFn, errors: &mut Errors) -> TokenStream {
    let a = f.attrs.iter().find(|a| is_differentiate(a));
    match a.map(|a| &a.meta) {
        Some(syn::Meta::List(l)) => l.tokens.clone(),
        Some(syn::Meta::NameValue(nv)) => {
            errors.spanned(
                nv,
                "expected `#[differentiate]` or `#[differentiate(wrt(..))]`",
            );
            TokenStream::new()
        }
        _ => TokenStream::new(),
    }
}

/// Every `self` token → `this` (in macro arguments and attribute arguments).
fn rename_self(tokens: TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .map(|t| match t {
            proc_macro2::TokenTree::Ident(i) if i == "self" => {
                proc_macro2::TokenTree::Ident(Ident::new(THIS, i.span()))
            }
            proc_macro2::TokenTree::Group(g) => {
                let mut n = proc_macro2::Group::new(g.delimiter(), rename_self(g.stream()));
                n.set_span(g.span());
                proc_macro2::TokenTree::Group(n)
            }
            t => t,
        })
        .collect()
}

/// The free function standing for method `f`.
fn twin(
    imp: &ItemImpl,
    ty: &Ident,
    f: &ImplItemFn,
    names: &[Ident],
    errors: &mut Errors,
) -> Option<syn::ItemFn> {
    let self_ty = &imp.self_ty;
    let mut inputs = syn::punctuated::Punctuated::<FnArg, syn::Token![,]>::new();
    for a in &f.sig.inputs {
        match a {
            FnArg::Receiver(r) => {
                if r.colon_token.is_some() {
                    errors.spanned(r, "a receiver with a type (`self: Box<Self>`) is not supported; take `&self` or `self`");
                    return None;
                }
                if r.mutability.is_some() && r.reference.is_some() {
                    errors.spanned(r, "`&mut self` is not supported by `#[differentiate]`: take `&self` and return the result");
                    return None;
                }
                let this = Ident::new(THIS, r.self_token.span);
                let m = r.mutability;
                let arg: FnArg = if r.reference.is_some() {
                    syn::parse_quote!(#this: &#self_ty)
                } else {
                    syn::parse_quote!(#m #this: #self_ty)
                };
                inputs.push(arg);
            }
            a => inputs.push(a.clone()),
        }
    }
    let mut generics = imp.generics.clone();
    generics
        .params
        .extend(f.sig.generics.params.iter().cloned());
    if let Some(w) = &f.sig.generics.where_clause {
        generics
            .make_where_clause()
            .predicates
            .extend(w.predicates.iter().cloned());
    }
    let mut block = f.block.clone();
    Rewrite { ty, self_ty, names }.visit_block_mut(&mut block);
    let mut sig = f.sig.clone();
    sig.ident = twin_name(ty, &f.sig.ident);
    sig.inputs = inputs;
    sig.generics = generics;
    let mut attrs: Vec<syn::Attribute> = f
        .attrs
        .iter()
        .filter(|a| !is_differentiate(a) && !a.path().is_ident("doc"))
        .cloned()
        .collect();
    attrs.push(syn::parse_quote!(#[doc(hidden)]));
    // As visible as the method: other modules' differentiated functions call it.
    Some(syn::ItemFn {
        attrs,
        vis: f.vis.clone(),
        sig,
        block: Box::new(block),
    })
}

/// `self` → `this`, `Self` → the type, calls of the impl's differentiated methods →
/// calls of their twins.
struct Rewrite<'a> {
    ty: &'a Ident,
    self_ty: &'a Type,
    names: &'a [Ident],
}

impl VisitMut for Rewrite<'_> {
    fn visit_expr_mut(&mut self, e: &mut syn::Expr) {
        if let syn::Expr::MethodCall(m) = e {
            if self.names.contains(&m.method) && is_self(&m.receiver) {
                let twin = twin_name(self.ty, &m.method);
                let this = Ident::new(THIS, m.method.span());
                let mut args = m.args.clone();
                args.iter_mut().for_each(|a| self.visit_expr_mut(a));
                *e = syn::parse_quote!(#twin(#this, #args));
                return;
            }
        }
        if let syn::Expr::Call(c) = e {
            if let syn::Expr::Path(p) = &*c.func {
                let segs = &p.path.segments;
                if p.qself.is_none()
                    && segs.len() == 2
                    && segs[0].ident == "Self"
                    && self.names.contains(&segs[1].ident)
                {
                    let twin = twin_name(self.ty, &segs[1].ident);
                    let mut args = c.args.clone();
                    args.iter_mut().for_each(|a| self.visit_expr_mut(a));
                    *e = syn::parse_quote!(#twin(#args));
                    return;
                }
            }
        }
        syn::visit_mut::visit_expr_mut(self, e);
    }

    fn visit_expr_path_mut(&mut self, p: &mut syn::ExprPath) {
        if p.qself.is_none() && p.path.is_ident("self") {
            let span = p.path.segments[0].ident.span();
            p.path.segments[0].ident = Ident::new(THIS, span);
            return;
        }
        syn::visit_mut::visit_expr_path_mut(self, p);
    }

    fn visit_type_mut(&mut self, t: &mut Type) {
        if let Type::Path(p) = t {
            if p.qself.is_none() && p.path.is_ident("Self") {
                *t = self.self_ty.clone();
                return;
            }
        }
        syn::visit_mut::visit_type_mut(self, t);
    }

    fn visit_expr_struct_mut(&mut self, s: &mut syn::ExprStruct) {
        // `Self { .. }` → `Mlp { .. }`.
        if s.qself.is_none() && s.path.is_ident("Self") {
            if let Type::Path(tp) = self.self_ty {
                s.path = tp.path.clone();
            }
        }
        syn::visit_mut::visit_expr_struct_mut(self, s);
    }

    fn visit_path_mut(&mut self, p: &mut syn::Path) {
        // `Self::CONST` → `Mlp::CONST`.
        if p.segments.len() > 1 && p.segments[0].ident == "Self" {
            if let Type::Path(tp) = self.self_ty {
                let mut full = tp.path.clone();
                full.segments.extend(p.segments.iter().skip(1).cloned());
                *p = full;
                return;
            }
        }
        syn::visit_mut::visit_path_mut(self, p);
    }

    fn visit_macro_mut(&mut self, m: &mut syn::Macro) {
        // `vec![self.a; n]`, `assert!(self.n > 0)`: `self` inside macro arguments.
        m.tokens = rename_self(m.tokens.clone());
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {
        // Items declared in the body have their own `self`.
    }
}

fn is_self(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Path(p) => p.qself.is_none() && p.path.is_ident("self"),
        syn::Expr::Paren(p) => is_self(&p.expr),
        _ => false,
    }
}

/// One-line descriptions of the generated items, for the associated functions' docs.
const ITEMS: &[(&str, &str)] = &[
    (
        "tangent",
        "Value and Jacobian-vector product (forward mode)",
    ),
    (
        "adjoint",
        "Value and vector-Jacobian product (reverse mode)",
    ),
    (
        "adjoint_with",
        "Value and vector-Jacobian product (reverse mode), with a reusable `Stack`",
    ),
    (
        "jacobian",
        "The Jacobian with respect to the active parameters",
    ),
    ("value_and_jacobian", "The value and the Jacobian"),
    ("jacobian_into", "Writes the Jacobian into a reused matrix"),
    ("laplacian", "The Laplacian, one per output scalar"),
    ("divergence", "The divergence (trace of the Jacobian)"),
    (
        "divergence_estimate",
        "Hutchinson's estimate of the divergence",
    ),
    (
        "gradient",
        "The gradient with respect to the active parameters",
    ),
    ("value_and_gradient", "The value and the gradient"),
    (
        "hessian",
        "The Hessian with respect to the active parameters",
    ),
    ("hvp", "The gradient and a Hessian-vector product"),
    (
        "bind",
        "The method bound to its arguments, for the generic assembly functions",
    ),
];

/// The associated functions `method_item` calling the twin's module.
fn forward(
    imp: &ItemImpl,
    ty: &Ident,
    f: &ImplItemFn,
    twin: &syn::ItemFn,
    expanded: &TokenStream,
) -> Vec<ImplItem> {
    let Ok(file) = syn::parse2::<syn::File>(expanded.clone()) else {
        return Vec::new();
    };
    let module = &twin.sig.ident;
    let Some(items) = file.items.iter().find_map(|i| match i {
        syn::Item::Mod(m) if m.ident == *module => m.content.as_ref().map(|c| &c.1),
        _ => None,
    }) else {
        return Vec::new();
    };
    let receiver = f.sig.receiver();
    let method = &f.sig.ident;
    let mut out = Vec::new();
    for item in items {
        let syn::Item::Fn(g) = item else { continue };
        if !matches!(g.vis, syn::Visibility::Public(_)) {
            continue;
        }
        let name = g.sig.ident.to_string();
        let Some((_, what)) = ITEMS.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        let mut sig = g.sig.clone();
        sig.ident = format_ident!("{}_{}", method, g.sig.ident, span = method.span());
        // The impl's own generic parameters are in scope already.
        let own: Vec<String> = imp.generics.params.iter().map(param_name).collect();
        sig.generics.params = sig
            .generics
            .params
            .into_iter()
            .filter(|p| !own.contains(&param_name(p)))
            .collect();
        let args: Vec<TokenStream> = sig
            .inputs
            .iter()
            .skip(1)
            .filter_map(|a| match a {
                FnArg::Typed(t) => match &*t.pat {
                    syn::Pat::Ident(pi) => Some(pi.ident.to_token_stream()),
                    _ => None,
                },
                FnArg::Receiver(_) => None,
            })
            .collect();
        let mut inputs: syn::punctuated::Punctuated<FnArg, syn::Token![,]> =
            sig.inputs.iter().skip(1).cloned().collect();
        if let Some(r) = receiver {
            let mut r = r.clone();
            r.attrs.clear();
            // `bind` holds `self` for a named lifetime.
            if let (Some((_, lt)), Some(FnArg::Typed(t))) = (&mut r.reference, sig.inputs.first()) {
                if let Type::Reference(tr) = &*t.ty {
                    lt.clone_from(&tr.lifetime);
                }
            }
            // Only the twin's tangent and adjoint take `mut` parameters.
            if !matches!(name.as_str(), "tangent" | "adjoint" | "adjoint_with") {
                r.mutability = None;
            }
            inputs.insert(0, FnArg::Receiver(r));
        }
        sig.inputs = inputs;
        QualifyBound(module).visit_signature_mut(&mut sig);
        let item = &g.sig.ident;
        let call = if receiver.is_some() {
            quote!(#module::#item(self, #(#args),*))
        } else {
            quote!(#module::#item(#(#args),*))
        };
        let doc = format!("{what} of [`{ty}::{method}`](Self::{method}), generated by `#[differentiate]` (the item `{name}` of a differentiated function's module, with `self` first).");
        let vis = &f.vis;
        out.push(syn::parse_quote! {
            #[doc = #doc]
            #[inline]
            #[allow(clippy::too_many_arguments)]
            #vis #sig { #call }
        });
    }
    out
}

fn param_name(p: &syn::GenericParam) -> String {
    match p {
        syn::GenericParam::Type(t) => t.ident.to_string(),
        syn::GenericParam::Lifetime(l) => l.lifetime.to_string(),
        syn::GenericParam::Const(c) => c.ident.to_string(),
    }
}

/// `Bound<..>` → `module::Bound<..>` in a forwarded signature.
struct QualifyBound<'a>(&'a Ident);

impl VisitMut for QualifyBound<'_> {
    fn visit_type_path_mut(&mut self, t: &mut syn::TypePath) {
        if t.qself.is_none() && t.path.segments.len() == 1 && t.path.segments[0].ident == "Bound" {
            let m = self.0;
            t.path.segments.insert(0, syn::PathSegment::from(m.clone()));
        }
        syn::visit_mut::visit_type_path_mut(self, t);
    }
}
