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
    let mut gs = input.generics.clone();
    gs.params.push(syn::parse_quote!(__S));
    let (imp_s, _, _) = gs.split_for_impl();
    quote! {
        impl #imp ::jacobian::TangentOf for #name #ty #wh {
            type Tangent = ();
            type Lanes = ();
            #[inline]
            fn zero_tangent(&self) {}
            #[inline]
            fn zero_lanes(&self) {}
        }
        impl #imp_s ::jacobian::__private::Part<__S> for #name #ty #wh {
            const FIXED_LEN: ::core::option::Option<usize> = ::core::option::Option::Some(0);
            #[inline]
            fn part_len(&self) -> usize { 0 }
            #[inline]
            fn part_set_zero(&mut self) {}
            fn part_scalar_mut(&mut self, k: usize) -> &mut __S { ::jacobian::__private::no_scalar(k, k) }
            #[inline]
            fn part_write_flat(&self, out: &mut [__S]) { ::jacobian::__private::check_flat("write_flat", out.len(), 0) }
            #[inline]
            fn part_read_flat(&mut self, src: &[__S]) { ::jacobian::__private::check_flat("read_flat", src.len(), 0) }
            #[inline]
            fn part_add_assign(&mut self, _: &Self) {}
        }
        impl #imp2 ::jacobian::Mirror<__S, __C> for #name #ty #wh {
            type Out = ();
            #[inline]
            fn zeros(&self) {}
        }
    }
}
