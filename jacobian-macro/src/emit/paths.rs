//! Runtime paths in the generated module: every `::jacobian::__private::…` is spelled
//! through the module's alias `__jr` (declared as `use ::jacobian::__private as __jr;`),
//! so the dump reads `__jr::prims::sin(a, y)`. Still absolute: the alias is the only
//! way in, and `__jr` is hygienic (mixed-site), so user items cannot shadow it.

use proc_macro2::{Group, Ident, Span, TokenStream, TokenTree};
use quote::quote;

const ALIAS: &str = "__jr";

/// `use ::jacobian::__private as __jr;`
pub fn declaration() -> TokenStream {
    let a = Ident::new(ALIAS, Span::mixed_site());
    quote!(#[allow(unused_imports)] use ::jacobian::__private as #a;)
}

/// `ts` with each `::jacobian::__private` replaced by the alias (located where the
/// path was, so errors still point at it).
pub fn shorten(ts: TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = ts.into_iter().collect();
    let mut out = Vec::with_capacity(tokens.len());
    let mut k = 0;
    while k < tokens.len() {
        if is_private_path(&tokens[k..]) {
            let span = tokens[k].span().resolved_at(Span::mixed_site());
            out.push(TokenTree::Ident(Ident::new(ALIAS, span)));
            k += 6;
            continue;
        }
        out.push(match &tokens[k] {
            TokenTree::Group(g) => {
                let mut n = Group::new(g.delimiter(), shorten(g.stream()));
                n.set_span(g.span());
                TokenTree::Group(n)
            }
            t => t.clone(),
        });
        k += 1;
    }
    out.into_iter().collect()
}

/// The tokens start with `:: jacobian :: __private` (not followed by `as`, the alias's
/// own declaration).
fn is_private_path(t: &[TokenTree]) -> bool {
    let colon =
        |t: Option<&TokenTree>| matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == ':');
    let ident = |t: Option<&TokenTree>, s: &str| matches!(t, Some(TokenTree::Ident(i)) if i == s);
    colon(t.first())
        && colon(t.get(1))
        && ident(t.get(2), "jacobian")
        && colon(t.get(3))
        && colon(t.get(4))
        && ident(t.get(5), "__private")
        && !ident(t.get(6), "as")
}

#[cfg(test)]
mod tests {
    use super::shorten;
    use quote::quote;

    #[test]
    fn private_paths_become_the_alias_everywhere() {
        let ts = quote!(let y = ::jacobian::__private::prims::sin(a, { <f64 as ::jacobian::__private::Init>::init() }););
        assert_eq!(
            shorten(ts).to_string(),
            quote!(let y = __jr::prims::sin(a, { <f64 as __jr::Init>::init() });).to_string()
        );
        // Other paths into the facade stay as written.
        let kept = quote!(::jacobian::Stack<f64>);
        assert_eq!(shorten(kept.clone()).to_string(), kept.to_string());
    }

    #[test]
    fn the_alias_declaration_is_kept() {
        let d = super::declaration();
        assert_eq!(shorten(d.clone()).to_string(), d.to_string());
    }
}
