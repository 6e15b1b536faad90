//! Runtime paths in the generated module: every item of `::jacobian::__private` is
//! spelled through the module's alias `__jr` (declared as
//! `use ::jacobian::__private as __jr;`), so the dump reads `__jr::sin(a, y)`. Still
//! absolute: the alias is the only way in, and `__jr` is hygienic (mixed-site), so user
//! items cannot shadow it. Emitters write `#JR::name` in `quote!`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens, TokenStreamExt};

const ALIAS: &str = "__jr";

/// `use ::jacobian::__private as __jr;`
pub fn declaration() -> TokenStream {
    quote!(#[allow(unused_imports)] use ::jacobian::__private as #JR;)
}

/// The alias `__jr` as a token of `quote!` (`#JR`).
pub struct Alias;

/// The runtime's private items in generated code: `quote!(#JR::Init::init())`.
pub const JR: Alias = Alias;

impl ToTokens for Alias {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append(Ident::new(ALIAS, Span::mixed_site()));
    }
}

/// The alias located at `span` (for `quote_spanned!`: errors point there).
pub fn at(span: Span) -> Ident {
    Ident::new(ALIAS, span.resolved_at(Span::mixed_site()))
}

#[cfg(test)]
mod tests {
    use super::JR;
    use quote::quote;

    #[test]
    fn the_alias_is_one_hygienic_identifier() {
        let ts = quote!(#JR::sin(a, y));
        assert_eq!(ts.to_string(), quote!(__jr::sin(a, y)).to_string());
        let d = super::declaration().to_string();
        assert!(d.ends_with("use :: jacobian :: __private as __jr ;"), "{d}");
    }
}
