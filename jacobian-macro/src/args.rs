//! The attribute's arguments: `#[differentiate]`, `#[differentiate(wrt(x, y))]`,
//! `#[differentiate(dump)]`.

use proc_macro2::TokenStream;
use syn::parse::Parser;
use syn::{meta::ParseNestedMeta, Ident};

/// Parsed attribute arguments.
#[derive(Default, Debug)]
pub struct Args {
    /// The active parameters, when restricted with `wrt(..)`.
    pub wrt: Option<Vec<Ident>>,
    /// Print the generated code at compile time.
    pub dump: bool,
    /// The parameter standing for a method's `self` (active unless `wrt(..)` says otherwise).
    pub receiver: Option<String>,
}

/// Parses the attribute's tokens.
pub fn parse(attr: TokenStream) -> syn::Result<Args> {
    let mut args = Args::default();
    let parser = syn::meta::parser(|meta| parse_one(&mut args, &meta));
    parser.parse2(attr)?;
    Ok(args)
}

fn parse_one(args: &mut Args, meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.path.is_ident("wrt") {
        if args.wrt.is_some() {
            return Err(
                meta.error("`wrt` is given twice; list every active parameter in one `wrt(..)`")
            );
        }
        let mut names = Vec::new();
        meta.parse_nested_meta(|inner| match inner.path.get_ident() {
            Some(ident) => {
                names.push(ident.clone());
                Ok(())
            }
            None => Err(inner.error("expected a parameter name, as in `wrt(x)`")),
        })?;
        args.wrt = Some(names);
        Ok(())
    } else if meta.path.is_ident("dump") {
        args.dump = true;
        Ok(())
    } else {
        Err(meta.error("unknown `differentiate` argument; expected `wrt(param, ..)` or `dump`"))
    }
}
