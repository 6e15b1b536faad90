//! `#[jacobian::derivative(..)]`: a function whose derivative the user declares rather
//! than the macro derives from its body (a special function, a C library, a solver, or a
//! stable formula for something the macro could differentiate). Its body is never read;
//! its signature is lowered as a differentiated function's, and its generated module has
//! the same items and calling convention, so every mode runs through calls to it.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::Parser;
use syn::{ItemFn, Path};

use crate::errors::Errors;
use crate::ir::Param;
use crate::lower::Lowered;
use crate::{emit, expand, lower};

/// The declared rule.
pub enum Rule {
    /// A function of one to three scalars: `partials(args)` gives its partial
    /// derivatives (a tuple for several); second partials from `second(args)` (the
    /// Hessian's upper triangle) or by differentiating `partials`.
    Partials {
        partials: Path,
        second: Option<Path>,
    },
    /// A function of arrays, slices and `Vec`s: `jvp(args, d_args) -> (value, tangent)`,
    /// `vjp(args, value, y_bar) -> cotangents`, and for second order
    /// `hvp(args, y_bar, d_args) -> (Σₖ ȳₖ∇²yₖ)·d_args`.
    Linear {
        jvp: Path,
        vjp: Path,
        hvp: Option<Path>,
    },
}

#[derive(Default)]
struct Keys {
    partials: Option<Path>,
    second: Option<Path>,
    jvp: Option<Path>,
    vjp: Option<Path>,
    hvp: Option<Path>,
    dump: bool,
}

const KEYS: &str = "expected `partials = path` (with an optional `second = path`) for a function of scalars, or `jvp = path, vjp = path` (with an optional `hvp = path`)";

fn parse_keys(attr: TokenStream) -> syn::Result<Keys> {
    let mut k = Keys::default();
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("dump") {
            k.dump = true;
            return Ok(());
        }
        let slot = match meta.path.get_ident().map(ToString::to_string).as_deref() {
            Some("partials") => &mut k.partials,
            Some("second") => &mut k.second,
            Some("jvp") => &mut k.jvp,
            Some("vjp") => &mut k.vjp,
            Some("hvp") => &mut k.hvp,
            _ => return Err(meta.error(format!("unknown `derivative` argument; {KEYS}"))),
        };
        if slot.is_some() {
            return Err(meta.error("this argument is given twice"));
        }
        *slot = Some(meta.value()?.parse()?);
        Ok(())
    });
    parser.parse2(attr)?;
    Ok(k)
}

/// The rule the keys describe, or why they describe none.
fn rule(k: Keys, errors: &mut Errors) -> Option<Rule> {
    match k {
        Keys {
            partials: Some(partials),
            jvp: None,
            vjp: None,
            hvp: None,
            second,
            ..
        } => Some(Rule::Partials { partials, second }),
        Keys {
            partials: None,
            second: None,
            jvp: Some(jvp),
            vjp: Some(vjp),
            hvp,
            ..
        } => Some(Rule::Linear { jvp, vjp, hvp }),
        Keys {
            partials: Some(p), ..
        } => {
            errors.spanned(&p, "`partials` (and `second`) declare a function of scalars, `jvp`, `vjp` and `hvp` one of arrays: give one kind, not both");
            None
        }
        Keys {
            jvp: Some(p),
            vjp: None,
            ..
        } => {
            errors.spanned(&p, "a declared `jvp` needs its `vjp` too (`vjp = path`): reverse modes cannot be derived from a JVP the macro cannot see");
            None
        }
        Keys {
            jvp: None,
            vjp: Some(p),
            ..
        } => {
            errors.spanned(&p, "a declared `vjp` needs its `jvp` too (`jvp = path`): forward modes cannot be derived from a VJP the macro cannot see");
            None
        }
        Keys {
            second: Some(p), ..
        }
        | Keys { hvp: Some(p), .. } => {
            errors.spanned(
                &p,
                format!("second-order rules need first-order ones: {KEYS}"),
            );
            None
        }
        _ => {
            errors.push(syn::Error::new(
                proc_macro2::Span::call_site(),
                format!("`#[derivative]` needs its rule; {KEYS}"),
            ));
            None
        }
    }
}

/// Expands `#[derivative(attr)] item`: the user's function unchanged and its module.
/// Never panics; every problem is a spanned error beside the unchanged function.
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let func: ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(_) => {
            let e = syn::Error::new_spanned(
                &item,
                "`#[derivative]` applies to free functions (`fn name(..) -> .. { .. }`)",
            )
            .to_compile_error();
            return quote!(#item #e);
        }
    };
    let mut errors = Errors::default();
    if let Some(r) = func.sig.receiver() {
        errors.spanned(r, "`#[derivative]` does not apply to methods yet; declare it on a free function the method calls");
    }
    expand::check_signature(&func, &mut errors);
    let keys = parse_keys(attr).unwrap_or_else(|e| {
        errors.push(e);
        Keys::default()
    });
    let dump = keys.dump;
    let rule = if errors.is_empty() {
        rule(keys, &mut errors)
    } else {
        None
    };
    // A method's receiver is reported once, above, not again by the lowering.
    let low = func
        .sig
        .receiver()
        .is_none()
        .then(|| lower::signature(&func, &mut errors))
        .flatten();
    let module = match (&rule, &low) {
        (Some(r), Some(l)) if errors.is_empty() && check(r, l, &func, &mut errors) => {
            Some(emit::declared_module(&func, l, r))
        }
        _ => None,
    };
    if dump || expand::dump_requested(&func.sig.ident.to_string()) {
        if let Some(m) = &module {
            eprintln!("{}", expand::pretty(&quote!(#func #m)));
        }
    }
    let errors = errors.to_compile_errors();
    quote!(#func #module #errors)
}

/// The signature fits the rule (scalars for `partials`); called with no error so far.
fn check(rule: &Rule, low: &Lowered, func: &ItemFn, errors: &mut Errors) -> bool {
    let floats: Vec<&Param> = low.func.params.iter().filter(|p| p.real).collect();
    if let Rule::Partials { partials, .. } = rule {
        for p in &floats {
            if !p.scalar || p.by_ref {
                let msg = format!("`partials` declares a function of scalars, and this parameter is not a `{}` passed by value; declare `jvp = .., vjp = ..` for functions of arrays, slices and `Vec`s", low.scalar.ty());
                errors.spanned(&p.ty, msg);
            }
        }
        if floats.len() > 3 {
            errors.spanned(partials, "`partials` supports functions of up to three scalars; declare `jvp = .., vjp = ..` for more (pass them as an array)");
        }
        if !low.scalar.matches(&low.output) {
            let msg = format!("`partials` declares a function with a scalar result, and this one returns `{}`; declare `jvp = .., vjp = ..` for other results", quote::ToTokens::to_token_stream(&low.output));
            errors.spanned(&func.sig.output, msg);
        }
    }
    errors.is_empty()
}
