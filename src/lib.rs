//! Compile-time automatic differentiation for ordinary Rust functions.
//!
//! `#[differentiate]` reads a function and writes its derivative code next to
//! it: tangent (forward-mode) and adjoint (reverse-mode) sweeps, and on top of
//! them Jacobians, gradients and products, with **no tape**: nothing is
//! recorded at run time except the few values the reverse sweep must have.
//!
//! ```
//! use jacobian::differentiate;
//!
//! #[differentiate]
//! fn f(x: &[f64; 2]) -> [f64; 2] {
//!     [x[0] * x[1], x[0].sin()]
//! }
//!
//! fn main() {
//!     let x = [2.0, 3.0];
//!     let j = f::jacobian(&x);
//!     assert_eq!(j[(0, 0)], 3.0); // ∂(x₀x₁)/∂x₀ = x₁
//!     assert_eq!(j[(0, 1)], 2.0); // ∂(x₀x₁)/∂x₁ = x₀
//!     assert_eq!(j[(1, 0)], 2.0_f64.cos()); // ∂ sin x₀/∂x₀ = cos x₀
//!     assert_eq!(j[(1, 1)], 0.0);
//! }
//! ```
//!
//! The generated module sits beside the function; structs whose floats carry
//! derivatives derive [`Differentiable`](macro@Differentiable), and methods are
//! differentiated with the attribute on their `impl` block (see "Structs and
//! methods" below).
//!
//! See the README (included below) for the full contract of the generated module.
#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub use jacobian_macro::{derivative, differentiate, Differentiable, Inactive};
pub use jacobian_runtime::*;

#[doc(hidden)]
pub mod __private {
    pub use jacobian_runtime::__private::*;
}
