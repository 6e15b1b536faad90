//! The `#[differentiate]` attribute of the `jacobian` crate.
//!
//! The expansion is a pipeline whose stages are this crate's modules:
//! `args` (the attribute) → `lower` (the function in the intermediate form of
//! `ir`, checked against the supported subset) → `analyze` (activity, what
//! the reverse sweep reads) → one module per transform (`tangent`;
//! `exits` then `adjoint`) using the rule table in `rules` → `emit`
//! (the generated module). Use the `jacobian` crate rather than this one.

#![forbid(unsafe_code)]

mod adjoint;
mod analyze;
mod args;
mod emit;
mod errors;
mod exits;
mod expand;
mod ir;
mod lower;
mod rules;
mod sweep;
mod tangent;
#[cfg(test)]
mod tests;
mod types;

use proc_macro::TokenStream;

/// Generates derivatives of a function. See the `jacobian` crate's documentation.
#[proc_macro_attribute]
pub fn differentiate(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::expand(attr.into(), item.into()).into()
}
