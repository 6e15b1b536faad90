//! The rule table: one entry per differentiable primitive.
//!
//! Every transform asks this file, and only this file, how a primitive is
//! differentiated. [`partials`] gives ∂y/∂aₖ for `y = p(a₀, a₁, …)` as Rust
//! expressions over the operands and the result; the tangent sweep forms
//! `ẏ = Σ ∂y/∂aₖ · ȧₖ` and the adjoint sweep `āₖ += ȳ · ∂y/∂aₖ` from them.

use proc_macro2::TokenStream;
use quote::quote;

use crate::types::ScalarTy;

/// A primitive operation on scalars.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Prim {
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    RemEuclid,
    DivEuclid,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Atan2,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    Exp,
    Exp2,
    ExpM1,
    Ln,
    Ln1p,
    Log,
    Log2,
    Log10,
    Sqrt,
    Cbrt,
    Powi,
    Powf,
    Hypot,
    Abs,
    Signum,
    Max,
    Min,
    Recip,
    MulAdd,
    Clamp,
    Floor,
    Ceil,
    Round,
    Trunc,
    Fract,
    ToDegrees,
    ToRadians,
}

/// What the transforms need to know about a primitive besides its derivative.
#[derive(Debug)]
pub struct Rule {
    /// The primitive.
    pub prim: Prim,
    /// Method name (`sin`), or the operator for arithmetic.
    pub name: &'static str,
    /// Number of operands, the receiver included.
    pub arity: usize,
    /// Operands that are integers and carry no derivative (`powi`'s exponent).
    pub discrete: &'static [usize],
    /// What the partials read: nothing (`N`), the result (`Y`), the operands
    /// (`A`) or both (`AY`). The adjoint keeps exactly these values.
    pub reads: Reads,
}

/// The values a rule's partial derivatives read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reads {
    /// Constants only: the primitive is linear.
    N,
    /// The result `y`.
    Y,
    /// The operands.
    A,
    /// The operands and the result.
    AY,
}

impl Rule {
    /// The partials read the result `y`.
    pub fn uses_result(&self) -> bool {
        matches!(self.reads, Reads::Y | Reads::AY)
    }

    /// The partials read the operands.
    pub fn uses_args(&self) -> bool {
        matches!(self.reads, Reads::A | Reads::AY)
    }

    /// The partials are constants.
    pub fn linear(&self) -> bool {
        self.reads == Reads::N
    }
}

macro_rules! table {
    ($($prim:ident $name:literal $arity:literal [$($d:literal),*] $reads:ident;)*) => {
        /// Every primitive the macro differentiates.
        pub const RULES: &[Rule] = &[$(Rule {
            prim: Prim::$prim, name: $name, arity: $arity, discrete: &[$($d),*],
            reads: Reads::$reads,
        }),*];
    };
}

table! {
    Neg "-" 1 [] N;
    Add "+" 2 [] N;
    Sub "-" 2 [] N;
    Mul "*" 2 [] A;
    Div "/" 2 [] AY;
    Rem "%" 2 [] AY;
    RemEuclid "rem_euclid" 2 [] AY;
    DivEuclid "div_euclid" 2 [] N;
    Sin "sin" 1 [] A;
    Cos "cos" 1 [] A;
    Tan "tan" 1 [] Y;
    Asin "asin" 1 [] A;
    Acos "acos" 1 [] A;
    Atan "atan" 1 [] A;
    Atan2 "atan2" 2 [] A;
    Sinh "sinh" 1 [] A;
    Cosh "cosh" 1 [] A;
    Tanh "tanh" 1 [] Y;
    Asinh "asinh" 1 [] A;
    Acosh "acosh" 1 [] A;
    Atanh "atanh" 1 [] A;
    Exp "exp" 1 [] Y;
    Exp2 "exp2" 1 [] Y;
    ExpM1 "exp_m1" 1 [] Y;
    Ln "ln" 1 [] A;
    Ln1p "ln_1p" 1 [] A;
    Log "log" 2 [] A;
    Log2 "log2" 1 [] A;
    Log10 "log10" 1 [] A;
    Sqrt "sqrt" 1 [] Y;
    Cbrt "cbrt" 1 [] Y;
    Powi "powi" 2 [1] A;
    Powf "powf" 2 [] AY;
    Hypot "hypot" 2 [] AY;
    Abs "abs" 1 [] A;
    Signum "signum" 1 [] N;
    Max "max" 2 [] A;
    Min "min" 2 [] A;
    Recip "recip" 1 [] Y;
    MulAdd "mul_add" 3 [] A;
    Clamp "clamp" 3 [] A;
    Floor "floor" 1 [] N;
    Ceil "ceil" 1 [] N;
    Round "round" 1 [] N;
    Trunc "trunc" 1 [] N;
    Fract "fract" 1 [] N;
    ToDegrees "to_degrees" 1 [] N;
    ToRadians "to_radians" 1 [] N;
}

/// The rule of a primitive.
pub fn rule(prim: Prim) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.prim == prim)
        .expect("every primitive has a rule")
}

/// The primitive a method name denotes, if any (operators are not methods).
pub fn method(name: &str) -> Option<Prim> {
    RULES
        .iter()
        .skip(6)
        .find(|r| r.name == name)
        .map(|r| r.prim)
}

/// Whether the partials of the *active* operands (`active[j]`: operand `j`
/// carries a derivative) read operand `k`'s value; refines [`Rule::reads`].
pub fn reads_operand(prim: Prim, k: usize, active: &[bool]) -> bool {
    let other = |j: usize| active.get(j).copied().unwrap_or(false);
    match prim {
        Prim::Mul => other(1 - k),               // ∂a = b, ∂b = a
        Prim::MulAdd => k < 2 && other(1 - k),   // ∂a = b, ∂b = a, ∂c = 1
        Prim::Div => k == 1,                     // ∂a = 1/b, ∂b = -y/b
        Prim::Rem | Prim::RemEuclid => other(1), // ∂b = -(a - y)/b
        Prim::Powf => k == 0 || other(0),        // ∂a = p·aᵖ⁻¹, ∂p = y·ln a
        Prim::Hypot => other(k),                 // ∂a = a/y, ∂b = b/y
        _ => rule(prim).uses_args(),
    }
}

/// Whether the partials of the active operands read the result.
pub fn reads_result(prim: Prim, active: &[bool]) -> bool {
    let act = |j: usize| active.get(j).copied().unwrap_or(false);
    match prim {
        Prim::Div | Prim::Powf | Prim::Rem | Prim::RemEuclid => act(1), // only ∂b (∂p) reads y
        _ => rule(prim).uses_result(),
    }
}

/// One partial derivative, simplified where it is a known constant.
#[derive(Clone, Debug)]
pub enum Partial {
    /// 0: the operand does not influence the result locally.
    Zero,
    /// 1
    One,
    /// −1
    MinusOne,
    /// Any other value.
    Expr(TokenStream),
}

/// ∂y/∂aₖ for `y = prim(a₀, …)`, where `a` holds the operands' expressions
/// (parenthesized) and `y` the result's. Rust's conventions at the points where
/// a function is not differentiable are documented beside each rule.
#[allow(clippy::too_many_lines)]
pub fn partials(prim: Prim, a: &[TokenStream], y: &TokenStream, s: &ScalarTy) -> Vec<Partial> {
    use Partial::{Expr as E, MinusOne, One, Zero};
    let one = s.lit(1.0);
    let two = s.lit(2.0);
    let three = s.lit(3.0);
    let ln2 = s.consts("LN_2");
    let ln10 = s.consts("LN_10");
    let rt = quote!(::jacobian::__private::rules);
    let x = a.first().cloned().unwrap_or_default();
    let b = a.get(1).cloned().unwrap_or_default();
    match prim {
        Prim::Neg => vec![MinusOne],      // d(-a) = -1
        Prim::Add => vec![One, One],      // d(a+b) = (1, 1)
        Prim::Sub => vec![One, MinusOne], // d(a-b) = (1, -1)
        Prim::Mul => vec![E(b), E(x)],    // d(ab) = (b, a)
        Prim::Div => vec![E(quote!(#b.recip())), E(quote!(-(#y) / #b))], // d(a/b) = (1/b, -y/b)
        // a % b and a.rem_euclid(b) are a - q·b for an integer q = (a - y)/b
        Prim::Rem | Prim::RemEuclid => vec![One, E(quote!(-((#x - #y) / #b).round()))],
        Prim::DivEuclid => vec![Zero, Zero], // piecewise constant
        Prim::Sin => vec![E(quote!(#x.cos()))], // sin' = cos
        Prim::Cos => vec![E(quote!(-#x.sin()))], // cos' = -sin
        Prim::Tan => vec![E(quote!(#one + #y * #y))], // tan' = 1 + tan²
        // 1 - a² as (1 - a)(1 + a): no cancellation near |a| = 1
        Prim::Asin => vec![E(quote!(((#one - #x) * (#one + #x)).sqrt().recip()))], // 1/√(1-a²)
        Prim::Acos => vec![E(quote!(-((#one - #x) * (#one + #x)).sqrt().recip()))], // -1/√(1-a²)
        Prim::Atan => vec![E(quote!((#one + #x * #x).recip()))],                   // 1/(1+a²)
        Prim::Atan2 => vec![
            // atan2(a, b), h = hypot(a, b) (a² + b² over- or underflows)
            E(with_local(quote!(#x.hypot(#b)), |h| quote!(#b / #h / #h))), //   ∂a = b/h²
            E(with_local(quote!(#x.hypot(#b)), |h| quote!(-#x / #h / #h))), //   ∂b = -a/h²
        ],
        Prim::Sinh => vec![E(quote!(#x.cosh()))], // sinh' = cosh
        Prim::Cosh => vec![E(quote!(#x.sinh()))], // cosh' = sinh
        Prim::Tanh => vec![E(quote!(#one - #y * #y))], // tanh' = 1 - tanh²
        Prim::Asinh => vec![E(quote!(#x.hypot(#one).recip()))], // 1/√(a²+1), no overflow of a²
        Prim::Acosh => vec![E(quote!(((#x - #one).sqrt() * (#x + #one).sqrt()).recip()))], // 1/√(a²-1)
        Prim::Atanh => vec![E(quote!(((#one - #x) * (#one + #x)).recip()))], // 1/(1-a²)
        Prim::Exp => vec![E(y.clone())],                                     // exp' = exp
        Prim::Exp2 => vec![E(quote!(#y * #ln2))],                            // 2ᵃ·ln 2
        Prim::ExpM1 => vec![E(quote!(#y + #one))],                           // eᵃ = y + 1
        Prim::Ln => vec![E(quote!(#x.recip()))],                             // 1/a
        Prim::Ln1p => vec![E(quote!((#one + #x).recip()))],                  // 1/(1+a)
        Prim::Log => vec![
            // log_b(a) = ln a / ln b
            E(quote!((#x * #b.ln()).recip())), //   ∂a = 1/(a ln b)
            E(quote!(-#x.ln() / (#b * #b.ln() * #b.ln()))), //   ∂b = -ln a/(b ln² b)
        ],
        Prim::Log2 => vec![E(quote!((#x * #ln2).recip()))], // 1/(a ln 2)
        Prim::Log10 => vec![E(quote!((#x * #ln10).recip()))], // 1/(a ln 10)
        Prim::Sqrt => vec![E(quote!((#two * #y.abs()).recip()))], // 1/(2√a); +∞ at ±0
        Prim::Cbrt => vec![E(quote!((#three * #y * #y).recip()))], // 1/(3∛a²); +∞ at 0
        Prim::Powi => vec![E(quote!(#rt::powi_d(#x, #b))), Zero], // n·aⁿ⁻¹ (0 when n = 0)
        Prim::Powf => vec![
            // aᵖ
            E(quote!(#rt::powf_da(#x, #b))), //   ∂a = p·aᵖ⁻¹ (0 when p = 0)
            E(quote!(#rt::powf_dp(#x, #y))), //   ∂p = aᵖ·ln a (0 when aᵖ = 0)
        ],
        Prim::Hypot => vec![E(quote!(#x / #y)), E(quote!(#b / #y))], // (a/h, b/h); NaN at (0, 0)
        Prim::Abs => vec![E(quote!(#rt::abs_d(#x)))],                // sign(a), 0 at a = 0
        Prim::Signum => vec![Zero],                                  // piecewise constant
        Prim::Max => vec![
            // the selected operand gets 1;
            E(quote!(#rt::max_d(#x, #b))), //   ties select the receiver
            E(quote!(#one - #rt::max_d(#x, #b))),
        ],
        Prim::Min => vec![
            E(quote!(#rt::min_d(#x, #b))),
            E(quote!(#one - #rt::min_d(#x, #b))),
        ],
        Prim::Recip => vec![E(quote!(-(#y * #y)))], // (1/a)' = -1/a²
        Prim::MulAdd => vec![E(b), E(x), One],      // d(ab+c) = (b, a, 1)
        Prim::Clamp => {
            // the selected operand gets 1; on a bound, the receiver
            let c = a.get(2).cloned().unwrap_or_default();
            vec![
                E(quote!(#rt::clamp_d(#x, #b, #c))),
                E(quote!(#rt::clamp_lo_d(#x, #b))),
                E(quote!(#rt::clamp_hi_d(#x, #c))),
            ]
        }
        Prim::Floor | Prim::Ceil | Prim::Round | Prim::Trunc => vec![Zero], // piecewise constant
        Prim::Fract => vec![One],                                           // a - trunc(a)
        Prim::ToDegrees => vec![E(s.lit(180.0 / std::f64::consts::PI))],    // 180/π
        Prim::ToRadians => vec![E(s.lit(std::f64::consts::PI / 180.0))],    // π/180
    }
}

/// The nonzero second partials ∂²y/∂aₖ∂aⱼ (k ≤ j, the Hessian being symmetric)
/// of `y = prim(a₀, …)`, in the operands and the result, for the second-order
/// transforms (collapsed Taylor mode, tangent-over-adjoint). Piecewise-linear
/// primitives have none.
#[allow(clippy::too_many_lines)]
pub fn second_partials(
    prim: Prim,
    a: &[TokenStream],
    y: &TokenStream,
    s: &ScalarTy,
) -> Vec<(usize, usize, TokenStream)> {
    let one = s.lit(1.0);
    let two = s.lit(2.0);
    let rt = quote!(::jacobian::__private::rules);
    let (ln2, ln10) = (s.consts("LN_2"), s.consts("LN_10"));
    let x = a.first().cloned().unwrap_or_default();
    let b = a.get(1).cloned().unwrap_or_default();
    let q = quote!(((#one - #x) * (#one + #x))); // 1 - a², without cancellation
    let (four, two_ninths) = (s.lit(4.0), s.lit(2.0 / 9.0));
    match prim {
        Prim::Mul | Prim::MulAdd => vec![(0, 1, one)], // ∂²(ab)/∂a∂b = 1
        Prim::Div => vec![
            // y = a/b
            (0, 1, quote!(-(#b * #b).recip())),    //   ∂ab = -1/b²
            (1, 1, quote!(#two * (#y / #b) / #b)), //   ∂bb = 2a/b³ (b² over- or underflows)
        ],
        Prim::Sin | Prim::Cos | Prim::Sinh | Prim::Cosh => vec![(
            0,
            0,
            match prim {
                Prim::Sin | Prim::Cos => quote!(-#y), // sin'' = -sin, cos'' = -cos
                _ => y.clone(),                       // sinh'' = sinh, cosh'' = cosh
            },
        )],
        Prim::Tan => vec![(0, 0, quote!(#two * #y * (#one + #y * #y)))], // 2 tan (1 + tan²)
        Prim::Asin => vec![(0, 0, quote!(#x * #q.powi(-3).sqrt()))],     // a (1-a²)^-3/2
        Prim::Acos => vec![(0, 0, quote!(-#x * #q.powi(-3).sqrt()))],
        Prim::Atan => vec![(
            0,
            0,
            quote!(-#two * (#x * (#one + #x * #x).recip()) * (#one + #x * #x).recip()),
        )], // -2a/(1+a²)², as -2·(a·q)·q with q = 1/(1+a²): q² underflows
        Prim::Atan2 => {
            // atan2(a, b), r² = a²+b² = h², in u = a/h, v = b/h (r⁴ overflows)
            let at = |f: &dyn Fn(&proc_macro2::Ident) -> TokenStream| {
                with_local(quote!(#x.hypot(#b)), f)
            };
            vec![
                (
                    0,
                    0,
                    at(&|h| quote!(-#two * (#x / #h) * (#b / #h) / #h / #h)),
                ), // -2ab/r⁴
                (
                    0,
                    1,
                    at(&|h| quote!(((#x / #h) * (#x / #h) - (#b / #h) * (#b / #h)) / #h / #h)),
                ), // (a²-b²)/r⁴
                (
                    1,
                    1,
                    at(&|h| quote!(#two * (#x / #h) * (#b / #h) / #h / #h)),
                ), // 2ab/r⁴
            ]
        }
        Prim::Tanh => vec![(0, 0, quote!(-#two * #y * (#one - #y * #y)))], // -2 tanh (1 - tanh²)
        Prim::Asinh => {
            // -a (a²+1)^-3/2 = -(a/s)/s², s = √(a²+1) (s³ overflows)
            let s = quote!(#x.hypot(#one));
            vec![(0, 0, with_local(s, |s| quote!(-(#x / #s) / #s / #s)))]
        }
        Prim::Acosh => {
            // -a (a²-1)^-3/2 = -(a/s)/s², s = √(a-1)·√(a+1)
            let s = quote!(((#x - #one).sqrt() * (#x + #one).sqrt()));
            vec![(0, 0, quote!(-(#x / #s) / #s / #s))]
        }
        Prim::Atanh => vec![(0, 0, quote!(#two * #x * #q.powi(-2)))], // 2a/(1-a²)²
        Prim::Exp => vec![(0, 0, y.clone())],                         // exp'' = exp
        Prim::Exp2 => vec![(0, 0, quote!(#y * #ln2 * #ln2))],         // 2ᵃ ln² 2
        Prim::ExpM1 => vec![(0, 0, quote!(#y + #one))],               // eᵃ
        Prim::Ln => vec![(0, 0, quote!(-(#x * #x).recip()))],         // -1/a²
        Prim::Ln1p => vec![(0, 0, quote!(-((#one + #x) * (#one + #x)).recip()))], // -1/(1+a)²
        Prim::Log => vec![
            // log_b a = ln a / L, L = ln b
            (0, 0, quote!(-(#x * #x * #b.ln()).recip())), //   -1/(a² L)
            (0, 1, quote!(-(#x * #b * #b.ln() * #b.ln()).recip())), //   -1/(a b L²)
            (
                1,
                1,
                quote!(#x.ln() * (#b.ln() + #two) / (#b * #b * #b.ln().powi(3))),
            ), // ln a (L+2)/(b² L³)
        ],
        Prim::Log2 => vec![(0, 0, quote!(-(#x * #x * #ln2).recip()))], // -1/(a² ln 2)
        Prim::Log10 => vec![(0, 0, quote!(-(#x * #x * #ln10).recip()))], // -1/(a² ln 10)
        Prim::Sqrt => vec![(0, 0, quote!(-(#four * #y * #y * #y).recip()))], // -1/(4 y³)
        Prim::Cbrt => vec![(0, 0, quote!(-#two_ninths * #y.powi(-5)))], // -2/(9 y⁵)
        Prim::Powi => vec![(0, 0, quote!(#rt::powi_dd(#x, #b)))],      // n(n-1) aⁿ⁻²
        Prim::Powf => vec![
            // y = aᵖ; at a = 0 the limits where the function is smooth
            (0, 0, quote!(#rt::powf_daa(#x, #b))), //   p(p-1) aᵖ⁻² (0 for p = 0, 1)
            (0, 1, quote!(#rt::powf_dap(#x, #b))), //   aᵖ⁻¹ (1 + p ln a) (0 where aᵖ⁻¹ = 0)
            (1, 1, quote!(#rt::powf_dpp(#x, #y))), //   aᵖ ln² a (0 where aᵖ = 0)
        ],
        Prim::Hypot => vec![
            // h = √(a²+b²), in a/h and b/h (h³ overflows)
            (0, 0, quote!((#b / #y) * (#b / #y) / #y)), //   b²/h³
            (0, 1, quote!(-(#x / #y) * (#b / #y) / #y)), //   -ab/h³
            (1, 1, quote!((#x / #y) * (#x / #y) / #y)), //   a²/h³
        ],
        Prim::Recip => vec![(0, 0, quote!(#two * #y * #y * #y))], // 2/a³
        Prim::Neg
        | Prim::Add
        | Prim::Sub
        | Prim::Rem
        | Prim::RemEuclid
        | Prim::DivEuclid
        | Prim::Clamp
        | Prim::Abs
        | Prim::Signum
        | Prim::Max
        | Prim::Min
        | Prim::Floor
        | Prim::Ceil
        | Prim::Round
        | Prim::Trunc
        | Prim::Fract
        | Prim::ToDegrees
        | Prim::ToRadians => Vec::new(), // piecewise linear
    }
}

/// `({ let h = value; body(h) })`: `value` (a library call the compiler does
/// not merge) computed once for the uses in `body`.
fn with_local(
    value: TokenStream,
    body: impl FnOnce(&proc_macro2::Ident) -> TokenStream,
) -> TokenStream {
    let h = proc_macro2::Ident::new("__h", proc_macro2::Span::mixed_site());
    let b = body(&h);
    quote!(({ let #h = #value; #b }))
}

/// The primal expression `y = prim(a₀, …)`.
pub fn primal(prim: Prim, a: &[TokenStream]) -> TokenStream {
    let r = rule(prim);
    let x = &a[0];
    match prim {
        Prim::Neg => quote!(-#x),
        Prim::Add | Prim::Sub | Prim::Mul | Prim::Div | Prim::Rem => {
            let op: TokenStream = r.name.parse().expect("operator");
            let b = &a[1];
            quote!(#x #op #b)
        }
        _ => {
            let name = proc_macro2::Ident::new(r.name, proc_macro2::Span::call_site());
            let rest = &a[1..];
            quote!(#x.#name(#(#rest),*))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_partials_of_its_arity() {
        let s = ScalarTy::F64;
        for r in RULES {
            let a: Vec<TokenStream> = (0..r.arity)
                .map(|k| format!("a{k}").parse().unwrap())
                .collect();
            let p = partials(r.prim, &a, &quote!(y), &s);
            assert_eq!(p.len(), r.arity, "{}", r.name);
        }
    }

    #[test]
    fn second_partials_are_upper_triangular_and_in_range() {
        let s = ScalarTy::F64;
        for r in RULES {
            let a: Vec<TokenStream> = (0..r.arity)
                .map(|k| format!("a{k}").parse().unwrap())
                .collect();
            for (k, j, _) in second_partials(r.prim, &a, &quote!(y), &s) {
                assert!(k <= j && j < r.arity, "{}: ({k}, {j})", r.name);
                assert!(
                    !r.discrete.contains(&k) && !r.discrete.contains(&j),
                    "{}",
                    r.name
                );
            }
        }
    }

    #[test]
    fn every_nonlinear_rule_has_second_partials() {
        let piecewise_linear = [
            Prim::Neg,
            Prim::Add,
            Prim::Sub,
            Prim::Rem,
            Prim::RemEuclid,
            Prim::DivEuclid,
            Prim::Clamp,
            Prim::Abs,
            Prim::Signum,
            Prim::Max,
            Prim::Min,
            Prim::Floor,
            Prim::Ceil,
            Prim::Round,
            Prim::Trunc,
            Prim::Fract,
            Prim::ToDegrees,
            Prim::ToRadians,
        ];
        let s = ScalarTy::F64;
        for r in RULES {
            let a: Vec<TokenStream> = (0..r.arity)
                .map(|k| format!("a{k}").parse().unwrap())
                .collect();
            let second = second_partials(r.prim, &a, &quote!(y), &s);
            if piecewise_linear.contains(&r.prim) {
                assert!(second.is_empty(), "{} is piecewise linear", r.name);
            } else {
                assert!(!second.is_empty(), "{} has no second-order rule", r.name);
            }
        }
    }

    #[test]
    fn methods_resolve_and_operators_do_not() {
        assert_eq!(method("sin"), Some(Prim::Sin));
        assert_eq!(method("mul_add"), Some(Prim::MulAdd));
        assert_eq!(method("+"), None);
        assert_eq!(method("-"), None);
        assert_eq!(method("len"), None);
    }
}
