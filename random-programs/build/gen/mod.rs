//! The generator: random well-typed functions in the language `#[differentiate]`
//! supports. Values are kept bounded by construction (state updates go through
//! `tanh`/`sin`-like squashing, contracting factors and short loops; math methods
//! get arguments wrapped into their smooth domain), so finite differences are
//! meaningful; non-smooth constructs (branches, casts, `abs`, `max`, `floor`, …)
//! are recording points of the twin (see `code.rs`).

mod calls;
mod chains;
mod edges;
mod expr;
mod loops;
mod math;
mod stmt;
mod tables;

use std::collections::BTreeMap;

use crate::code::{cat, Code};
use crate::rng::Rng;
pub use tables::{Elem, Form, Table};

/// A parameter's type.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PKind {
    F,
    /// `&[f64; N]`
    Arr(usize),
    /// `[f64; N]`, by value
    ArrV(usize),
    /// `&[[f64; M]; N]` as `Arr2(N, M)`
    Arr2(usize, usize),
    /// `&[f64]`, given this length by the harness.
    Slice(usize),
    /// `Vec<f64>`, given this length by the harness.
    Vec(usize),
    /// `usize`, always given this value (callers pass the same literal).
    Usize(usize),
    /// An integer or `bool` array, slice or `Vec`, never active, always given the
    /// same contents (callers pass the same literal, or a table they were given).
    Tab(Table),
    /// `&Rec<f64>`, the struct of the runner's support module deriving
    /// `Differentiable` (`a: f64, v: [f64; 3], s: Vec<f64>` of this length,
    /// `n: usize` = 2), read through its fields.
    Rec(usize),
}

impl PKind {
    /// A float parameter (one that may be active).
    pub fn is_float(self) -> bool {
        !matches!(self, PKind::Usize(_) | PKind::Tab(_))
    }
}

/// A result type.
#[derive(Clone, PartialEq, Eq)]
pub enum Out {
    F,
    Arr(usize),
    Vec(usize),
    Tuple(Vec<Out>),
}

pub struct Param {
    pub name: String,
    pub kind: PKind,
    pub active: bool,
    /// Declared `mut` (scalars and `Vec`s taken by value), so the body may overwrite it.
    pub mutable: bool,
}

pub struct Program {
    pub index: usize,
    pub params: Vec<Param>,
    pub out: Out,
    /// The body, braces included.
    pub body: Code,
    /// A bound on the statements one call executes (callees included).
    pub cost: u64,
    /// Every generated function this one calls, directly or not.
    pub callees: Vec<usize>,
    /// It (or a callee) has edge-of-domain scales out of `f32`'s range (`1e150`), so
    /// it has no `f32` copy and programs that have one do not call it.
    pub wide: bool,
    /// It (or a callee) records a branch or non-smooth case in its twin: a nested
    /// derivative of it could change path unseen by the caller's twin, so none is taken.
    pub traced: bool,
    /// It (or a callee) calls another program's `gradient` or `laplacian`: its own
    /// second-order modes are refused, and only its first-order ones are checked.
    pub first_order: bool,
    /// It (or a callee) calls a function with a declared derivative, which has no third
    /// derivatives: no nested `laplacian` of it is taken.
    pub declared: bool,
}

/// How often each construct was generated.
#[derive(Default)]
pub struct Stats(pub BTreeMap<String, usize>);

impl Stats {
    pub fn bump(&mut self, what: &str) {
        *self.0.entry(what.to_string()).or_default() += 1;
    }
}

/// The kind of a variable in scope.
#[derive(Clone, Copy, PartialEq, Eq)]
enum VK {
    F,
    Arr(usize),
    Arr2(usize, usize),
    /// A slice or `Vec`; `len` when known to the generator, `vec` for an owned `Vec`.
    Seq {
        len: Option<usize>,
        vec: bool,
    },
    /// An integer at most `max`; `safe` when that bound holds for every caller.
    Int {
        max: usize,
        safe: bool,
    },
    /// An integer or `bool` table parameter.
    Tab(Table),
    /// A `&Rec<f64>` parameter with a `Vec` field of this length (used through
    /// its fields, which are variables of their own, and passed on whole).
    Rec(usize),
}

impl VK {
    /// A float or an aggregate of floats (read as such).
    fn is_float(self) -> bool {
        !matches!(self, VK::Int { .. } | VK::Tab(_) | VK::Rec(_))
    }
}

#[derive(Clone)]
struct Var {
    name: String,
    kind: VK,
    mutable: bool,
    /// A parameter held by reference (`&[f64; N]`, `&[f64]`): passed on as is.
    by_ref: bool,
}

/// The most loop iterations, nested, any statement may execute.
const MAX_MULT: u64 = 48;
/// The most statement executions of one program, callees included.
const MAX_COST: u64 = 900;
/// An upper bound on lengths the generator does not know (slice and `Vec` parameters).
const DYN_MAX: usize = 5;

struct Gen<'a> {
    rng: &'a mut Rng,
    stats: &'a mut Stats,
    callees: &'a [Program],
    scopes: Vec<Vec<Var>>,
    loops: usize,
    mult: u64,
    cost: u64,
    stmts_left: usize,
    out: Out,
    next: usize,
    calls: Vec<usize>,
    /// Inside a condition or cast (opaque to the macro): no blocks or `if`s.
    opaque: usize,
    /// Inside the index of a table read: no further table reads.
    tab_depth: usize,
    /// This program may use edge scales out of `f32`'s range (it has no `f32` copy).
    wide: bool,
    /// It did.
    used_wide: bool,
    /// It is compiled in `f32` too: it calls no `wide` program.
    f32_copy: bool,
    /// It calls another program's `gradient` or `laplacian`.
    nested: bool,
    /// It calls a function with a declared derivative.
    declared: bool,
}

/// Generates program `index`; it may call any of `callees` (earlier programs).
pub fn program(rng: &mut Rng, stats: &mut Stats, index: usize, callees: &[Program]) -> Program {
    let params = params(rng, stats, callees);
    let out = output_type(rng);
    let f32_copy = crate::emit::has_f32_copy(index);
    let wide = !f32_copy && rng.chance(0.7);
    let mut g = Gen {
        rng,
        stats,
        callees,
        scopes: vec![Vec::new()],
        loops: 0,
        mult: 1,
        cost: 0,
        stmts_left: 0,
        out: out.clone(),
        next: 0,
        calls: Vec::new(),
        opaque: 0,
        tab_depth: 0,
        wide,
        used_wide: false,
        f32_copy,
        nested: false,
        declared: false,
    };
    g.stmts_left = g.rng.range(8, 20);
    for p in &params {
        g.declare_param(p);
    }
    let mut body = Code::new("{\n");
    body.add(g.prelude());
    let top = g.rng.range(2, 5);
    body.add(g.stmts(1, top));
    let tail = g.output();
    body.add(cat!["    ", tail, "\n}"]);
    let mut all = g.calls.clone();
    let mut wide = g.used_wide;
    let mut traced = body.records();
    let mut first_order = g.nested;
    let mut declared = g.declared;
    for &c in &g.calls {
        let callee = callees.iter().find(|p| p.index == c).expect("callee");
        all.extend(callee.callees.iter().copied());
        wide |= callee.wide;
        traced |= callee.traced;
        first_order |= callee.first_order;
        declared |= callee.declared;
    }
    assert!(!(wide && f32_copy), "program {index} has an f32 copy");
    all.sort_unstable();
    all.dedup();
    Program {
        index,
        params,
        out,
        body,
        cost: g.cost.max(1),
        callees: all,
        wide,
        traced,
        first_order,
        declared,
    }
}

fn params(rng: &mut Rng, stats: &mut Stats, earlier: &[Program]) -> Vec<Param> {
    let count = rng.range(1, 4);
    let mut ps: Vec<Param> = (0..count)
        .map(|k| {
            let kind = match rng.weighted(&[10, 5, 3, 2, 2, 3, 2, 3, 2]) {
                8 => {
                    stats.bump("struct parameter");
                    PKind::Rec(rng.range(1, 3))
                }
                0 => PKind::F,
                1 => PKind::Arr(rng.range(2, 5)),
                6 => PKind::ArrV(rng.range(2, 4)),
                2 => PKind::Slice(rng.range(2, 5)),
                3 => PKind::Vec(rng.range(2, 4)),
                4 => PKind::Arr2(rng.range(2, 3), rng.range(2, 3)),
                7 => {
                    let t = Table::random(rng, earlier);
                    stats.bump(&t.stat());
                    PKind::Tab(t)
                }
                _ => PKind::Usize(rng.range(1, 4)),
            };
            let active = kind.is_float();
            Param {
                name: format!("x{k}"),
                kind,
                active: active && rng.chance(0.75),
                mutable: matches!(kind, PKind::F | PKind::Vec(_) | PKind::ArrV(_))
                    && rng.chance(0.3),
            }
        })
        .collect();
    if !ps.iter().any(|p| p.active) {
        match ps.iter_mut().find(|p| p.kind.is_float()) {
            Some(p) => p.active = true,
            None => ps.push(Param {
                name: format!("x{count}"),
                kind: PKind::F,
                active: true,
                mutable: false,
            }),
        }
    }
    // Keep Jacobians (and Hessians) small.
    let mut n = 0;
    for p in &mut ps {
        if p.active {
            let len = scalars(p.kind);
            if n > 0 && n + len > 14 {
                p.active = false;
            } else {
                n += len;
            }
        }
    }
    ps
}

/// Number of scalars of a float parameter.
pub fn scalars(k: PKind) -> usize {
    match k {
        PKind::F => 1,
        PKind::Arr(n) | PKind::ArrV(n) | PKind::Slice(n) | PKind::Vec(n) => n,
        PKind::Arr2(n, m) => n * m,
        PKind::Rec(m) => 1 + 3 + m,
        PKind::Usize(_) | PKind::Tab(_) => 0,
    }
}

fn output_type(rng: &mut Rng) -> Out {
    let part = |rng: &mut Rng| match rng.weighted(&[4, 3, 1]) {
        0 => Out::F,
        1 => Out::Arr(rng.range(2, 3)),
        _ => Out::Vec(rng.range(1, 3)),
    };
    match rng.weighted(&[8, 4, 2, 4]) {
        0 => Out::F,
        1 => Out::Arr(rng.range(1, 4)),
        2 => Out::Vec(rng.range(1, 4)),
        _ => Out::Tuple(vec![part(rng), part(rng)]),
    }
}

impl Gen<'_> {
    fn fresh(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{}", self.next)
    }

    fn declare(&mut self, name: &str, kind: VK, mutable: bool) {
        self.scopes.last_mut().expect("scope").push(Var {
            name: name.to_string(),
            kind,
            mutable,
            by_ref: false,
        });
    }

    fn declare_param(&mut self, p: &Param) {
        let (kind, by_ref) = match p.kind {
            PKind::F => (VK::F, false),
            PKind::Arr(n) => (VK::Arr(n), true),
            PKind::ArrV(n) => (VK::Arr(n), false),
            PKind::Arr2(n, m) => (VK::Arr2(n, m), true),
            PKind::Slice(_) => (
                VK::Seq {
                    len: None,
                    vec: false,
                },
                true,
            ),
            PKind::Vec(_) => (
                VK::Seq {
                    len: None,
                    vec: true,
                },
                false,
            ),
            PKind::Usize(v) => (VK::Int { max: v, safe: true }, false),
            PKind::Tab(t) => (VK::Tab(t), matches!(t.form, Form::ArrRef | Form::Slice)),
            PKind::Rec(m) => {
                // Its fields, read (never written) as variables of their own.
                let fields = [
                    ("a", VK::F),
                    ("v", VK::Arr(3)),
                    (
                        "s",
                        VK::Seq {
                            len: None,
                            vec: true,
                        },
                    ),
                    ("n", VK::Int { max: 2, safe: true }),
                ];
                for (f, kind) in fields {
                    self.scopes[0].push(Var {
                        name: format!("{}.{f}", p.name),
                        kind,
                        mutable: false,
                        by_ref: false,
                    });
                }
                (VK::Rec(m), true)
            }
        };
        self.scopes[0].push(Var {
            name: p.name.clone(),
            kind,
            mutable: p.mutable,
            by_ref,
        });
    }

    /// The variables in scope, the innermost binding of each name only.
    fn visible(&self) -> Vec<Var> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for scope in self.scopes.iter().rev() {
            for v in scope.iter().rev() {
                if seen.insert(v.name.clone()) {
                    out.push(v.clone());
                }
            }
        }
        out
    }

    fn vars(&self, pred: impl Fn(&Var) -> bool) -> Vec<Var> {
        self.visible().into_iter().filter(|v| pred(v)).collect()
    }

    fn pick(&mut self, vars: &[Var]) -> Option<Var> {
        if vars.is_empty() {
            None
        } else {
            Some(vars[self.rng.below(vars.len())].clone())
        }
    }

    fn scoped<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.scopes.push(Vec::new());
        let r = f(self);
        self.scopes.pop();
        r
    }

    /// A result scalar: a few reads of the program's state and an expression, so
    /// the result depends on what the body computed.
    fn mix(&mut self) -> Code {
        let mut c = self.fexpr(1).c;
        for _ in 0..self.rng.range(1, 3) {
            let k = self.rng.lit(0.3, 1.5);
            c = cat![c, " + ", k, " * ", self.float_var().c];
        }
        cat!["(", c, ")"]
    }

    /// The program's result built from what is in scope (also for early returns).
    fn output(&mut self) -> Code {
        let out = self.out.clone();
        self.value_of(&out)
    }

    fn value_of(&mut self, out: &Out) -> Code {
        match out {
            Out::F => self.mix(),
            Out::Arr(k) => {
                let k = *k;
                let local = self.vars(|v| v.kind == VK::Arr(k) && !v.by_ref);
                let param = self.vars(|v| v.kind == VK::Arr(k) && v.by_ref);
                if !local.is_empty() && self.rng.chance(0.4) {
                    self.stats.bump("return local array");
                    Code::new(self.pick(&local).expect("local").name)
                } else if !param.is_empty() && self.rng.chance(0.3) {
                    self.stats.bump("return *param");
                    Code::new(format!("*{}", self.pick(&param).expect("param").name))
                } else {
                    let items: Vec<Code> = (0..k).map(|_| self.mix()).collect();
                    cat!["[", join(items), "]"]
                }
            }
            Out::Vec(k) => {
                let k = *k;
                let local = self.vars(|v| {
                    v.kind
                        == VK::Seq {
                            len: Some(k),
                            vec: true,
                        }
                });
                if !local.is_empty() && self.rng.chance(0.5) {
                    self.stats.bump("return local Vec");
                    Code::new(format!(
                        "{}.clone()",
                        self.pick(&local).expect("local").name
                    ))
                } else {
                    let items: Vec<Code> = (0..k).map(|_| self.mix()).collect();
                    cat!["vec![", join(items), "]"]
                }
            }
            Out::Tuple(parts) => {
                let items: Vec<Code> = parts.iter().map(|p| self.value_of(p)).collect();
                cat!["(", join(items), ")"]
            }
        }
    }
}

/// `a, b, c`
fn join(items: Vec<Code>) -> Code {
    let mut c = Code::default();
    for (k, i) in items.into_iter().enumerate() {
        if k > 0 {
            c.push(", ");
        }
        c.add(i);
    }
    c
}

fn ind(level: usize) -> String {
    "    ".repeat(level)
}
