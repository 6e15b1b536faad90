//! The typed intermediate form every transform works on.
//!
//! A differentiated function is lowered to structured, three-address code: every
//! real-valued operation has atomic operands (a place or a constant), control flow
//! keeps its structure, and everything that carries no derivative (integers, bools,
//! conditions, indices) stays an [`Opaque`] Rust expression. Every local is a
//! distinct [`VarId`]: shadowing and scoping are resolved during lowering.

use proc_macro2::{Ident, Span};
use syn::{Expr, Type};

use crate::rules::Prim;

/// Index of a variable in [`Function::vars`].
pub type VarId = usize;

/// One local variable or parameter.
#[derive(Clone, Debug)]
pub struct Var {
    /// The identifier emitted for it (unique within the function).
    pub ident: Ident,
    /// The type the user wrote, when they wrote one.
    pub ty: Option<Type>,
    /// Where the user declared it, for diagnostics.
    pub span: Span,
    /// Known to hold a single scalar (used only to emit simpler code).
    pub scalar: bool,
    /// Introduced by the lowering (a temporary, an iteration's position): user code
    /// never writes it, so a name may stand for it without a copy.
    pub lowered: bool,
}

/// A Rust expression that carries no derivative: integer and boolean
/// computations, conditions, indices, constants. Locals in it are renamed.
#[derive(Clone, Debug)]
pub struct Opaque {
    /// The expression, with locals renamed to their [`Var::ident`].
    pub expr: Expr,
    /// The variables it reads.
    pub reads: Vec<VarId>,
}

/// A step from a value to a part of it.
#[derive(Clone, Debug)]
pub enum Proj {
    /// `[i]`
    Index(Opaque),
    /// `.0`, or `.w` of a struct deriving `Differentiable`
    Field(syn::Member),
    /// `*` (only on reference parameters)
    Deref,
}

/// A variable or a part of it.
#[derive(Clone, Debug)]
pub struct Place {
    /// The root variable.
    pub var: VarId,
    /// Projections, outermost last.
    pub proj: Vec<Proj>,
}

impl Place {
    /// The whole variable.
    pub fn var(var: VarId) -> Self {
        Place {
            var,
            proj: Vec::new(),
        }
    }

    /// Variables read by the projections (indices), not the root.
    pub fn index_reads(&self) -> impl Iterator<Item = VarId> + '_ {
        self.proj
            .iter()
            .flat_map(|p| match p {
                Proj::Index(o) => o.reads.as_slice(),
                _ => &[],
            })
            .copied()
    }
}

/// An atomic operand.
#[derive(Clone, Debug)]
pub enum Operand {
    /// A place: may carry a derivative.
    Place(Place),
    /// A constant or inactive expression: carries none.
    Const(Opaque),
}

impl Operand {
    /// The place, if the operand is one.
    pub fn place(&self) -> Option<&Place> {
        match self {
            Operand::Place(p) => Some(p),
            Operand::Const(_) => None,
        }
    }
}

/// What a call argument looks like at the call site.
#[derive(Clone, Debug)]
pub struct CallArg {
    /// Written as `&operand`.
    pub by_ref: bool,
    /// The argument.
    pub operand: Operand,
}

/// A call to another `#[differentiate]` function.
#[derive(Clone, Debug)]
pub struct Call {
    /// Path to the function; its generated module has the same path.
    pub path: syn::Path,
    /// Arguments in order.
    pub args: Vec<CallArg>,
}

/// The right-hand side of an assignment.
#[derive(Clone, Debug)]
pub enum Rhs {
    /// `a` (whole values of any shape).
    Copy(Operand),
    /// `a.to_vec()` or `a.to_owned()`: an owned copy (of a slice: a `Vec`), with
    /// the method's name.
    Owned(Operand, syn::Ident),
    /// `a as T` for the function's scalar type `T` (derivative: identity).
    Cast(Operand, Type),
    /// A primitive with a rule in the rule table: `-a`, `a + b`, `a.sin()`, …
    /// Operand 0 is the receiver for methods.
    Prim(Prim, Vec<Operand>),
    /// `[a, b, …]`
    Array(Vec<Operand>),
    /// `[a; n]`
    Repeat(Operand, Opaque),
    /// `vec![a, b, …]`
    VecLit(Vec<Operand>),
    /// `vec![a; n]`
    VecRepeat(Operand, Opaque),
    /// `(a, b, …)`
    Tuple(Vec<Operand>),
    /// `g(a, b, …)`
    Call(Call),
    /// `Layer { w: a, b: c, … }`: a struct deriving `Differentiable`, every field given.
    Struct(syn::Path, Vec<(syn::Member, Operand)>),
    /// An expression that carries no derivative.
    Opaque(Opaque, OpaqueKind),
}

/// What an opaque right-hand side produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpaqueKind {
    /// Integers, bools: never carry a derivative.
    Discrete,
    /// A real constant such as `T::from(2.0).unwrap()`: must not read active values.
    RealConst,
}

/// Which range a `for` loop walks.
#[derive(Clone, Debug)]
pub struct RangeSpec {
    /// Start bound.
    pub start: Opaque,
    /// End bound.
    pub end: Opaque,
    /// `..=`
    pub inclusive: bool,
    /// `.rev()` / `.step_by(k)` in the order written.
    pub ops: Vec<RangeOp>,
}

/// An adapter applied to a range.
#[derive(Clone, Debug)]
pub enum RangeOp {
    /// `.rev()`
    Rev,
    /// `.step_by(k)`
    StepBy(Opaque),
}

/// A statement.
#[derive(Clone, Debug)]
pub enum Stmt {
    /// First definition of a variable (`let`).
    Let(VarId, Option<Rhs>),
    /// Assignment to an existing place.
    Assign(Place, Rhs),
    /// `if cond { … } else { … }`
    If(Opaque, Block, Block),
    /// `for var in range { … }`
    For(VarId, RangeSpec, Block),
    /// `while cond { … }`
    While(Opaque, Block),
    /// `loop { … }`
    Loop(Block),
    /// `break`
    Break,
    /// `continue`
    Continue,
    /// `return value` (the function's tail is one too).
    Return(Operand),
    /// A statement run for its effect on the primal only: `assert!(..)`,
    /// `panic!(..)`, `unreachable!()`. Carries no derivative; every sweep runs
    /// it where the function does.
    Effect(Opaque),
    // ----- forms introduced by the adjoint's own lowering (see `exits.rs`) -----
    /// A `for` loop over a stored [`Progression`](../../jacobian_runtime) in `prog`,
    /// counting iterations in `count` when the body can leave early.
    ForProg {
        /// Loop variable.
        var: VarId,
        /// Variable holding the progression.
        prog: VarId,
        /// Iteration counter, when the body may exit early.
        count: Option<VarId>,
        /// The range as written: plain ranges run forward as written.
        range: RangeSpec,
        /// Body.
        body: Block,
    },
    /// `loop`, counting iterations in `count`; it ends through [`Stmt::ExitIf`].
    LoopCounted {
        /// Iteration counter.
        count: VarId,
        /// Body.
        body: Block,
    },
    /// Leave the innermost loop at the end of an iteration when `cond` holds.
    ExitIf(Opaque),
}

/// A sequence of statements.
#[derive(Clone, Debug, Default)]
pub struct Block(pub Vec<Stmt>);

/// How a parameter is passed and whether it can carry a derivative.
#[derive(Clone, Debug)]
pub struct Param {
    /// Its variable.
    pub var: VarId,
    /// Its declared type.
    pub ty: Type,
    /// Contains floating-point scalars (can be active).
    pub real: bool,
    /// Declared as a reference `&T`.
    pub by_ref: bool,
    /// A plain scalar (`f64`, `T`).
    pub scalar: bool,
    /// Active in the public interface (`wrt`).
    pub active: bool,
    /// Declared `mut`.
    pub mutable: bool,
    /// A struct deriving `Differentiable` differentiated with respect to: its public
    /// tangents and cotangents are of its own type, its sweeps' of its mirror's.
    pub record: bool,
}

/// A lowered function.
#[derive(Clone, Debug)]
pub struct Function {
    /// All variables, parameters first.
    pub vars: Vec<Var>,
    /// Parameters in declaration order.
    pub params: Vec<Param>,
    /// The body; it ends with a [`Stmt::Return`].
    pub body: Block,
    /// Items declared in the body (`const`, `use`): every sweep declares them too.
    pub items: Vec<syn::Item>,
}

impl Function {
    /// The identifier of a variable.
    pub fn ident(&self, v: VarId) -> &Ident {
        &self.vars[v].ident
    }

    /// Adds a variable generated by a transform.
    pub fn fresh(&mut self, base: &str, scalar: bool) -> VarId {
        let ident = Ident::new(&format!("__{base}{}", self.vars.len()), Span::mixed_site());
        self.vars.push(Var {
            ident,
            ty: None,
            span: Span::mixed_site(),
            scalar,
            lowered: true,
        });
        self.vars.len() - 1
    }
}
