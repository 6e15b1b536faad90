//! `#[derive(Differentiable)]`: a struct whose floating-point fields carry derivatives.
//!
//! The derive writes the struct's derivative mirror (the same fields, each a
//! [`Mirror`](../../jacobian_runtime) of its type: `Vec<f64>` → `Vec<C>`, integers → `()`),
//! the `Mirror` and `TangentOf` implementations that name it, and the flat layout
//! (`Shape`) of the struct and of its mirror: the float scalars of its fields in
//! declaration order. Generated sweeps read and write a field's derivative through
//! the field of the same name in the mirror.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::{Data, DeriveInput, Fields, Generics, Ident, Type};

use crate::types::{self, ScalarTy};

/// How a field takes part in derivatives.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Holds floats (or may: a user's type): mirrored through the runtime's traits.
    Carried,
    /// Holds none (integers, `bool`, `String`, …): copied from the primal, `()` in the mirror.
    Skipped,
}

struct Field {
    ident: Ident,
    vis: syn::Visibility,
    ty: Type,
    role: Role,
}

/// The derive's output, or its spanned error.
pub fn derive(item: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(item) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    match Record::new(&input) {
        Ok(r) => r.emit(),
        Err(e) => e.to_compile_error(),
    }
}

struct Record<'a> {
    input: &'a DeriveInput,
    fields: Vec<Field>,
    s: ScalarTy,
    mirror: Ident,
}

impl<'a> Record<'a> {
    fn new(input: &'a DeriveInput) -> syn::Result<Self> {
        let named = match &input.data {
            Data::Struct(d) => match &d.fields {
                Fields::Named(n) => n,
                Fields::Unit => return Err(syn::Error::new_spanned(&input.ident, "`#[derive(Differentiable)]` needs a struct with named fields; a struct without fields holds no derivative")),
                Fields::Unnamed(u) => return Err(syn::Error::new_spanned(u, "`#[derive(Differentiable)]` supports structs with named fields; name the fields (`struct P { w: Vec<f64> }`)")),
            },
            Data::Enum(e) => return Err(syn::Error::new_spanned(e.enum_token, "an enum carries no derivative: use `#[derive(jacobian::Inactive)]` for it")),
            Data::Union(u) => return Err(syn::Error::new_spanned(u.union_token, "unions are not supported by `#[derive(Differentiable)]`")),
        };
        let s = scalar(input, named)?;
        let fields = named
            .named
            .iter()
            .filter_map(|f| {
                Some(Field {
                    ident: f.ident.clone()?,
                    vis: f.vis.clone(),
                    ty: f.ty.clone(),
                    role: role(&f.ty, &s),
                })
            })
            .collect();
        Ok(Record {
            input,
            fields,
            s,
            mirror: format_ident!("__{}Derivative", input.ident),
        })
    }

    fn carried(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.role == Role::Carried)
    }

    fn emit(&self) -> TokenStream {
        let mut out = self.mirror_struct();
        out.extend(self.mirror_impl());
        out.extend(self.primal_shape());
        out.extend(self.mirror_shape());
        out.extend(self.tangent_of());
        out.extend(self.primal_init());
        out
    }

    /// `Init` for the struct when every field has one (a local the reverse sweep
    /// declares before its first value). The bounds are higher-ranked so that a field
    /// without `Init` only makes the impl not apply instead of failing the derive.
    fn primal_init(&self) -> TokenStream {
        let name = &self.input.ident;
        let (ig, tg, _) = self.input.generics.split_for_impl();
        let own = self.own_predicates();
        let tys = self.fields.iter().map(|f| &f.ty);
        let xs = self.fields.iter().map(|f| &f.ident);
        quote! {
            impl #ig ::jacobian::__private::Init for #name #tg
            where #(#own,)* #(for<'__j> #tys: ::jacobian::__private::Init,)*
            {
                #[inline]
                fn init() -> Self {
                    #name { #(#xs: ::jacobian::__private::Init::init(),)* }
                }
            }
        }
    }

    /// The struct's generics with the number type `__C` appended.
    fn with_carrier(&self) -> Generics {
        let mut g = self.input.generics.clone();
        g.params.push(syn::parse_quote!(__C));
        g
    }

    /// `where` predicates: the struct's own, `S: Scalar`, and `extra` for each carried field.
    fn bounds(&self, extra: &dyn Fn(&Type) -> TokenStream) -> TokenStream {
        let own = self.own_predicates();
        let st = self.s.ty();
        let scalar =
            matches!(self.s, ScalarTy::Generic(_)).then(|| quote!(#st: ::jacobian::Scalar,));
        let per = self.carried().map(|f| extra(&f.ty));
        quote!(where #(#own,)* #scalar #(#per,)*)
    }

    /// The struct's own `where` predicates.
    fn own_predicates(&self) -> Vec<TokenStream> {
        let w = self.input.generics.where_clause.as_ref();
        w.map(|w| w.predicates.iter().map(ToTokens::to_token_stream).collect())
            .unwrap_or_default()
    }

    /// The mirrored type of a carried field's type.
    fn out(&self, ty: &Type) -> TokenStream {
        let st = self.s.ty();
        quote!(<#ty as ::jacobian::__private::Mirror<#st, __C>>::Out)
    }

    fn marker(&self) -> TokenStream {
        let g = &self.input.generics;
        let lts = g.lifetimes().map(|l| &l.lifetime);
        let tys = g.type_params().map(|t| &t.ident);
        quote!(::core::marker::PhantomData<fn() -> (#(&#lts (),)* #(#tys,)* __C)>)
    }

    fn mirror_struct(&self) -> TokenStream {
        let (vis, m, name) = (&self.input.vis, &self.mirror, &self.input.ident);
        let g = self.with_carrier();
        let params = &g.params;
        let st = self.s.ty();
        let wh = self.bounds(&|ty| quote!(#ty: ::jacobian::__private::Mirror<#st, __C>));
        let fields = self.fields.iter().map(|f| {
            let (v, x) = (&f.vis, &f.ident);
            let t = match f.role {
                Role::Carried => self.out(&f.ty),
                Role::Skipped => quote!(()),
            };
            quote!(#v #x: #t)
        });
        let marker = self.marker();
        let doc = format!("The derivatives of a [`{name}`]: its fields with each float replaced by a number type `__C` (generated by `#[derive(Differentiable)]`).");
        let clones = self.fields.iter().map(|f| {
            let x = &f.ident;
            match f.role {
                Role::Carried => quote!(#x: ::core::clone::Clone::clone(&self.#x)),
                Role::Skipped => quote!(#x: ()),
            }
        });
        let (ig, tg, _) = g.split_for_impl();
        let clone_wh = self.bounds(&|ty| {
            let o = self.out(ty);
            quote!(#ty: ::jacobian::__private::Mirror<#st, __C>, #o: ::core::clone::Clone)
        });
        let init_wh = self.bounds(&|ty| {
            let o = self.out(ty);
            quote!(#ty: ::jacobian::__private::Mirror<#st, __C>, #o: ::jacobian::__private::Init)
        });
        let inits = self.fields.iter().map(|f| {
            let x = &f.ident;
            match f.role {
                Role::Carried => quote!(#x: ::jacobian::__private::Init::init()),
                Role::Skipped => quote!(#x: ()),
            }
        });
        quote! {
            #[doc = #doc]
            #[doc(hidden)]
            #[allow(non_camel_case_types)]
            #vis struct #m <#params> #wh {
                #(#fields,)*
                #[doc(hidden)]
                pub __marker: #marker,
            }

            impl #ig ::jacobian::__private::Init for #m #tg #init_wh {
                #[inline]
                fn init() -> Self {
                    #m { #(#inits,)* __marker: ::core::marker::PhantomData }
                }
            }

            impl #ig ::core::clone::Clone for #m #tg #clone_wh {
                #[inline]
                fn clone(&self) -> Self {
                    #m { #(#clones,)* __marker: ::core::marker::PhantomData }
                }
            }
        }
    }

    fn mirror_impl(&self) -> TokenStream {
        let (m, name) = (&self.mirror, &self.input.ident);
        let g = self.with_carrier();
        let (ig, _, _) = g.split_for_impl();
        let (_, mtg, _) = g.split_for_impl();
        let (_, tg, _) = self.input.generics.split_for_impl();
        let st = self.s.ty();
        let wh = self.bounds(&|ty| quote!(#ty: ::jacobian::__private::Mirror<#st, __C>));
        let zeros = self.fields.iter().map(|f| {
            let (x, ty) = (&f.ident, &f.ty);
            match f.role {
                Role::Carried => {
                    quote!(#x: <#ty as ::jacobian::__private::Mirror<#st, __C>>::zeros(&self.#x))
                }
                Role::Skipped => quote!(#x: ()),
            }
        });
        quote! {
            impl #ig ::jacobian::__private::Mirror<#st, __C> for #name #tg #wh {
                type Out = #m #mtg;
                #[inline]
                fn zeros(&self) -> Self::Out {
                    #m { #(#zeros,)* __marker: ::core::marker::PhantomData }
                }
            }
        }
    }

    /// `Shape` for the struct (`mirror: false`) or its mirror.
    fn shape(&self, mirror: bool) -> TokenStream {
        let st = self.s.ty();
        let jr = quote!(::jacobian::__private);
        let part_ty = |ty: &Type| {
            if mirror {
                self.out(ty)
            } else {
                ty.to_token_stream()
            }
        };
        let wh = self.bounds(&|ty| {
            let p = part_ty(ty);
            let mb = mirror.then(|| quote!(#ty: #jr::Mirror<#st, __C>,));
            quote!(#mb #p: #jr::Part<#st> + ::core::clone::Clone)
        });
        let parts: Vec<TokenStream> = self.carried().map(|f| part_ty(&f.ty)).collect();
        let xs: Vec<&Ident> = self.carried().map(|f| &f.ident).collect();
        let (g, ty) = if mirror {
            let g = self.with_carrier();
            let m = &self.mirror;
            let (_, tg, _) = g.split_for_impl();
            let ty = quote!(#m #tg);
            (g, ty)
        } else {
            let name = &self.input.ident;
            let (_, tg, _) = self.input.generics.split_for_impl();
            (self.input.generics.clone(), quote!(#name #tg))
        };
        let (ig, _, _) = g.split_for_impl();
        let (k, rest, o) = (local("k"), local("rest"), local("offset"));
        quote! {
            impl #ig #jr::Shape for #ty #wh {
                type Scalar = #st;
                const FIXED_LEN: ::core::option::Option<usize> =
                    #jr::sum_fixed(&[#(<#parts as #jr::Part<#st>>::FIXED_LEN),*]);
                #[inline]
                fn len(&self) -> usize {
                    0 #(+ #jr::Part::<#st>::part_len(&self.#xs))*
                }
                fn zero_like(&self) -> Self {
                    let mut z = ::core::clone::Clone::clone(self);
                    #jr::Shape::set_zero(&mut z);
                    z
                }
                fn set_zero(&mut self) {
                    #(#jr::Part::<#st>::part_set_zero(&mut self.#xs);)*
                }
                fn scalar_mut(&mut self, #k: usize) -> &mut #st {
                    let mut #rest = #k;
                    #(if let ::core::option::Option::Some(x) = #jr::find_part::<#st, _>(&mut self.#xs, &mut #rest) {
                        return x;
                    })*
                    #jr::no_scalar(#k, #rest)
                }
                fn write_flat(&self, out: &mut [#st]) {
                    #jr::check_flat("write_flat", out.len(), #jr::Shape::len(self));
                    let mut #o = 0;
                    #(#jr::write_part::<#st, _>(&self.#xs, out, &mut #o);)*
                }
                fn read_flat(&mut self, src: &[#st]) {
                    #jr::check_flat("read_flat", src.len(), #jr::Shape::len(self));
                    let mut #o = 0;
                    #(#jr::read_part::<#st, _>(&mut self.#xs, src, &mut #o);)*
                }
                fn add_assign(&mut self, other: &Self) {
                    #(#jr::Part::<#st>::part_add_assign(&mut self.#xs, &other.#xs);)*
                }
            }
        }
    }

    fn primal_shape(&self) -> TokenStream {
        self.shape(false)
    }

    fn mirror_shape(&self) -> TokenStream {
        self.shape(true)
    }

    fn tangent_of(&self) -> TokenStream {
        let name = &self.input.ident;
        let (ig, tg, _) = self.input.generics.split_for_impl();
        let st = self.s.ty();
        let jr = quote!(::jacobian::__private);
        let lanes = quote!(#jr::Lanes<#st, { ::jacobian::LANES }>);
        let own = self.own_predicates();
        quote! {
            impl #ig ::jacobian::TangentOf for #name #tg
            where #(#own,)* Self: #jr::Shape + #jr::Mirror<#st, #lanes>
            {
                type Tangent = Self;
                type Lanes = <Self as #jr::Mirror<#st, #lanes>>::Out;
                #[inline]
                fn zero_tangent(&self) -> Self {
                    #jr::Shape::zero_like(self)
                }
                #[inline]
                fn zero_lanes(&self) -> Self::Lanes {
                    <Self as #jr::Mirror<#st, #lanes>>::zeros(self)
                }
            }
        }
    }
}

fn local(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

/// The struct's scalar: its type parameter bounded by `Float`, else the one float type
/// its fields name.
fn scalar(input: &DeriveInput, named: &syn::FieldsNamed) -> syn::Result<ScalarTy> {
    let generic = types::float_params(&input.generics);
    if generic.len() > 1 {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "only one floating-point type parameter is supported",
        ));
    }
    if let Some(t) = generic.into_iter().next() {
        return Ok(ScalarTy::Generic(t));
    }
    let names = |s: &str| {
        named.named.iter().any(|f| {
            let text = f.ty.to_token_stream().to_string();
            text.split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| w == s)
        })
    };
    match (names("f64"), names("f32")) {
        (true, false) => Ok(ScalarTy::F64),
        (false, true) => Ok(ScalarTy::F32),
        (true, true) => Err(syn::Error::new_spanned(named, "fields mix `f32` and `f64`; the floats of a `#[derive(Differentiable)]` struct have one type")),
        // Only other such structs: their scalar is not visible here; `f64` unless a
        // float field or a type parameter says otherwise.
        (false, false) if named.named.iter().any(|f| role(&f.ty, &ScalarTy::F64) == Role::Carried) => {
            Ok(ScalarTy::F64)
        }
        (false, false) => Err(syn::Error::new_spanned(&input.ident, "found no floating-point field: a struct without floats carries no derivative; use `#[derive(jacobian::Inactive)]`")),
    }
}

const SKIPPED: &[&str] = &[
    "usize", "isize", "u8", "u16", "u32", "u64", "u128", "i8", "i16", "i32", "i64", "i128", "bool",
    "char", "String", "str",
];

/// A field naming the scalar, or a user's type (which may hold floats), is carried;
/// integers, `bool` and other types without the scalar are copied.
fn role(ty: &Type, s: &ScalarTy) -> Role {
    let text = ty.to_token_stream().to_string();
    let st = s.ty().to_string();
    let names_scalar = text
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .any(|w| w == st);
    let user_path = types::path_ident(ty).is_some_and(|i| !SKIPPED.contains(&i.as_str()));
    if names_scalar || user_path {
        Role::Carried
    } else {
        Role::Skipped
    }
}
