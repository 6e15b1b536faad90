//! What the macro knows about types: which scalar the function computes in,
//! which parameters can carry derivatives, and the owned types of tangents.

use crate::emit::paths::JR;
use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};
use syn::{GenericParam, Generics, Type, TypeParamBound};

use crate::errors::Errors;

/// The floating-point type a function computes in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScalarTy {
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// A type parameter bounded by `Float`.
    Generic(syn::Ident),
}

impl ScalarTy {
    /// The type's tokens.
    pub fn ty(&self) -> TokenStream {
        match self {
            ScalarTy::F32 => quote!(f32),
            ScalarTy::F64 => quote!(f64),
            ScalarTy::Generic(t) => t.to_token_stream(),
        }
    }

    /// A constant of this type.
    pub fn lit(&self, x: f64) -> TokenStream {
        match self {
            ScalarTy::F32 => Literal::f32_suffixed(x as f32).to_token_stream(),
            ScalarTy::F64 => Literal::f64_suffixed(x).to_token_stream(),
            ScalarTy::Generic(t) => {
                let l = Literal::f64_unsuffixed(x);
                quote!(<#t as ::jacobian::Scalar>::cst(#l))
            }
        }
    }

    /// True when `ty` is this scalar.
    pub fn matches(&self, ty: &Type) -> bool {
        match (self, path_ident(ty)) {
            (ScalarTy::F32, Some(i)) => i == "f32",
            (ScalarTy::F64, Some(i)) => i == "f64",
            (ScalarTy::Generic(t), Some(i)) => *t == i,
            _ => false,
        }
    }
}

/// The single identifier of a plain path type (`f64`, `T`, `usize`).
pub fn path_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.get_ident().map(ToString::to_string),
        Type::Paren(p) => path_ident(&p.elem),
        Type::Group(g) => path_ident(&g.elem),
        _ => None,
    }
}

const DISCRETE: &[&str] = &[
    "usize", "isize", "u8", "u16", "u32", "u64", "u128", "i8", "i16", "i32", "i64", "i128", "bool",
];

/// True for integer and `bool` types.
pub fn is_discrete(ty: &Type) -> bool {
    path_ident(ty).is_some_and(|i| DISCRETE.contains(&i.as_str()))
}

/// A named type without generic arguments that is neither a float, an integer,
/// `bool` nor `Vec`: a user's type passed as a value without derivatives (an enum
/// choosing a mode, a configuration). The generated code asserts that it
/// implements `jacobian::Inactive`.
pub fn is_inactive_path(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    p.qself.is_none()
        && p.path.segments.iter().all(|s| s.arguments.is_none())
        && !is_discrete(ty)
        && !path_ident(ty)
            .is_some_and(|i| matches!(i.as_str(), "f32" | "f64" | "Vec" | "String" | "Self"))
}

/// A user's named type, with or without type arguments (`Mlp`, `Layer<T>`): a struct
/// that may derive `Differentiable` (or `Inactive`).
pub fn is_record_candidate(ty: &Type, s: &ScalarTy) -> bool {
    match ty {
        Type::Paren(p) => is_record_candidate(&p.elem, s),
        Type::Group(g) => is_record_candidate(&g.elem, s),
        Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last();
            !s.matches(ty)
                && !is_discrete(ty)
                && vec_elem(ty).is_none()
                && last.is_some_and(|l| {
                    !matches!(
                        l.ident.to_string().as_str(),
                        "f32"
                            | "f64"
                            | "Vec"
                            | "String"
                            | "Self"
                            | "Option"
                            | "Result"
                            | "Box"
                            | "Rc"
                            | "Arc"
                            | "HashMap"
                            | "BTreeMap"
                    )
                })
        }
        _ => false,
    }
}

/// A named type of the user's (not a float, integer, `bool`, `Vec`, `String`).
pub fn is_user_type(ty: &Type) -> bool {
    is_record_candidate(ty, &ScalarTy::F64)
}

/// `ty` without its references (`&&Mlp` → `Mlp`).
pub fn strip_refs(ty: &Type) -> &Type {
    match ty {
        Type::Reference(r) => strip_refs(&r.elem),
        Type::Paren(p) => strip_refs(&p.elem),
        _ => ty,
    }
}

/// Whether the identifier `name` appears anywhere in `ty`.
pub fn mentions(ty: &Type, name: &syn::Ident) -> bool {
    ty.to_token_stream()
        .into_iter()
        .any(|t| mentions_tree(&t, name))
}

fn mentions_tree(t: &proc_macro2::TokenTree, name: &syn::Ident) -> bool {
    match t {
        proc_macro2::TokenTree::Ident(i) => i == name,
        proc_macro2::TokenTree::Group(g) => g.stream().into_iter().any(|t| mentions_tree(&t, name)),
        _ => false,
    }
}

/// Type parameters bounded by `Float` (or our `Scalar`).
pub fn float_params(generics: &Generics) -> Vec<syn::Ident> {
    let mut out = Vec::new();
    for p in &generics.params {
        if let GenericParam::Type(t) = p {
            if has_float_bound(t.bounds.iter()) {
                out.push(t.ident.clone());
            }
        }
    }
    if let Some(w) = &generics.where_clause {
        for pred in &w.predicates {
            if let syn::WherePredicate::Type(pt) = pred {
                if let Some(i) = path_ident(&pt.bounded_ty) {
                    if has_float_bound(pt.bounds.iter()) && !out.iter().any(|o| *o == i) {
                        out.push(syn::Ident::new(&i, proc_macro2::Span::call_site()));
                    }
                }
            }
        }
    }
    out
}

fn has_float_bound<'a>(mut bounds: impl Iterator<Item = &'a TypeParamBound>) -> bool {
    bounds.any(|b| match b {
        TypeParamBound::Trait(t) => t
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "Float" || s.ident == "Scalar" || s.ident == "Real"),
        _ => false,
    })
}

/// How a type relates to derivatives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Made of scalars of the function's type: can carry derivatives.
    Real,
    /// Integers and bools.
    Discrete,
}

/// Classifies a parameter or return type, reporting what is unsupported.
pub fn kind(ty: &Type, s: &ScalarTy, errors: &mut Errors) -> Option<Kind> {
    match ty {
        Type::Reference(r) => {
            if r.mutability.is_some() {
                errors.spanned(ty, "a `&mut` parameter is an output only in a function that returns `()` (`fn rhs(t: f64, y: &[f64], dy: &mut [f64])`); here, take the value or a shared reference and return the result instead");
                return None;
            }
            kind(&r.elem, s, errors)
        }
        Type::Paren(p) => kind(&p.elem, s, errors),
        Type::Group(g) => kind(&g.elem, s, errors),
        Type::Array(a) => kind(&a.elem, s, errors),
        Type::Slice(a) => kind(&a.elem, s, errors),
        Type::Tuple(t) if !t.elems.is_empty() => {
            let kinds: Vec<_> = t.elems.iter().map(|e| kind(e, s, errors)).collect();
            if kinds.iter().any(Option::is_none) {
                None
            } else if kinds.iter().all(|k| *k == Some(Kind::Discrete)) {
                Some(Kind::Discrete)
            } else if kinds.iter().all(|k| *k == Some(Kind::Real)) {
                Some(Kind::Real)
            } else {
                errors.spanned(ty, "tuples mixing floating-point and integer values are not supported here; pass them as separate parameters");
                None
            }
        }
        _ if s.matches(ty) => Some(Kind::Real),
        _ if is_discrete(ty) => Some(Kind::Discrete),
        _ if is_inactive_path(ty) && !s.matches(ty) => Some(Kind::Discrete),
        Type::Path(p) if vec_elem(ty).is_some() && p.qself.is_none() => {
            kind(vec_elem(ty)?, s, errors)
        }
        _ if path_ident(ty).is_some_and(|i| i == "f32" || i == "f64") => {
            errors.spanned(ty, format!("this function computes in `{0}`; mixing `f32` and `f64` in one differentiated function is not supported: convert the value to `{0}` before the call", s.ty()));
            None
        }
        _ => {
            errors.spanned(ty, format!("type `{}` is not supported by `#[differentiate]`; use `{}`, integers, bool, arrays, slices, `Vec`s and tuples of them, or a struct deriving `jacobian::Differentiable` (its floats carry derivatives) or `jacobian::Inactive` (a constant)", ty.to_token_stream(), s.ty()));
            None
        }
    }
}

/// The element type of `Vec<T>`.
pub fn vec_elem(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Vec" {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(a) if a.args.len() == 1 => match &a.args[0] {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        },
        _ => None,
    }
}

/// The owned type of a tangent or cotangent of a value of type `ty`:
/// `&[f64; 3]` → `[f64; 3]`, `&[f64]` → `Vec<f64>`, `Vec<f64>` → `Vec<f64>`.
pub fn owned(ty: &Type) -> Type {
    match ty {
        Type::Reference(r) => owned(&r.elem),
        Type::Paren(p) => owned(&p.elem),
        Type::Group(g) => owned(&g.elem),
        Type::Slice(s) => {
            let e = owned(&s.elem);
            syn::parse_quote!(::std::vec::Vec<#e>)
        }
        Type::Array(a) => {
            let e = owned(&a.elem);
            let n = &a.len;
            syn::parse_quote!([#e; #n])
        }
        Type::Tuple(t) => {
            let e = t.elems.iter().map(owned);
            syn::parse_quote!((#(#e,)*))
        }
        _ => match vec_elem(ty) {
            Some(e) => {
                let e = owned(e);
                syn::parse_quote!(::std::vec::Vec<#e>)
            }
            None => ty.clone(),
        },
    }
}

/// An integer or `bool` type (copied, not cloned).
pub fn is_primitive(ty: &Type) -> bool {
    const NAMES: &[&str] = &[
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        "bool",
    ];
    matches!(ty, Type::Path(t) if t.qself.is_none() && t.path.get_ident().is_some_and(|i| NAMES.contains(&i.to_string().as_str())))
}

/// The element type of a slice reference `&[T]`.
pub fn slice_elem(ty: &Type) -> Option<&Type> {
    match ty {
        Type::Reference(r) => match &*r.elem {
            Type::Slice(s) => Some(&s.elem),
            Type::Paren(_) | Type::Group(_) => slice_elem_unwrapped(&r.elem),
            _ => None,
        },
        Type::Paren(p) => slice_elem(&p.elem),
        Type::Group(g) => slice_elem(&g.elem),
        _ => None,
    }
}

fn slice_elem_unwrapped(ty: &Type) -> Option<&Type> {
    match ty {
        Type::Slice(s) => Some(&s.elem),
        Type::Paren(p) => slice_elem_unwrapped(&p.elem),
        Type::Group(g) => slice_elem_unwrapped(&g.elem),
        _ => None,
    }
}

/// How a tangent or cotangent of owned type `owned` is passed to the public
/// functions: scalars by value, `Vec<T>` as `&[T]`, everything else by reference.
pub fn passed(owned: &Type, scalar: bool) -> Type {
    if scalar {
        return owned.clone();
    }
    match vec_elem(owned) {
        Some(e) => syn::parse_quote!(&[#e]),
        None => syn::parse_quote!(&#owned),
    }
}

/// True when the type has a fixed number of scalars (no slice or `Vec` inside).
pub fn is_fixed(ty: &Type) -> bool {
    match ty {
        Type::Reference(r) => is_fixed(&r.elem),
        Type::Paren(p) => is_fixed(&p.elem),
        Type::Group(g) => is_fixed(&g.elem),
        Type::Array(a) => is_fixed(&a.elem),
        Type::Slice(_) => false,
        Type::Tuple(t) => t.elems.iter().all(is_fixed),
        _ => vec_elem(ty).is_none(),
    }
}

/// `ty` with every elided reference lifetime replaced by `'a`.
pub fn with_lifetime(ty: &Type, lt: &syn::Lifetime) -> Type {
    use syn::visit_mut::VisitMut;
    struct Fill<'l>(&'l syn::Lifetime);
    impl VisitMut for Fill<'_> {
        fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
            if r.lifetime.is_none() {
                r.lifetime = Some(self.0.clone());
            }
            syn::visit_mut::visit_type_reference_mut(self, r);
        }
    }
    let mut ty = ty.clone();
    Fill(lt).visit_type_mut(&mut ty);
    ty
}

/// The type of a value's derivatives when each of its scalars carries a `c`: the owned
/// shape with the scalar replaced (`&[f64; 3]` → `[C; 3]`, `&[f64]` → `Vec<C>`), `()` for
/// integers and bools (they carry no derivative).
pub fn carried(ty: &Type, s: &ScalarTy, c: &TokenStream) -> Type {
    let owned = owned(ty);
    match &owned {
        Type::Array(a) => {
            let (e, n) = (carried(&a.elem, s, c), &a.len);
            syn::parse_quote!([#e; #n])
        }
        Type::Tuple(t) => {
            let e = t.elems.iter().map(|e| carried(e, s, c));
            syn::parse_quote!((#(#e,)*))
        }
        _ if s.matches(&owned) => syn::parse_quote!(#c),
        _ if is_discrete(&owned) => syn::parse_quote!(()),
        _ => match vec_elem(&owned) {
            Some(e) => {
                let e = carried(e, s, c);
                syn::parse_quote!(::std::vec::Vec<#e>)
            }
            None => {
                let st = s.ty();
                syn::parse_quote!(<#owned as #JR::Mirror<#st, #c>>::Out)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn s(t: &Type) -> String {
        t.to_token_stream().to_string()
    }

    #[test]
    fn owned_types_follow_the_contract() {
        assert_eq!(s(&owned(&parse_quote!(&[f64; 3]))), "[f64 ; 3]");
        assert_eq!(
            s(&owned(&parse_quote!(&[f64]))),
            ":: std :: vec :: Vec < f64 >"
        );
        assert_eq!(
            s(&owned(&parse_quote!(Vec<f64>))),
            ":: std :: vec :: Vec < f64 >"
        );
        assert_eq!(s(&owned(&parse_quote!(&[[T; 3]; 2]))), "[[T ; 3] ; 2]");
        assert_eq!(s(&owned(&parse_quote!(f32))), "f32");
    }

    #[test]
    fn kinds() {
        let mut e = Errors::default();
        let f = ScalarTy::F64;
        assert_eq!(kind(&parse_quote!(&[f64; 3]), &f, &mut e), Some(Kind::Real));
        assert_eq!(kind(&parse_quote!(usize), &f, &mut e), Some(Kind::Discrete));
        assert_eq!(
            kind(&parse_quote!(Vec<[f64; 2]>), &f, &mut e),
            Some(Kind::Real)
        );
        assert!(e.is_empty());
        assert_eq!(kind(&parse_quote!(String), &f, &mut e), None);
        assert_eq!(kind(&parse_quote!(&mut [f64]), &f, &mut e), None);
        assert_eq!(kind(&parse_quote!(f32), &f, &mut e), None);
        assert!(!e.is_empty());
    }
}
