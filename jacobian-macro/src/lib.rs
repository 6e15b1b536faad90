//! The `#[differentiate]` attribute of the `jacobian` crate.
//!
//! The expansion is a pipeline whose stages are this crate's modules, run one
//! way: `args` (the attribute) → `lower` (the function in the intermediate form
//! of `ir`, checked against the supported subset) → `plan` (the analyses of
//! `analyze` and the adjoint form of `exits`, run once and handed on) → the
//! transforms `tangent` (the forward sweep) and `adjoint` (the reverse sweep),
//! which emit their statements through `forward` and `sweep` and name each
//! primitive's runtime rule through `rules` → `emit` (the generated module).
//! The two sweeps are generic over the runtime's number types, so every mode is
//! an instantiation of one of them. Use the `jacobian` crate rather than this one.

#![forbid(unsafe_code)]

mod adjoint;
mod analyze;
mod args;
mod declared;
mod emit;
mod errors;
mod exits;
mod expand;
mod forward;
mod inplace;
mod ir;
mod lower;
mod methods;
mod plan;
mod rules;
mod sweep;
mod tangent;
#[cfg(test)]
mod tests;
mod types;

use proc_macro::TokenStream;

/// Marks a type as a value without derivatives, so that `#[differentiate]` functions
/// can take it as a parameter (an enum choosing a mode, a configuration): its
/// tangent and cotangent are `()`. See the `jacobian` crate's documentation.
#[proc_macro_derive(Inactive)]
pub fn derive_inactive(item: TokenStream) -> TokenStream {
    emit::inactive::derive(item.into()).into()
}

/// Makes a struct's floating-point fields carry derivatives, so that `#[differentiate]`
/// functions can take it as a parameter differentiated with respect to (`wrt(model)`),
/// and methods on it can be differentiated. See the `jacobian` crate's documentation.
#[proc_macro_derive(Differentiable)]
pub fn derive_differentiable(item: TokenStream) -> TokenStream {
    emit::record::derive(item.into()).into()
}

/// Generates derivatives of a function. See the `jacobian` crate's documentation.
#[proc_macro_attribute]
pub fn differentiate(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::expand(attr.into(), item.into()).into()
}

/// Declares the derivative of a function instead of deriving it from the body: its
/// `partials` (functions of scalars) or its `jvp` and `vjp` (functions of arrays,
/// slices and `Vec`s). See the `jacobian` crate's documentation.
#[proc_macro_attribute]
pub fn derivative(attr: TokenStream, item: TokenStream) -> TokenStream {
    declared::expand(attr.into(), item.into()).into()
}
