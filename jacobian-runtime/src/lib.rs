//! Runtime support for the [`jacobian`](https://docs.rs/jacobian) crate: the traits that
//! generated derivative code relies on, Jacobian assembly from tangent and adjoint sweeps,
//! dense matrices and finite differences.
//!
//! Users normally depend on `jacobian`, which re-exports everything here.
//!
//! - [`Scalar`] (`f32`, `f64`), [`Shape`] (values made of scalars), [`TangentOf`] and
//!   [`Init`] describe the types derivative code works with.
//! - [`Stack`], [`Store`] and [`Progression`] hold what an adjoint sweep must replay.
//! - [`Differentiable`] is a function with tangent and adjoint sweeps; [`jacobian()`],
//!   [`gradient`], [`jvp`] and [`vjp`] assemble derivatives from it, in the [`Mode`] asked for.
//! - [`finite_difference`] computes the same derivatives numerically, to check them.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[macro_use]
mod macros;

mod assembly;
pub mod finite_difference;
mod lanes;
mod matrix;
mod number;
mod scalar;
mod second;
mod shape;
mod sparse;
mod store;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use assembly::{
    gradient, jacobian, jacobian_into, jvp, value_and_gradient, value_and_jacobian,
    value_and_jacobian_into, vjp, Differentiable, Mode,
};
pub use lanes::{Lanes, LANES};
pub use matrix::Matrix;
pub use number::{LanesOf, LanesShape, Mirror, Widths};
pub use scalar::Scalar;
pub use second::{divergence, divergence_estimate, hessian, hvp, laplacian, SecondOrder};
pub use shape::{convert_flat, Init, Part, Shape, TangentOf};
pub use sparse::{
    sparse_jacobian, sparse_jacobian_into, sparsity, value_and_sparse_jacobian_into, Coloring,
    Compression, Deps, DepsOf, DepsShape, Pattern, SparseMatrix,
};
pub use store::{with_stack, Int, Progression, ProgressionIter, Stack, Store};
