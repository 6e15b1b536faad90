//! `#[derive(Inactive)]`: a user type passed to differentiated functions as a value
//! without derivatives (its tangent and cotangent are `()`).

use proc_macro2::TokenStream;
use quote::quote;

/// The `TangentOf` implementation of the derived type, or the parse error.
pub fn derive(item: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(item) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let name = &input.ident;
    let (_, ty, wh) = input.generics.split_for_impl();
    let mut g = input.generics.clone();
    let (imp, _, _) = input.generics.split_for_impl();
    g.params.push(syn::parse_quote!(__S));
    g.params.push(syn::parse_quote!(__C));
    let (imp2, _, _) = g.split_for_impl();
    quote! {
        impl #imp ::jacobian::TangentOf for #name #ty #wh {
            type Tangent = ();
            type Lanes = ();
            #[inline]
            fn zero_tangent(&self) {}
            #[inline]
            fn zero_lanes(&self) {}
        }
        impl #imp2 ::jacobian::Mirror<__S, __C> for #name #ty #wh {
            type Out = ();
            #[inline]
            fn zeros(&self) {}
        }
    }
}
