use jacobian::{derivative, differentiate};
/// A function of one scalar with differentiated partials.
fn erf(x: f64) -> f64 {
    libm::erf(x)
}
///Derivatives of [`erf`](fn@erf), from its declared derivative (`#[jacobian::derivative]`).
#[allow(
    unused_imports,
    unused_mut,
    unused_variables,
    unused_assignments,
    unused_parens,
    unused_braces,
    non_snake_case,
    dead_code,
    unreachable_code,
    clippy::all,
    clippy::pedantic,
    clippy::nursery
)]
mod erf {
    use super::*;
    #[allow(unused_imports)]
    use ::jacobian::__private as __jr;
    #[allow(unused_imports)]
    use __jr::Float as _;
    ///Value and Jacobian-vector product (forward mode): `(erf(..), J·v)` for the tangents `v` of the active parameters.
    #[inline]
    pub fn tangent(x: f64, dx: f64) -> (f64, f64) {
        __tangent(x, &dx)
    }
    ///Value and vector-Jacobian product (reverse mode) of [`erf`](fn@erf): `(value, y_barᵀ·J)`, with the cotangents of the active parameters; `stack` holds the values the reverse sweep needs and can be reused across calls.
    #[inline]
    pub fn adjoint_with(
        x: f64,
        y_bar: f64,
        stack: &mut ::jacobian::Stack<f64>,
    ) -> (f64, f64) {
        let __n0 = __jr::zeros::<f64, __jr::NoTangent, _>(&x);
        let (__out, (__c0,)) = __adjoint(x, &__n0, &y_bar, stack);
        (__out, __c0)
    }
    ///Value and vector-Jacobian product (reverse mode) of [`erf`](fn@erf): `(value, y_barᵀ·J)`, with the cotangents of the active parameters. The reverse sweep's storage comes from a per-thread pool (`jacobian::with_stack`), so repeated calls do not allocate it again.
    #[inline]
    pub fn adjoint(x: f64, y_bar: f64) -> (f64, f64) {
        ::jacobian::with_stack(|__st| adjoint_with(x, y_bar, __st))
    }
    #[doc(hidden)]
    #[inline]
    pub fn __tangent<__C: __jr::Carrier<f64>>(x: f64, dx: &__C) -> (f64, __C) {
        let () = __jr::UpToSecond::<f64, __C>::CHECK;
        let __p = if <__C as __jr::Directional<f64>>::SECOND {
            let (__p0, __h0) = erf_partials::tangent(x, <f64 as __jr::One>::one());
            __jr::D1 {
                d: __p0,
                dd: __h0,
                ddd: <f64 as __jr::Zero>::zero(),
            }
        } else {
            let __p0 = erf_partials(x);
            __jr::D1 {
                d: __p0,
                dd: <f64 as __jr::Zero>::zero(),
                ddd: <f64 as __jr::Zero>::zero(),
            }
        };
        (super::erf(x), (*dx).chain(__p))
    }
    #[doc(hidden)]
    #[inline]
    pub fn __adjoint<__C: __jr::Carrier<f64>, __B: __jr::Cotangent<f64, __C>>(
        x: f64,
        dx: &__C,
        __ybar: &__B,
        __stack: &mut ::jacobian::Stack<f64>,
    ) -> (f64, (__B,)) {
        let () = __jr::UpToSecond::<f64, __B>::CHECK;
        let __p = if <__B as __jr::Directional<f64>>::SECOND {
            let (__p0, __h0) = erf_partials::tangent(x, <f64 as __jr::One>::one());
            __jr::D1 {
                d: __p0,
                dd: __h0,
                ddd: <f64 as __jr::Zero>::zero(),
            }
        } else {
            let __p0 = erf_partials(x);
            __jr::D1 {
                d: __p0,
                dd: <f64 as __jr::Zero>::zero(),
                ddd: <f64 as __jr::Zero>::zero(),
            }
        };
        let __c_x = (*__ybar).back(__p, (*dx));
        (super::erf(x), (__c_x,))
    }
    ///[`erf`](fn@erf) bound to its arguments; implements [`Differentiable`](::jacobian::Differentiable) for the generic assembly functions.
    pub struct Bound<'__a> {
        x: f64,
        __marker: ::core::marker::PhantomData<(&'__a (),)>,
    }
    ///Binds [`erf`](fn@erf) to its arguments, for `jacobian::jacobian(&bound, mode)` and the other generic assembly functions.
    #[inline]
    pub fn bind<'__a>(x: f64) -> Bound<'__a> {
        Bound {
            x,
            __marker: ::core::marker::PhantomData,
        }
    }
    impl<'__a> ::jacobian::Differentiable for Bound<'__a> {
        type Scalar = f64;
        type Input = f64;
        type Output = f64;
        #[inline]
        fn input_zeros(&self) -> f64 {
            __jr::zero_tangent(&self.x)
        }
        #[inline]
        fn output_zeros(&self) -> f64 {
            __jr::Init::init()
        }
        #[inline]
        fn input(&self) -> f64 {
            self.x
        }
        #[inline]
        fn value(&self) -> f64 {
            __tangent(self.x, &__jr::zeros::<f64, __jr::NoTangent, _>(&self.x)).0
        }
        #[inline]
        fn value_at(&self, input: &f64) -> f64 {
            __tangent(*input, &__jr::zeros::<f64, __jr::NoTangent, _>(&self.x)).0
        }
        #[inline]
        fn tangent(&self, d: &f64) -> (f64, f64) {
            tangent(self.x, *d)
        }
        #[inline]
        fn adjoint(
            &self,
            y_bar: &f64,
            stack: &mut ::jacobian::Stack<f64>,
        ) -> (f64, f64) {
            adjoint_with(self.x, *y_bar, stack)
        }
        #[inline]
        fn tangent_lanes<const __N: usize>(
            &self,
            d: &__jr::LanesOf<f64, f64, __N>,
        ) -> (f64, __jr::LanesOf<f64, f64, __N>) {
            __tangent(self.x, d)
        }
        #[inline]
        fn adjoint_lanes<const __N: usize>(
            &self,
            y_bar: &__jr::LanesOf<f64, f64, __N>,
            stack: &mut ::jacobian::Stack<f64>,
        ) -> (f64, __jr::LanesOf<f64, f64, __N>) {
            {
                let (__out, (__c0,)) = __adjoint(
                    self.x,
                    &__jr::zeros::<f64, __jr::NoTangent, _>(&self.x),
                    y_bar,
                    stack,
                );
                (__out, __c0)
            }
        }
        #[inline]
        fn pattern_sweep(
            &self,
            d: &<f64 as __jr::Mirror<f64, ::jacobian::Deps>>::Out,
        ) -> <f64 as __jr::Mirror<f64, ::jacobian::Deps>>::Out {
            __tangent(self.x, d).1
        }
    }
    impl<'__a> ::jacobian::SecondOrder for Bound<'__a> {
        #[inline]
        fn taylor2_lanes<const __N: usize>(
            &self,
            d: &__jr::LanesOf<f64, f64, __N>,
        ) -> (f64, __jr::LanesOf<f64, f64, __N>, f64) {
            let (__v, __t) = __tangent(
                self.x,
                &__jr::lanes_into_taylor::<
                    __N,
                    _,
                    _,
                >(d, __jr::zeros::<f64, __jr::Taylor<f64, __N>, _>(&self.x)),
            );
            let (g, l) = __jr::split_taylor::<
                __N,
                _,
                _,
                _,
            >(
                __t,
                __jr::zeros::<f64, __jr::Lanes<f64, __N>, _>(&__v),
                __jr::zero_tangent(&__v),
            );
            (__v, g, l)
        }
        #[inline]
        fn adjoint_tangent_lanes<const __N: usize>(
            &self,
            y_bar: &f64,
            d: &__jr::LanesOf<f64, f64, __N>,
            stack: &mut ::jacobian::Stack<f64>,
        ) -> (f64, f64, __jr::LanesOf<f64, f64, __N>) {
            let __yb = __jr::value_into_bar::<
                __N,
                _,
                _,
            >(y_bar, __jr::zeros::<f64, __jr::Bar<f64, __N>, _>(y_bar));
            let (__out, (__c0,)) = __adjoint(self.x, d, &__yb, stack);
            let (__v0, __t0) = __jr::split_bar::<
                __N,
                _,
                _,
                _,
            >(
                __c0,
                __jr::zero_tangent(&self.x),
                __jr::zeros::<f64, __jr::Lanes<f64, __N>, _>(&self.x),
            );
            (__out, __v0, __t0)
        }
    }
    ///The Jacobian of [`erf`](fn@erf) with respect to its active parameters: one row per output scalar, one column per input scalar (forward mode when there are no more columns than rows, reverse mode otherwise).
    #[inline]
    pub fn jacobian(x: f64) -> ::jacobian::Matrix<f64> {
        ::jacobian::jacobian(&bind(x), ::jacobian::Mode::Auto)
    }
    ///The value and the Jacobian of [`erf`](fn@erf).
    #[inline]
    pub fn value_and_jacobian(x: f64) -> (f64, ::jacobian::Matrix<f64>) {
        ::jacobian::value_and_jacobian(&bind(x), ::jacobian::Mode::Auto)
    }
    ///Writes the Jacobian of [`erf`](fn@erf) into `jac`, resizing it only when its shape differs: repeated calls do not allocate for fixed-size functions.
    #[inline]
    pub fn jacobian_into(x: f64, jac: &mut ::jacobian::Matrix<f64>) {
        ::jacobian::jacobian_into(&bind(x), jac, ::jacobian::Mode::Auto)
    }
    ///The sparsity pattern of the Jacobian of [`erf`](fn@erf) at these arguments (rows the output scalars, columns the active input scalars), from forward sweeps over sets of inputs: structural, and the same at every point when the control flow does not depend on the active values (see `jacobian::sparsity`).
    #[inline]
    pub fn sparsity(x: f64) -> ::jacobian::Pattern {
        ::jacobian::sparsity(&bind(x))
    }
    ///The Jacobian of [`erf`](fn@erf) as a sparse matrix: its sparsity pattern, the cheaper colouring of its columns or rows, and one vector sweep per 8 colours.
    #[inline]
    pub fn sparse_jacobian(x: f64) -> ::jacobian::SparseMatrix<f64> {
        ::jacobian::sparse_jacobian(&bind(x))
    }
    /**Writes the Jacobian of [`erf`](fn@erf) on the pattern `coloring` colours (`jacobian::Coloring::new(&erf::sparsity(..))`, computed once) into `jac`, reusing its storage: no allocation for fixed-size functions.

# Panics

If the colouring's pattern is not of this Jacobian's shape.*/
    #[inline]
    pub fn sparse_jacobian_into(
        x: f64,
        coloring: &::jacobian::Coloring,
        jac: &mut ::jacobian::SparseMatrix<f64>,
    ) {
        ::jacobian::sparse_jacobian_into(&bind(x), coloring, jac)
    }
    #[doc(hidden)]
    pub mod tangent {
        use super::*;
        #[doc(hidden)]
        #[inline]
        pub fn __tangent<__C: __jr::Carrier<f64>>(
            x: f64,
            __v_x: f64,
            dx: &__C,
            __dv_x: &__C,
        ) -> ((f64, f64), (__C, __C)) {
            let () = __jr::FirstOrderOnly::<f64, __C>::CHECK;
            let () = __jr::NoPattern::<f64, __C>::CHECK;
            let (__y, __t) = super::tangent(x, __v_x);
            if <__C as __jr::Directional<f64>>::WIDTH == 0 {
                let (__dy, __dt) = (
                    __jr::zeros::<f64, __C, _>(&__y),
                    __jr::zeros::<f64, __C, _>(&__t),
                );
                return ((__y, __t), (__dy, __dt));
            }
            let (_, __dy) = super::__tangent(x, dx);
            let (_, mut __dt) = super::__tangent(x, __dv_x);
            let __vo_x = &__v_x;
            for __l in 0..<__C as __jr::Directional<f64>>::WIDTH {
                let __e_x = __jr::one_lane::<f64, __C, f64>(dx, __l);
                let mut __col: f64 = __jr::Shape::zero_like(&__y);
                for __k in 0..__jr::Shape::len(&__y) {
                    let __seed = __jr::value_bar::<f64, f64>(&__jr::unit(&__y, __k));
                    ::jacobian::with_stack(|__st| {
                        let (_, __h) = super::__adjoint(x, &__e_x, &__seed, __st);
                        *__jr::Shape::scalar_mut(&mut __col, __k)
                            += __jr::flat_dot(
                                __vo_x,
                                &__jr::lane_value::<f64, __jr::Bar<f64, 1>, f64>(&__h.0, 0),
                            );
                    });
                }
                __jr::add_lane::<
                    f64,
                    __C,
                    f64,
                    f64,
                >(&mut __dt, __l, &__col, __jr::Pick::Lane(0));
            }
            ((__y, __t), (__dy, __dt))
        }
        #[doc(hidden)]
        #[inline]
        pub fn __adjoint<__C: __jr::Carrier<f64>, __B: __jr::Cotangent<f64, __C>>(
            x: f64,
            __v_x: f64,
            dx: &__C,
            __dv_x: &__C,
            __ybar: &(__B, __B),
            __stack: &mut ::jacobian::Stack<f64>,
        ) -> ((f64, f64), (__B, __B)) {
            let () = __jr::FirstOrderOnly::<f64, __B>::CHECK;
            let () = __jr::NoPattern::<f64, __B>::CHECK;
            let (__y, __t) = super::tangent(x, __v_x);
            let __vo_x = &__v_x;
            let mut __c_x = __jr::zeros::<f64, __B, _>(&x);
            let mut __cv_x = __jr::zeros::<f64, __B, _>(__vo_x);
            for __l in 0..<__B as __jr::Directional<f64>>::WIDTH {
                let __e_x = __jr::one_lane::<f64, f64, f64>(__vo_x, 0);
                let __seed = __jr::bar_seed::<
                    f64,
                    __B,
                    f64,
                >(
                    &__jr::lane_value::<f64, __B, f64>(&(*__ybar).1, __l),
                    &(*__ybar).0,
                    __l,
                );
                let (_, __h) = super::__adjoint(x, &__e_x, &__seed, __stack);
                __jr::add_to_lane::<f64, __B, f64>(&mut __c_x, __l, &__h.0);
                __jr::add_lane::<
                    f64,
                    __B,
                    __jr::Bar<f64, 1>,
                    f64,
                >(&mut __cv_x, __l, &__h.0, __jr::Pick::Base);
            }
            ((__y, __t), (__c_x, __cv_x))
        }
    }
    #[doc(hidden)]
    pub mod adjoint {
        use super::*;
        #[doc(hidden)]
        #[inline]
        pub fn __tangent<__C: __jr::Carrier<f64>>(
            x: f64,
            __yb: f64,
            dx: &__C,
            __dyb: &__C,
        ) -> ((f64, f64), (__C, __C)) {
            let () = __jr::FirstOrderOnly::<f64, __C>::CHECK;
            let () = __jr::NoPattern::<f64, __C>::CHECK;
            let (__y, __g) = super::adjoint(x, __yb);
            let mut __dg = __jr::zeros::<f64, __C, _>(&__g);
            if <__C as __jr::Directional<f64>>::WIDTH == 0 {
                let __dy = __jr::zeros::<f64, __C, _>(&__y);
                return ((__y, __g), (__dy, __dg));
            }
            let (_, __dy) = super::__tangent(x, dx);
            let __ybo = &__yb;
            for __l in 0..<__C as __jr::Directional<f64>>::WIDTH {
                let __e_x = __jr::one_lane::<f64, __C, f64>(dx, __l);
                let __seed = __jr::bar_seed::<f64, __C, f64>(__ybo, __dyb, __l);
                ::jacobian::with_stack(|__st| {
                    let (_, __h) = super::__adjoint(x, &__e_x, &__seed, __st);
                    __jr::add_to_lane::<f64, __C, f64>(&mut __dg, __l, &__h.0);
                });
            }
            ((__y, __g), (__dy, __dg))
        }
        #[doc(hidden)]
        #[inline]
        pub fn __adjoint<__C: __jr::Carrier<f64>, __B: __jr::Cotangent<f64, __C>>(
            x: f64,
            __yb: f64,
            dx: &__C,
            __dyb: &__C,
            __ybar: &(__B, __B),
            __stack: &mut ::jacobian::Stack<f64>,
        ) -> ((f64, f64), (__B, __B)) {
            let () = __jr::FirstOrderOnly::<f64, __B>::CHECK;
            let () = __jr::NoPattern::<f64, __B>::CHECK;
            let (__y, __g) = super::adjoint(x, __yb);
            let __ybo = &__yb;
            let mut __c_x = __jr::zeros::<f64, __B, _>(&x);
            let mut __c_yb = __jr::zeros::<f64, __B, _>(__ybo);
            for __l in 0..<__B as __jr::Directional<f64>>::WIDTH {
                let __e_x = __jr::one_lane::<f64, __B, f64>(&(*__ybar).1, __l);
                let __seed = __jr::bar_seed::<f64, __B, f64>(__ybo, &(*__ybar).0, __l);
                let (_, __h) = super::__adjoint(x, &__e_x, &__seed, __stack);
                __jr::add_to_lane::<f64, __B, f64>(&mut __c_x, __l, &__h.0);
                let (_, __je) = super::__tangent(x, &__e_x);
                __jr::add_lane::<
                    f64,
                    __B,
                    __jr::Lanes<f64, 1>,
                    f64,
                >(&mut __c_yb, __l, &__je, __jr::Pick::Lane(0));
            }
            ((__y, __g), (__c_x, __c_yb))
        }
    }
    #[doc(hidden)]
    pub mod divergence {
        use super::*;
        #[inline]
        fn __grads(x: f64) -> (f64,) {
            let (__y, _): (f64, _) = super::__tangent(
                x,
                &__jr::zeros::<f64, __jr::NoTangent, _>(&x),
            );
            let __x_x: f64 = ::std::borrow::ToOwned::to_owned(&x);
            let mut __g_x: f64 = __jr::Shape::zero_like(&__x_x);
            let mut __n = 0usize;
            let __o_x = __n;
            __n += __jr::Shape::len(&__x_x);
            for __k in 0..__n {
                let __e_x = __jr::unit_direction::<f64, f64>(&__x_x, __k, __o_x);
                let __seed = __jr::value_bar::<f64, f64>(&__jr::unit(&__y, __k));
                let (_, __h) = ::jacobian::with_stack(|__st| super::__adjoint(
                    x,
                    &__e_x,
                    &__seed,
                    __st,
                ));
                __jr::add_to_lane::<f64, f64, f64>(&mut __g_x, 0, &__h.0);
            }
            (__g_x,)
        }
        #[doc(hidden)]
        #[inline]
        pub fn __tangent<__C: __jr::Carrier<f64>>(x: f64, dx: &__C) -> (f64, __C) {
            let () = __jr::FirstOrderOnly::<f64, __C>::CHECK;
            let () = __jr::NoPattern::<f64, __C>::CHECK;
            let __y = super::divergence(x);
            let mut __dy = <__C as __jr::Carrier<f64>>::zero();
            if <__C as __jr::Directional<f64>>::WIDTH == 0 {
                return (__y, __dy);
            }
            let __g = __grads(x);
            for __l in 0..<__C as __jr::Directional<f64>>::WIDTH {
                let mut __t = <f64 as __jr::Zero>::zero();
                __t += __jr::dot_lane::<f64, __C, f64>(&__g.0, dx, __l);
                __jr::Directional::set_lane(&mut __dy, __l, __t);
            }
            (__y, __dy)
        }
        #[doc(hidden)]
        #[inline]
        pub fn __adjoint<__C: __jr::Carrier<f64>, __B: __jr::Cotangent<f64, __C>>(
            x: f64,
            dx: &__C,
            __ybar: &__B,
            __stack: &mut ::jacobian::Stack<f64>,
        ) -> (f64, (__B,)) {
            let () = __jr::FirstOrderOnly::<f64, __B>::CHECK;
            let () = __jr::NoPattern::<f64, __B>::CHECK;
            let __y = super::divergence(x);
            let __g = __grads(x);
            let mut __c_x = __jr::zeros::<f64, __B, _>(&x);
            for __l in 0..<__B as __jr::Directional<f64>>::WIDTH {
                let __k = __jr::Directional::lane(__ybar, __l);
                __jr::add_scaled_to_lane::<f64, __B, f64>(&mut __c_x, __l, __k, &__g.0);
            }
            (__y, (__c_x,))
        }
    }
    ///The Laplacian of [`erf`](fn@erf) with respect to its active parameters, one per output scalar (in the output's type), by collapsed Taylor sweeps over chunks of `jacobian::LANES` input directions.
    #[inline]
    pub fn laplacian(x: f64) -> f64 {
        ::jacobian::laplacian(&bind(x))
    }
    /**The divergence (trace of the Jacobian) of [`erf`](fn@erf), exactly, from vector tangent sweeps.

# Panics

If the active parameters and the result do not have the same number of scalars.*/
    #[inline]
    pub fn divergence(x: f64) -> f64 {
        ::jacobian::divergence(&bind(x))
    }
    /**Hutchinson's unbiased estimate of the divergence of [`erf`](fn@erf) from `samples` random ±1 directions, reproducible for a given `seed` (see `jacobian::divergence_estimate` for its variance).

# Panics

If the active parameters and the result do not have the same number of scalars, or `samples` is 0.*/
    #[inline]
    pub fn divergence_estimate(x: f64, samples: usize, seed: u64) -> f64 {
        ::jacobian::divergence_estimate(&bind(x), samples, seed)
    }
    ///The Hessian of [`erf`](fn@erf) with respect to its active parameters (n × n, symmetric), from tangent-over-adjoint sweeps in chunks of `jacobian::LANES` directions.
    #[inline]
    pub fn hessian(x: f64) -> ::jacobian::Matrix<f64> {
        ::jacobian::hessian(&bind(x))
    }
    ///The gradient of [`erf`](fn@erf) and the Hessian-vector product H·v for the directions `v` of the active parameters: one tangent-over-adjoint sweep.
    #[inline]
    pub fn hvp(x: f64, dx: f64) -> (f64, f64) {
        ::jacobian::hvp(&bind(x), &dx)
    }
    #[doc(hidden)]
    pub mod gradient {
        use super::*;
        #[doc(hidden)]
        #[inline]
        pub fn __tangent<__C: __jr::Carrier<f64>>(x: f64, dx: &__C) -> (f64, __C) {
            let () = __jr::FirstOrderOnly::<f64, __C>::CHECK;
            let () = __jr::NoPattern::<f64, __C>::CHECK;
            let __g = super::gradient(x);
            let mut __dg = __jr::zeros::<f64, __C, _>(&__g);
            for __l in 0..<__C as __jr::Directional<f64>>::WIDTH {
                let __e_x = __jr::one_lane::<f64, __C, f64>(dx, __l);
                ::jacobian::with_stack(|__st| {
                    let (_, __h) = super::__adjoint(x, &__e_x, &__jr::unit_bar(), __st);
                    __jr::add_to_lane::<f64, __C, f64>(&mut __dg, __l, &__h.0);
                });
            }
            (__g, __dg)
        }
        #[doc(hidden)]
        #[inline]
        pub fn __adjoint<__C: __jr::Carrier<f64>, __B: __jr::Cotangent<f64, __C>>(
            x: f64,
            dx: &__C,
            __ybar: &__B,
            __stack: &mut ::jacobian::Stack<f64>,
        ) -> (f64, (__B,)) {
            let () = __jr::FirstOrderOnly::<f64, __B>::CHECK;
            let () = __jr::NoPattern::<f64, __B>::CHECK;
            let __g = super::gradient(x);
            let mut __c_x = __jr::zeros::<f64, __B, _>(&x);
            for __l in 0..<__B as __jr::Directional<f64>>::WIDTH {
                let __e_x = __jr::one_lane::<f64, __B, f64>(&(*__ybar), __l);
                let (_, __h) = super::__adjoint(x, &__e_x, &__jr::unit_bar(), __stack);
                __jr::add_to_lane::<f64, __B, f64>(&mut __c_x, __l, &__h.0);
            }
            (__g, (__c_x,))
        }
    }
    #[doc(hidden)]
    pub mod value_and_gradient {
        use super::*;
        #[doc(hidden)]
        #[inline]
        pub fn __tangent<__C: __jr::Carrier<f64>>(
            x: f64,
            dx: &__C,
        ) -> ((f64, f64), (__C, __C)) {
            let () = __jr::FirstOrderOnly::<f64, __C>::CHECK;
            let () = __jr::NoPattern::<f64, __C>::CHECK;
            let (__y, __g) = super::value_and_gradient(x);
            let mut __dg = __jr::zeros::<f64, __C, _>(&__g);
            if <__C as __jr::Directional<f64>>::WIDTH == 0 {
                let __dy = __jr::zeros::<f64, __C, _>(&__y);
                return ((__y, __g), (__dy, __dg));
            }
            let (_, __dy) = super::__tangent(x, dx);
            let __ybo = &<f64 as __jr::One>::one();
            for __l in 0..<__C as __jr::Directional<f64>>::WIDTH {
                let __e_x = __jr::one_lane::<f64, __C, f64>(dx, __l);
                let __seed = __jr::unit_bar::<f64>();
                ::jacobian::with_stack(|__st| {
                    let (_, __h) = super::__adjoint(x, &__e_x, &__seed, __st);
                    __jr::add_to_lane::<f64, __C, f64>(&mut __dg, __l, &__h.0);
                });
            }
            ((__y, __g), (__dy, __dg))
        }
        #[doc(hidden)]
        #[inline]
        pub fn __adjoint<__C: __jr::Carrier<f64>, __B: __jr::Cotangent<f64, __C>>(
            x: f64,
            dx: &__C,
            __ybar: &(__B, __B),
            __stack: &mut ::jacobian::Stack<f64>,
        ) -> ((f64, f64), (__B,)) {
            let () = __jr::FirstOrderOnly::<f64, __B>::CHECK;
            let () = __jr::NoPattern::<f64, __B>::CHECK;
            let (__y, __g) = super::value_and_gradient(x);
            let __ybo = &<f64 as __jr::One>::one();
            let mut __c_x = __jr::zeros::<f64, __B, _>(&x);
            for __l in 0..<__B as __jr::Directional<f64>>::WIDTH {
                let __e_x = __jr::one_lane::<f64, __B, f64>(&(*__ybar).1, __l);
                let __seed = __jr::bar_seed::<f64, __B, f64>(__ybo, &(*__ybar).0, __l);
                let (_, __h) = super::__adjoint(x, &__e_x, &__seed, __stack);
                __jr::add_to_lane::<f64, __B, f64>(&mut __c_x, __l, &__h.0);
            }
            ((__y, __g), (__c_x,))
        }
    }
    #[doc(hidden)]
    pub mod laplacian {
        use super::*;
        #[inline]
        fn __grad<const __N: usize>(
            x: f64,
            _: ::core::marker::PhantomData<[(); __N]>,
        ) -> (f64,) {
            let __x_x: f64 = ::std::borrow::ToOwned::to_owned(&x);
            let mut __g_x: f64 = __jr::Shape::zero_like(&__x_x);
            let mut __n = 0usize;
            let __o_x = __n;
            __n += __jr::Shape::len(&__x_x);
            let mut __k = 0usize;
            while __k < __n {
                let __e_x = __jr::taylor_seed::<f64, __N, f64>(&__x_x, __k, __o_x);
                let (_, __h) = ::jacobian::with_stack(|__st| super::__adjoint(
                    x,
                    &__e_x,
                    &__jr::laplacian_seed(),
                    __st,
                ));
                __jr::add_values::<f64, __N, f64>(&mut __g_x, &__h.0);
                __k += __N;
            }
            (__g_x,)
        }
        #[inline]
        fn __grads(x: f64) -> (f64,) {
            match 0usize + __jr::Shape::len(&::std::borrow::ToOwned::to_owned(&x)) {
                0..=2 => __grad(x, ::core::marker::PhantomData::<[(); 2usize]>),
                3 | 4 => __grad(x, ::core::marker::PhantomData::<[(); 4usize]>),
                _ => __grad(x, ::core::marker::PhantomData::<[(); 8usize]>),
            }
        }
        #[doc(hidden)]
        #[inline]
        pub fn __tangent<__C: __jr::Carrier<f64>>(x: f64, dx: &__C) -> (f64, __C) {
            let () = __jr::FirstOrderOnly::<f64, __C>::CHECK;
            let () = __jr::NoPattern::<f64, __C>::CHECK;
            let __y = super::laplacian(x);
            let mut __dy = <__C as __jr::Carrier<f64>>::zero();
            if <__C as __jr::Directional<f64>>::WIDTH == 0 {
                return (__y, __dy);
            }
            let __g = __grads(x);
            for __l in 0..<__C as __jr::Directional<f64>>::WIDTH {
                let mut __t = <f64 as __jr::Zero>::zero();
                __t += __jr::dot_lane::<f64, __C, f64>(&__g.0, dx, __l);
                __jr::Directional::set_lane(&mut __dy, __l, __t);
            }
            (__y, __dy)
        }
        #[doc(hidden)]
        #[inline]
        pub fn __adjoint<__C: __jr::Carrier<f64>, __B: __jr::Cotangent<f64, __C>>(
            x: f64,
            dx: &__C,
            __ybar: &__B,
            __stack: &mut ::jacobian::Stack<f64>,
        ) -> (f64, (__B,)) {
            let () = __jr::FirstOrderOnly::<f64, __B>::CHECK;
            let () = __jr::NoPattern::<f64, __B>::CHECK;
            let __y = super::laplacian(x);
            let __g = __grads(x);
            let mut __c_x = __jr::zeros::<f64, __B, _>(&x);
            for __l in 0..<__B as __jr::Directional<f64>>::WIDTH {
                let __k = __jr::Directional::lane(__ybar, __l);
                __jr::add_scaled_to_lane::<f64, __B, f64>(&mut __c_x, __l, __k, &__g.0);
            }
            (__y, (__c_x,))
        }
    }
    ///The gradient of [`erf`](fn@erf) with respect to its active parameters (one reverse sweep).
    #[inline]
    pub fn gradient(x: f64) -> f64 {
        adjoint(x, 1f64).1
    }
    ///The value and the gradient of [`erf`](fn@erf).
    #[inline]
    pub fn value_and_gradient(x: f64) -> (f64, f64) {
        adjoint(x, 1f64)
    }
}
/// A function of a slice with a JVP and a VJP (no HVP).
fn double(x: &[f64]) -> Vec<f64> {
    x.iter().map(|v| 2.0 * v).collect()
}
///Derivatives of [`double`](fn@double), from its declared derivative (`#[jacobian::derivative]`).
#[allow(
    unused_imports,
    unused_mut,
    unused_variables,
    unused_assignments,
    unused_parens,
    unused_braces,
    non_snake_case,
    dead_code,
    unreachable_code,
    clippy::all,
    clippy::pedantic,
    clippy::nursery
)]
mod double {
    use super::*;
    #[allow(unused_imports)]
    use ::jacobian::__private as __jr;
    #[allow(unused_imports)]
    use __jr::Float as _;
    ///Value and Jacobian-vector product (forward mode): `(double(..), J·v)` for the tangents `v` of the active parameters.
    #[inline]
    pub fn tangent(x: &[f64], dx: &[f64]) -> (Vec<f64>, Vec<f64>) {
        __tangent(x, dx)
    }
    ///Value and vector-Jacobian product (reverse mode) of [`double`](fn@double): `(value, y_barᵀ·J)`, with the cotangents of the active parameters; `stack` holds the values the reverse sweep needs and can be reused across calls.
    #[inline]
    pub fn adjoint_with(
        x: &[f64],
        y_bar: &[f64],
        stack: &mut ::jacobian::Stack<f64>,
    ) -> (Vec<f64>, ::std::vec::Vec<f64>) {
        let __n0 = __jr::zeros::<f64, __jr::NoTangent, _>(x);
        let (__out, (__c0,)) = __adjoint(x, &__n0, &y_bar.to_vec(), stack);
        (__out, __c0)
    }
    ///Value and vector-Jacobian product (reverse mode) of [`double`](fn@double): `(value, y_barᵀ·J)`, with the cotangents of the active parameters. The reverse sweep's storage comes from a per-thread pool (`jacobian::with_stack`), so repeated calls do not allocate it again.
    #[inline]
    pub fn adjoint(x: &[f64], y_bar: &[f64]) -> (Vec<f64>, ::std::vec::Vec<f64>) {
        ::jacobian::with_stack(|__st| adjoint_with(x, y_bar, __st))
    }
    #[doc(hidden)]
    #[inline]
    pub fn __tangent<__C: __jr::Carrier<f64>>(
        x: &[f64],
        dx: &[__C],
    ) -> (Vec<f64>, ::std::vec::Vec<__C>) {
        let () = __jr::UpToSecond::<f64, __C>::CHECK;
        let () = __jr::NoPattern::<f64, __C>::CHECK;
        let __y = super::double(x);
        let mut __dy = __jr::zeros::<f64, __C, _>(&__y);
        let __dv_x = dx.to_vec();
        for __l in 0..<__C as __jr::Directional<f64>>::WIDTH {
            let __v_x: ::std::vec::Vec<f64> = <::std::vec::Vec<
                f64,
            > as __jr::Lanewise<f64, __C>>::get(&__dv_x, __jr::Pick::Lane(__l));
            let (_, __t) = double_jvp(x, &__v_x);
            <::std::vec::Vec<
                f64,
            > as __jr::Lanewise<f64, __C>>::put(&mut __dy, __jr::Pick::Lane(__l), &__t);
        }
        const {
            ::core::assert!(
                ! < __C as __jr::Directional < f64 >> ::SECOND,
                "`double` has a declared derivative without `hvp = ..`: second-order modes (`hessian`, `hvp`, `laplacian`) through it need one"
            )
        };
        (__y, __dy)
    }
    #[doc(hidden)]
    #[inline]
    pub fn __adjoint<__C: __jr::Carrier<f64>, __B: __jr::Cotangent<f64, __C>>(
        x: &[f64],
        dx: &[__C],
        __ybar: &::std::vec::Vec<__B>,
        __stack: &mut ::jacobian::Stack<f64>,
    ) -> (Vec<f64>, (::std::vec::Vec<__B>,)) {
        let () = __jr::UpToSecond::<f64, __B>::CHECK;
        let __y = super::double(x);
        let mut __c_x = __jr::zeros::<f64, __B, _>(x);
        for __l in 0..<__B as __jr::Directional<f64>>::WIDTH {
            let __yv: ::std::vec::Vec<f64> = <::std::vec::Vec<
                f64,
            > as __jr::Lanewise<f64, __B>>::get(__ybar, __jr::Pick::Lane(__l));
            let __g = double_vjp(x, &__y, &__yv);
            <::std::vec::Vec<
                f64,
            > as __jr::Lanewise<f64, __B>>::put(&mut __c_x, __jr::Pick::Lane(__l), &__g);
        }
        const {
            ::core::assert!(
                ! < __B as __jr::Directional < f64 >> ::SECOND,
                "`double` has a declared derivative without `hvp = ..`: second-order modes (`hessian`, `hvp`, `laplacian`) through it need one"
            )
        };
        (__y, (__c_x,))
    }
    ///[`double`](fn@double) bound to its arguments; implements [`Differentiable`](::jacobian::Differentiable) for the generic assembly functions.
    pub struct Bound<'__a> {
        x: &'__a [f64],
        __marker: ::core::marker::PhantomData<(&'__a (),)>,
    }
    ///Binds [`double`](fn@double) to its arguments, for `jacobian::jacobian(&bound, mode)` and the other generic assembly functions.
    #[inline]
    pub fn bind<'__a>(x: &'__a [f64]) -> Bound<'__a> {
        Bound {
            x,
            __marker: ::core::marker::PhantomData,
        }
    }
    impl<'__a> ::jacobian::Differentiable for Bound<'__a> {
        type Scalar = f64;
        type Input = ::std::vec::Vec<f64>;
        type Output = Vec<f64>;
        #[inline]
        fn input_zeros(&self) -> ::std::vec::Vec<f64> {
            __jr::zero_tangent(&self.x)
        }
        #[inline]
        fn output_zeros(&self) -> Vec<f64> {
            __jr::zero_tangent(&self.value())
        }
        #[inline]
        fn input(&self) -> ::std::vec::Vec<f64> {
            ::std::borrow::ToOwned::to_owned(self.x)
        }
        #[inline]
        fn value(&self) -> Vec<f64> {
            __tangent(self.x, &__jr::zeros::<f64, __jr::NoTangent, _>(self.x)).0
        }
        #[inline]
        fn value_at(&self, input: &::std::vec::Vec<f64>) -> Vec<f64> {
            __tangent(input, &__jr::zeros::<f64, __jr::NoTangent, _>(self.x)).0
        }
        #[inline]
        fn tangent(&self, d: &::std::vec::Vec<f64>) -> (Vec<f64>, Vec<f64>) {
            tangent(self.x, d)
        }
        #[inline]
        fn adjoint(
            &self,
            y_bar: &Vec<f64>,
            stack: &mut ::jacobian::Stack<f64>,
        ) -> (Vec<f64>, ::std::vec::Vec<f64>) {
            adjoint_with(self.x, y_bar, stack)
        }
        #[inline]
        fn tangent_lanes<const __N: usize>(
            &self,
            d: &__jr::LanesOf<::std::vec::Vec<f64>, f64, __N>,
        ) -> (Vec<f64>, __jr::LanesOf<Vec<f64>, f64, __N>) {
            __tangent(self.x, d)
        }
        #[inline]
        fn adjoint_lanes<const __N: usize>(
            &self,
            y_bar: &__jr::LanesOf<Vec<f64>, f64, __N>,
            stack: &mut ::jacobian::Stack<f64>,
        ) -> (Vec<f64>, __jr::LanesOf<::std::vec::Vec<f64>, f64, __N>) {
            {
                let (__out, (__c0,)) = __adjoint(
                    self.x,
                    &__jr::zeros::<f64, __jr::NoTangent, _>(self.x),
                    y_bar,
                    stack,
                );
                (__out, __c0)
            }
        }
        #[inline]
        fn pattern_sweep(
            &self,
            d: &<::std::vec::Vec<f64> as __jr::Mirror<f64, ::jacobian::Deps>>::Out,
        ) -> <Vec<f64> as __jr::Mirror<f64, ::jacobian::Deps>>::Out {
            __tangent(self.x, d).1
        }
    }
    impl<'__a> ::jacobian::SecondOrder for Bound<'__a> {
        #[inline]
        fn taylor2_lanes<const __N: usize>(
            &self,
            d: &__jr::LanesOf<::std::vec::Vec<f64>, f64, __N>,
        ) -> (Vec<f64>, __jr::LanesOf<Vec<f64>, f64, __N>, Vec<f64>) {
            let (__v, __t) = __tangent(
                self.x,
                &__jr::lanes_into_taylor::<
                    __N,
                    _,
                    _,
                >(d, __jr::zeros::<f64, __jr::Taylor<f64, __N>, _>(self.x)),
            );
            let (g, l) = __jr::split_taylor::<
                __N,
                _,
                _,
                _,
            >(
                __t,
                __jr::zeros::<f64, __jr::Lanes<f64, __N>, _>(&__v),
                __jr::zero_tangent(&__v),
            );
            (__v, g, l)
        }
        #[inline]
        fn adjoint_tangent_lanes<const __N: usize>(
            &self,
            y_bar: &Vec<f64>,
            d: &__jr::LanesOf<::std::vec::Vec<f64>, f64, __N>,
            stack: &mut ::jacobian::Stack<f64>,
        ) -> (
            Vec<f64>,
            ::std::vec::Vec<f64>,
            __jr::LanesOf<::std::vec::Vec<f64>, f64, __N>,
        ) {
            let __yb = __jr::value_into_bar::<
                __N,
                _,
                _,
            >(y_bar, __jr::zeros::<f64, __jr::Bar<f64, __N>, _>(y_bar));
            let (__out, (__c0,)) = __adjoint(self.x, d, &__yb, stack);
            let (__v0, __t0) = __jr::split_bar::<
                __N,
                _,
                _,
                _,
            >(
                __c0,
                __jr::zero_tangent(&self.x),
                __jr::zeros::<f64, __jr::Lanes<f64, __N>, _>(self.x),
            );
            (__out, __v0, __t0)
        }
    }
    ///The Jacobian of [`double`](fn@double) with respect to its active parameters: one row per output scalar, one column per input scalar (forward mode when there are no more columns than rows, reverse mode otherwise).
    #[inline]
    pub fn jacobian(x: &[f64]) -> ::jacobian::Matrix<f64> {
        ::jacobian::jacobian(&bind(x), ::jacobian::Mode::Auto)
    }
    ///The value and the Jacobian of [`double`](fn@double).
    #[inline]
    pub fn value_and_jacobian(x: &[f64]) -> (Vec<f64>, ::jacobian::Matrix<f64>) {
        ::jacobian::value_and_jacobian(&bind(x), ::jacobian::Mode::Auto)
    }
    ///Writes the Jacobian of [`double`](fn@double) into `jac`, resizing it only when its shape differs: repeated calls do not allocate for fixed-size functions.
    #[inline]
    pub fn jacobian_into(x: &[f64], jac: &mut ::jacobian::Matrix<f64>) {
        ::jacobian::jacobian_into(&bind(x), jac, ::jacobian::Mode::Auto)
    }
    ///The sparsity pattern of the Jacobian of [`double`](fn@double) at these arguments (rows the output scalars, columns the active input scalars), from forward sweeps over sets of inputs: structural, and the same at every point when the control flow does not depend on the active values (see `jacobian::sparsity`).
    #[inline]
    pub fn sparsity(x: &[f64]) -> ::jacobian::Pattern {
        ::jacobian::sparsity(&bind(x))
    }
    ///The Jacobian of [`double`](fn@double) as a sparse matrix: its sparsity pattern, the cheaper colouring of its columns or rows, and one vector sweep per 8 colours.
    #[inline]
    pub fn sparse_jacobian(x: &[f64]) -> ::jacobian::SparseMatrix<f64> {
        ::jacobian::sparse_jacobian(&bind(x))
    }
    /**Writes the Jacobian of [`double`](fn@double) on the pattern `coloring` colours (`jacobian::Coloring::new(&double::sparsity(..))`, computed once) into `jac`, reusing its storage: no allocation for fixed-size functions.

# Panics

If the colouring's pattern is not of this Jacobian's shape.*/
    #[inline]
    pub fn sparse_jacobian_into(
        x: &[f64],
        coloring: &::jacobian::Coloring,
        jac: &mut ::jacobian::SparseMatrix<f64>,
    ) {
        ::jacobian::sparse_jacobian_into(&bind(x), coloring, jac)
    }
    #[doc(hidden)]
    pub mod tangent {
        use super::*;
        #[doc(hidden)]
        #[inline]
        pub fn __tangent<__C: __jr::Carrier<f64>>(
            x: &[f64],
            __v_x: &[f64],
            dx: &[__C],
            __dv_x: &[__C],
        ) -> ((Vec<f64>, Vec<f64>), (::std::vec::Vec<__C>, ::std::vec::Vec<__C>)) {
            let () = __jr::FirstOrderOnly::<f64, __C>::CHECK;
            let () = __jr::NoPattern::<f64, __C>::CHECK;
            let (__y, __t) = super::tangent(x, __v_x);
            if <__C as __jr::Directional<f64>>::WIDTH == 0 {
                let (__dy, __dt) = (
                    __jr::zeros::<f64, __C, _>(&__y),
                    __jr::zeros::<f64, __C, _>(&__t),
                );
                return ((__y, __t), (__dy, __dt));
            }
            let (_, __dy) = super::__tangent(x, dx);
            let (_, mut __dt) = super::__tangent(x, __dv_x);
            let __vo_x = &__v_x.to_vec();
            for __l in 0..<__C as __jr::Directional<f64>>::WIDTH {
                let __e_x = __jr::one_lane::<
                    f64,
                    __C,
                    ::std::vec::Vec<f64>,
                >(&dx.to_vec(), __l);
                let mut __col: ::std::vec::Vec<f64> = __jr::Shape::zero_like(&__y);
                for __k in 0..__jr::Shape::len(&__y) {
                    let __seed = __jr::value_bar::<
                        f64,
                        ::std::vec::Vec<f64>,
                    >(&__jr::unit(&__y, __k));
                    ::jacobian::with_stack(|__st| {
                        let (_, __h) = super::__adjoint(x, &__e_x, &__seed, __st);
                        *__jr::Shape::scalar_mut(&mut __col, __k)
                            += __jr::flat_dot(
                                __vo_x,
                                &__jr::lane_value::<
                                    f64,
                                    __jr::Bar<f64, 1>,
                                    ::std::vec::Vec<f64>,
                                >(&__h.0, 0),
                            );
                    });
                }
                __jr::add_lane::<
                    f64,
                    __C,
                    f64,
                    ::std::vec::Vec<f64>,
                >(&mut __dt, __l, &__col, __jr::Pick::Lane(0));
            }
            ((__y, __t), (__dy, __dt))
        }
        #[doc(hidden)]
        #[inline]
        pub fn __adjoint<__C: __jr::Carrier<f64>, __B: __jr::Cotangent<f64, __C>>(
            x: &[f64],
            __v_x: &[f64],
            dx: &[__C],
            __dv_x: &[__C],
            __ybar: &(::std::vec::Vec<__B>, ::std::vec::Vec<__B>),
            __stack: &mut ::jacobian::Stack<f64>,
        ) -> ((Vec<f64>, Vec<f64>), (::std::vec::Vec<__B>, ::std::vec::Vec<__B>)) {
            let () = __jr::FirstOrderOnly::<f64, __B>::CHECK;
            let () = __jr::NoPattern::<f64, __B>::CHECK;
            let (__y, __t) = super::tangent(x, __v_x);
            let __vo_x = &__v_x.to_vec();
            let mut __c_x = __jr::zeros::<f64, __B, _>(x);
            let mut __cv_x = __jr::zeros::<f64, __B, _>(__vo_x);
            for __l in 0..<__B as __jr::Directional<f64>>::WIDTH {
                let __e_x = __jr::one_lane::<f64, f64, ::std::vec::Vec<f64>>(__vo_x, 0);
                let __seed = __jr::bar_seed::<
                    f64,
                    __B,
                    ::std::vec::Vec<f64>,
                >(
                    &__jr::lane_value::<
                        f64,
                        __B,
                        ::std::vec::Vec<f64>,
                    >(&(*__ybar).1, __l),
                    &(*__ybar).0,
                    __l,
                );
                let (_, __h) = super::__adjoint(x, &__e_x, &__seed, __stack);
                __jr::add_to_lane::<
                    f64,
                    __B,
                    ::std::vec::Vec<f64>,
                >(&mut __c_x, __l, &__h.0);
                __jr::add_lane::<
                    f64,
                    __B,
                    __jr::Bar<f64, 1>,
                    ::std::vec::Vec<f64>,
                >(&mut __cv_x, __l, &__h.0, __jr::Pick::Base);
            }
            ((__y, __t), (__c_x, __cv_x))
        }
    }
    #[doc(hidden)]
    pub mod adjoint {
        use super::*;
        #[doc(hidden)]
        #[inline]
        pub fn __tangent<__C: __jr::Carrier<f64>>(
            x: &[f64],
            __yb: &[f64],
            dx: &[__C],
            __dyb: &[__C],
        ) -> (
            (Vec<f64>, ::std::vec::Vec<f64>),
            (::std::vec::Vec<__C>, ::std::vec::Vec<__C>),
        ) {
            let () = __jr::FirstOrderOnly::<f64, __C>::CHECK;
            let () = __jr::NoPattern::<f64, __C>::CHECK;
            let (__y, __g) = super::adjoint(x, __yb);
            let mut __dg = __jr::zeros::<f64, __C, _>(&__g);
            if <__C as __jr::Directional<f64>>::WIDTH == 0 {
                let __dy = __jr::zeros::<f64, __C, _>(&__y);
                return ((__y, __g), (__dy, __dg));
            }
            let (_, __dy) = super::__tangent(x, dx);
            let __ybo = &__yb.to_vec();
            for __l in 0..<__C as __jr::Directional<f64>>::WIDTH {
                let __e_x = __jr::one_lane::<
                    f64,
                    __C,
                    ::std::vec::Vec<f64>,
                >(&dx.to_vec(), __l);
                let __seed = __jr::bar_seed::<
                    f64,
                    __C,
                    ::std::vec::Vec<f64>,
                >(__ybo, &__dyb.to_vec(), __l);
                ::jacobian::with_stack(|__st| {
                    let (_, __h) = super::__adjoint(x, &__e_x, &__seed, __st);
                    __jr::add_to_lane::<
                        f64,
                        __C,
                        ::std::vec::Vec<f64>,
                    >(&mut __dg, __l, &__h.0);
                });
            }
            ((__y, __g), (__dy, __dg))
        }
        #[doc(hidden)]
        #[inline]
        pub fn __adjoint<__C: __jr::Carrier<f64>, __B: __jr::Cotangent<f64, __C>>(
            x: &[f64],
            __yb: &[f64],
            dx: &[__C],
            __dyb: &[__C],
            __ybar: &(::std::vec::Vec<__B>, ::std::vec::Vec<__B>),
            __stack: &mut ::jacobian::Stack<f64>,
        ) -> (
            (Vec<f64>, ::std::vec::Vec<f64>),
            (::std::vec::Vec<__B>, ::std::vec::Vec<__B>),
        ) {
            let () = __jr::FirstOrderOnly::<f64, __B>::CHECK;
            let () = __jr::NoPattern::<f64, __B>::CHECK;
            let (__y, __g) = super::adjoint(x, __yb);
            let __ybo = &__yb.to_vec();
            let mut __c_x = __jr::zeros::<f64, __B, _>(x);
            let mut __c_yb = __jr::zeros::<f64, __B, _>(__ybo);
            for __l in 0..<__B as __jr::Directional<f64>>::WIDTH {
                let __e_x = __jr::one_lane::<
                    f64,
                    __B,
                    ::std::vec::Vec<f64>,
                >(&(*__ybar).1, __l);
                let __seed = __jr::bar_seed::<
                    f64,
                    __B,
                    ::std::vec::Vec<f64>,
                >(__ybo, &(*__ybar).0, __l);
                let (_, __h) = super::__adjoint(x, &__e_x, &__seed, __stack);
                __jr::add_to_lane::<
                    f64,
                    __B,
                    ::std::vec::Vec<f64>,
                >(&mut __c_x, __l, &__h.0);
                let (_, __je) = super::__tangent(x, &__e_x);
                __jr::add_lane::<
                    f64,
                    __B,
                    __jr::Lanes<f64, 1>,
                    ::std::vec::Vec<f64>,
                >(&mut __c_yb, __l, &__je, __jr::Pick::Lane(0));
            }
            ((__y, __g), (__c_x, __c_yb))
        }
    }
    #[doc(hidden)]
    pub mod divergence {
        use super::*;
        #[inline]
        fn __grads(x: &[f64]) -> (::std::vec::Vec<f64>,) {
            let (__y, _): (::std::vec::Vec<f64>, _) = super::__tangent(
                x,
                &__jr::zeros::<f64, __jr::NoTangent, _>(x),
            );
            let __x_x: ::std::vec::Vec<f64> = ::std::borrow::ToOwned::to_owned(x);
            let mut __g_x: ::std::vec::Vec<f64> = __jr::Shape::zero_like(&__x_x);
            let mut __n = 0usize;
            let __o_x = __n;
            __n += __jr::Shape::len(&__x_x);
            for __k in 0..__n {
                let __e_x = __jr::unit_direction::<
                    f64,
                    ::std::vec::Vec<f64>,
                >(&__x_x, __k, __o_x);
                let __seed = __jr::value_bar::<
                    f64,
                    ::std::vec::Vec<f64>,
                >(&__jr::unit(&__y, __k));
                let (_, __h) = ::jacobian::with_stack(|__st| super::__adjoint(
                    x,
                    &__e_x,
                    &__seed,
                    __st,
                ));
                __jr::add_to_lane::<
                    f64,
                    f64,
                    ::std::vec::Vec<f64>,
                >(&mut __g_x, 0, &__h.0);
            }
            (__g_x,)
        }
        #[doc(hidden)]
        #[inline]
        pub fn __tangent<__C: __jr::Carrier<f64>>(x: &[f64], dx: &[__C]) -> (f64, __C) {
            let () = __jr::FirstOrderOnly::<f64, __C>::CHECK;
            let () = __jr::NoPattern::<f64, __C>::CHECK;
            let __y = super::divergence(x);
            let mut __dy = <__C as __jr::Carrier<f64>>::zero();
            if <__C as __jr::Directional<f64>>::WIDTH == 0 {
                return (__y, __dy);
            }
            let __g = __grads(x);
            for __l in 0..<__C as __jr::Directional<f64>>::WIDTH {
                let mut __t = <f64 as __jr::Zero>::zero();
                __t
                    += __jr::dot_lane::<
                        f64,
                        __C,
                        ::std::vec::Vec<f64>,
                    >(&__g.0, &dx.to_vec(), __l);
                __jr::Directional::set_lane(&mut __dy, __l, __t);
            }
            (__y, __dy)
        }
        #[doc(hidden)]
        #[inline]
        pub fn __adjoint<__C: __jr::Carrier<f64>, __B: __jr::Cotangent<f64, __C>>(
            x: &[f64],
            dx: &[__C],
            __ybar: &__B,
            __stack: &mut ::jacobian::Stack<f64>,
        ) -> (f64, (::std::vec::Vec<__B>,)) {
            let () = __jr::FirstOrderOnly::<f64, __B>::CHECK;
            let () = __jr::NoPattern::<f64, __B>::CHECK;
            let __y = super::divergence(x);
            let __g = __grads(x);
            let mut __c_x = __jr::zeros::<f64, __B, _>(x);
            for __l in 0..<__B as __jr::Directional<f64>>::WIDTH {
                let __k = __jr::Directional::lane(__ybar, __l);
                __jr::add_scaled_to_lane::<
                    f64,
                    __B,
                    ::std::vec::Vec<f64>,
                >(&mut __c_x, __l, __k, &__g.0);
            }
            (__y, (__c_x,))
        }
    }
    ///The Laplacian of [`double`](fn@double) with respect to its active parameters, one per output scalar (in the output's type), by collapsed Taylor sweeps over chunks of `jacobian::LANES` input directions.
    #[inline]
    pub fn laplacian(x: &[f64]) -> Vec<f64> {
        ::jacobian::laplacian(&bind(x))
    }
    /**The divergence (trace of the Jacobian) of [`double`](fn@double), exactly, from vector tangent sweeps.

# Panics

If the active parameters and the result do not have the same number of scalars.*/
    #[inline]
    pub fn divergence(x: &[f64]) -> f64 {
        ::jacobian::divergence(&bind(x))
    }
    /**Hutchinson's unbiased estimate of the divergence of [`double`](fn@double) from `samples` random ±1 directions, reproducible for a given `seed` (see `jacobian::divergence_estimate` for its variance).

# Panics

If the active parameters and the result do not have the same number of scalars, or `samples` is 0.*/
    #[inline]
    pub fn divergence_estimate(x: &[f64], samples: usize, seed: u64) -> f64 {
        ::jacobian::divergence_estimate(&bind(x), samples, seed)
    }
}
