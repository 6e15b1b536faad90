//! The number types the generic sweeps carry, and each primitive's local derivatives.
//!
//! The generated forward sweep of a function is generic over a [`Carrier`]: what every
//! active scalar carries besides its value (one direction, [`Lanes`](crate::Lanes) of
//! directions, a collapsed second-order [`Taylor`] number, or nothing). The reverse sweep
//! is generic over a carrier and a [`Cotangent`]. Every mode is an instantiation; a
//! primitive's rule in [`prims`] gives its first and second partials once, and each
//! number type applies the chain rule to them.

mod carrier;
mod convert;
mod cotangent;
mod custom;
mod mirror;
mod partials;
pub mod prims;
mod third;

pub use carrier::{Carrier, NoTangent, Taylor};
pub use convert::{lanes_into_taylor, split_bar, split_taylor, value_into_bar};
pub use cotangent::{Bar, Cotangent};
pub use custom::{
    add_lane, add_scaled_to_lane, add_to_lane, bar_seed, dot_lane, flat_dot, lane_value, one_lane,
    unit, unit_bar, unit_direction, value_bar, Directional, FirstOrderOnly, Lanewise, NoPattern,
    Pick, UpToSecond,
};
pub use mirror::{lane_width, zeros, LanesOf, LanesShape, Mirror, Widths};
pub use partials::{D1, D2, D3};
pub use third::{add_values, laplacian_seed, taylor_seed, Coeffs, TaylorBar};
