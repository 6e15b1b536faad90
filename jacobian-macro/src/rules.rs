//! The rule table: one entry per differentiable primitive.
//!
//! Every transform asks this file, and only this file, how a primitive is
//! differentiated. [`partials`] gives ∂y/∂aₖ for `y = p(a₀, a₁, …)` as Rust
//! expressions over the operands and the result; the tangent sweep forms
//! `ẏ = Σ ∂y/∂aₖ · ȧₖ` and the adjoint sweep `āₖ += ȳ · ∂y/∂aₖ` from them.

use crate::emit::paths::JR;
use proc_macro2::TokenStream;
use quote::quote;

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
    /// The rule's function in the runtime's `prims` (the method name, or a word for an operator).
    pub runtime: &'static str,
    /// Number of operands, the receiver included.
    pub arity: usize,
    /// Operands that are integers and carry no derivative (`powi`'s exponent).
    pub discrete: &'static [usize],
    /// What the partials read: nothing (`N`), the result (`Y`), the operands
    /// (`A`) or both (`AY`). The adjoint keeps exactly these values.
    pub reads: Reads,
    /// How the derivative is formed.
    pub kind: Kind,
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

/// How a primitive's derivative is formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// ±1 partials (`-a`, `a + b`, `a - b`): the sweeps add and subtract derivatives.
    Signs,
    /// Piecewise constant: the derivative is zero (`floor`, `signum`, `div_euclid`).
    Flat,
    /// Piecewise linear: the runtime rule's first partials, second partials zero (`abs`, `max`).
    Kinked,
    /// Smooth with nonzero second partials: the runtime rule (`sin`, `*`).
    Curved,
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

    /// Second-order sweeps read the operands' tangents (the second partials are not all zero).
    pub fn curved(&self) -> bool {
        self.kind == Kind::Curved
    }
}

macro_rules! table {
    ($($prim:ident $name:literal $runtime:ident $arity:literal [$($d:literal),*] $reads:ident $kind:ident;)*) => {
        /// Every primitive the macro differentiates.
        pub const RULES: &[Rule] = &[$(Rule {
            prim: Prim::$prim, name: $name, runtime: stringify!($runtime), arity: $arity,
            discrete: &[$($d),*], reads: Reads::$reads, kind: Kind::$kind,
        }),*];
    };
}

// The formulas are in the runtime's `prims`, one function per primitive.
table! {
    Neg "-" neg 1 [] N Signs;
    Add "+" add 2 [] N Signs;
    Sub "-" sub 2 [] N Signs;
    Mul "*" mul 2 [] A Curved;
    Div "/" div 2 [] AY Curved;
    Rem "%" rem 2 [] AY Kinked;
    RemEuclid "rem_euclid" rem_euclid 2 [] AY Kinked;
    DivEuclid "div_euclid" div_euclid 2 [] N Flat;
    Sin "sin" sin 1 [] A Curved;
    Cos "cos" cos 1 [] A Curved;
    Tan "tan" tan 1 [] Y Curved;
    Asin "asin" asin 1 [] A Curved;
    Acos "acos" acos 1 [] A Curved;
    Atan "atan" atan 1 [] A Curved;
    Atan2 "atan2" atan2 2 [] A Curved;
    Sinh "sinh" sinh 1 [] A Curved;
    Cosh "cosh" cosh 1 [] A Curved;
    Tanh "tanh" tanh 1 [] Y Curved;
    Asinh "asinh" asinh 1 [] A Curved;
    Acosh "acosh" acosh 1 [] A Curved;
    Atanh "atanh" atanh 1 [] A Curved;
    Exp "exp" exp 1 [] Y Curved;
    Exp2 "exp2" exp2 1 [] Y Curved;
    ExpM1 "exp_m1" exp_m1 1 [] Y Curved;
    Ln "ln" ln 1 [] A Curved;
    Ln1p "ln_1p" ln_1p 1 [] A Curved;
    Log "log" log 2 [] A Curved;
    Log2 "log2" log2 1 [] A Curved;
    Log10 "log10" log10 1 [] A Curved;
    Sqrt "sqrt" sqrt 1 [] Y Curved;
    Cbrt "cbrt" cbrt 1 [] Y Curved;
    Powi "powi" powi 2 [1] A Curved;
    Powf "powf" powf 2 [] AY Curved;
    Hypot "hypot" hypot 2 [] AY Curved;
    Abs "abs" abs 1 [] A Kinked;
    Signum "signum" signum 1 [] N Flat;
    Max "max" max 2 [] A Kinked;
    Min "min" min 2 [] A Kinked;
    Recip "recip" recip 1 [] Y Curved;
    MulAdd "mul_add" mul_add 3 [] A Curved;
    Clamp "clamp" clamp 3 [] A Kinked;
    Floor "floor" floor 1 [] N Flat;
    Ceil "ceil" ceil 1 [] N Flat;
    Round "round" round 1 [] N Flat;
    Trunc "trunc" trunc 1 [] N Flat;
    Fract "fract" fract 1 [] N Kinked;
    ToDegrees "to_degrees" to_degrees 1 [] N Kinked;
    ToRadians "to_radians" to_radians 1 [] N Kinked;
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
        Prim::Mul => other(1 - k),                // ∂a = b, ∂b = a
        Prim::MulAdd => k < 2 && other(1 - k),    // ∂a = b, ∂b = a, ∂c = 1
        Prim::Div => k == 1,                      // ∂a = 1/b, ∂b = -y/b
        Prim::Rem | Prim::RemEuclid => other(1),  // ∂b = -(a - y)/b
        Prim::Powf => k == 0 || other(0),         // ∂a = p·aᵖ⁻¹, ∂p = y·ln a
        Prim::Hypot => active.iter().any(|&x| x), // a/y, b/y; ∂aa = (b/y)²/y
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

/// The runtime rule of `y = prim(a₀, …)` at the operands' values `a` and the result `y`:
/// an expression of type `D1`, `D2` or `D3` (first and second partials together).
pub fn call(prim: Prim, a: &[TokenStream], y: &TokenStream) -> TokenStream {
    let f = proc_macro2::Ident::new(rule(prim).runtime, proc_macro2::Span::call_site());
    quote!(#JR::#f(#(#a,)* #y))
}

/// True when a binary primitive's two operands are one active value (`x * x`), given
/// their derivatives' places `d`.
pub fn same_operand(r: &Rule, d: &[TokenStream]) -> bool {
    r.arity - r.discrete.len() == 2 && d.len() == 2 && d[0].to_string() == d[1].to_string()
}

/// The partials of the operands `act` (positions, increasing; 1 to 3 of them) from the
/// rule `call` of a primitive: the whole rule, or its restriction (the other operands
/// held constant). Integer operands (`powi`'s exponent) have no partials.
///
/// With `same` (both operands of a binary primitive are one value, `x * x`), the
/// partials of the single operand: one product per sweep instead of two.
pub fn restrict(call: TokenStream, r: &Rule, act: &[usize], same: bool) -> TokenStream {
    if same {
        return quote!(#call.diag());
    }
    match (r.arity - r.discrete.len(), act) {
        (1, _) | (2, [_, _]) | (3, [_, _, _]) => call,
        (_, [k]) => quote!(#call.at(#k)),
        (_, [i, j]) => quote!(#call.pair(#i, #j)),
        _ => call,
    }
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
    fn every_rule_names_a_runtime_function_once() {
        for r in RULES {
            let same = RULES.iter().filter(|q| q.runtime == r.runtime).count();
            assert_eq!(same, 1, "{}", r.runtime);
            assert!(r.arity >= 1 && r.arity <= 3, "{}", r.name);
        }
    }

    #[test]
    fn kinds_agree_with_what_the_partials_read() {
        for r in RULES {
            match r.kind {
                Kind::Signs | Kind::Flat => assert!(r.linear(), "{}", r.name),
                Kind::Curved => assert!(!r.linear(), "{}", r.name),
                Kind::Kinked => {}
            }
        }
    }

    #[test]
    fn restrictions_select_the_active_operands() {
        let c = quote!(r);
        let r = |p| rule(p);
        assert_eq!(
            restrict(c.clone(), r(Prim::Mul), &[1], false).to_string(),
            "r . at (1usize)"
        );
        assert_eq!(
            restrict(c.clone(), r(Prim::Clamp), &[0, 2], false).to_string(),
            "r . pair (0usize , 2usize)"
        );
        assert_eq!(
            restrict(c.clone(), r(Prim::Mul), &[0, 1], false).to_string(),
            "r"
        );
        assert_eq!(
            restrict(c.clone(), r(Prim::Mul), &[0, 1], true).to_string(),
            "r . diag ()"
        );
        assert_eq!(
            restrict(c.clone(), r(Prim::Sin), &[0], false).to_string(),
            "r"
        );
        assert_eq!(restrict(c, r(Prim::Powi), &[0], false).to_string(), "r");
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
