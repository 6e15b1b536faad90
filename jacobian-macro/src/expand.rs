//! The expansion entry point, independent of `proc_macro` so it can be
//! tested and fuzzed as an ordinary function.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

use crate::errors::Errors;
use crate::plan::Analysis;
use crate::{analyze, args, emit, lower};

/// Expands `#[differentiate(attr)] item`. Never panics on any input: every
/// problem becomes a spanned `compile_error!`, emitted beside the user's
/// unchanged function (and a stub module when the signature is usable) so no
/// cascade of secondary errors follows.
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    if let Ok(imp) = syn::parse2::<syn::ItemImpl>(item.clone()) {
        return crate::methods::expand(attr, imp);
    }
    let func: ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(_) => {
            let e = syn::Error::new_spanned(
                &item,
                "`#[differentiate]` applies to functions (`fn name(..) -> .. { .. }`) and inherent impl blocks",
            );
            let e = e.to_compile_error();
            return quote!(#item #e);
        }
    };
    if func.sig.receiver().is_some() {
        return crate::methods::method_alone(&func);
    }
    expand_free(attr, func, None)
}

/// Expands a free function; `receiver` names the parameter standing for a
/// method's `self` (see `methods.rs`).
pub fn expand_free(attr: TokenStream, func: ItemFn, receiver: Option<&str>) -> TokenStream {
    let mut errors = Errors::default();
    let mut args = args::parse(attr).unwrap_or_else(|e| {
        errors.push(e);
        args::Args::default()
    });
    args.receiver = receiver.map(str::to_string);
    if crate::inplace::is_in_place(&func) {
        return in_place(func, args, errors);
    }
    check_signature(&func, &mut errors);
    let lowered = lower::lower(&func, &args, &mut errors);
    let analysis = lowered.as_ref().map(|low| {
        let an = Analysis::new(&low.func);
        analyze::check(&low.func, &an.tangent_all, &mut errors);
        an
    });
    let module = lowered
        .as_ref()
        .zip(analysis.as_ref())
        .filter(|(low, _)| low.signature_ok)
        .map(|(low, an)| emit::module(&func, low, an, !errors.is_empty()));
    if args.dump || dump_requested(&func.sig.ident.to_string()) {
        if let Some(m) = &module {
            eprintln!("{}", pretty(&quote!(#func #m)));
        }
    }
    let errors = errors.to_compile_errors();
    // Index loops are a way differentiated functions iterate, so clippy's advice
    // to replace them need not be followed; a function used only through its
    // derivatives is not dead code.
    let mut func = func;
    func.attrs
        .push(syn::parse_quote!(#[allow(clippy::needless_range_loop, dead_code)]));
    quote!(#func #module #errors)
}

/// A function writing `&mut` outputs: its value-returning twin differentiated,
/// and the public module with the user's signature.
fn in_place(func: ItemFn, mut args: args::Args, mut errors: Errors) -> TokenStream {
    args.dump |= dump_requested(&func.sig.ident.to_string());
    let expanded = crate::inplace::expand(&func, &args, &mut errors);
    let errs = errors.to_compile_errors();
    let mut func = func;
    // Its derivatives call the value-returning twin, not the function itself.
    func.attrs
        .push(syn::parse_quote!(#[allow(clippy::needless_range_loop, dead_code)]));
    match expanded {
        Some((value, attr, module)) => {
            let inner = expand_free(attr, value, None);
            quote!(#func #inner #module #errs)
        }
        None => quote!(#func #errs),
    }
}

pub(crate) fn check_signature(f: &ItemFn, errors: &mut Errors) {
    let s = &f.sig;
    if let Some(t) = &s.asyncness {
        errors.spanned(
            t,
            "`async` functions are not supported by `#[differentiate]`; remove `async`",
        );
    }
    if let Some(t) = &s.unsafety {
        errors.spanned(
            t,
            "`unsafe` functions are not supported by `#[differentiate]`",
        );
    }
    if let Some(t) = &s.constness {
        errors.spanned(
            t,
            "`const` functions are not supported by `#[differentiate]`",
        );
    }
    if let Some(t) = &s.abi {
        errors.spanned(
            t,
            "`extern` functions are not supported by `#[differentiate]`",
        );
    }
    if let Some(t) = &s.variadic {
        errors.spanned(
            t,
            "variadic functions are not supported by `#[differentiate]`",
        );
    }
}

/// `JACOBIAN_DUMP=name` (or `1` for every function) prints generated code.
pub(crate) fn dump_requested(name: &str) -> bool {
    std::env::var("JACOBIAN_DUMP").is_ok_and(|v| v == "1" || v.split(',').any(|n| n.trim() == name))
}

/// Formats generated code for reading.
pub fn pretty(tokens: &TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => tokens.to_string(),
    }
}
