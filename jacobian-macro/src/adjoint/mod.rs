//! The adjoint (reverse-mode) transform, with no tape.
//!
//! The forward sweep is the primal code on hoisted locals; before a value the
//! reverse sweep needs is overwritten it is saved: in a local slot outside
//! loops, on the typed [`Stack`](../../jacobian_runtime) inside them. The
//! reverse sweep walks the statements backwards; for `y = p(a, b)` it takes
//! ȳ, restores `y`'s previous value, and adds `ȳ·∂y/∂a` to ā and `ȳ·∂y/∂b`
//! to b̄, replaying branches and loops from the recorded conditions and counts.
//!
//! The sweep is generic over the forward tangents it carries (`__C`, a runtime
//! `Carrier`) and the adjoints (`__B`, a `Cotangent`): with no tangent and a scalar
//! or lanes of cotangents it is the (vector) VJP; with tangent lanes and `Bar`
//! cotangents it is the adjoint run on dual numbers, whose result's tangent is the
//! Hessian-vector product. Tangents are kept with the values they belong to; what
//! only that second-order instantiation reads is stored under `Carrier::TANGENT`.

use crate::emit::paths::JR;
use std::collections::HashMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::analyze::{self, assignment, rhs_active, Storage};
use crate::exits::AdjointForm;
use crate::forward::{assign_both, primal};
use crate::ir::{Block, Place, Rhs, Stmt};
use crate::plan::AdjointPlan;
use crate::rules;
use crate::sweep::{self, local, Copy, Ctx};

mod fuse;
mod propagate;

/// Where a saved value is kept: a local slot (outside loops) or the stack;
/// `tangent` when its tangent is kept with it, `second` when only second-order
/// sweeps need it (stored under `Carrier::TANGENT`).
#[derive(Clone)]
struct Save {
    slot: Option<Ident>,
    tangent: bool,
    second: bool,
    /// The saved value is a single scalar (its slot is declared with the scalar type).
    scalar: bool,
    /// Its slot is assigned unconditionally at the top level (declared without a value).
    deferred: bool,
}

impl Save {
    /// The slot of the tangent lanes.
    fn tangent_slot(&self) -> Option<Ident> {
        self.slot.as_ref().map(|i| format_ident!("{}d", i))
    }
}

/// Values of one primitive snapshot for its partials: operand positions and the result.
#[derive(Default)]
struct Snap {
    operands: Vec<(usize, Save)>,
    result: Option<Save>,
}

/// The adjoint sweep of one function.
pub struct Adjoint<'a> {
    ctx: &'a Ctx<'a>,
    /// The context of the forward tangents.
    tangent: &'a Ctx<'a>,
    storage: &'a Storage,
    saves: HashMap<usize, Save>,
    snaps: HashMap<usize, Snap>,
    slots: usize,
    stack: Ident,
    constant: &'a [bool],
    assigned_once: &'a [bool],
    defined_first: &'a [bool],
    /// Planning statements of the body's top level (not in a branch or a loop).
    at_top: bool,
    /// The tail loop fused with its reverse (see `fuse.rs`), and its body's locals.
    fused: Option<(usize, Vec<bool>)>,
}

fn key(s: &Stmt) -> usize {
    std::ptr::from_ref(s) as usize
}

impl<'a> Adjoint<'a> {
    /// Places the saves of the analyzed `plan` (`ctx` for the adjoints, `tangent`
    /// for the forward tangents, over the plan's function and activity).
    pub fn new(
        ctx: &'a Ctx<'a>,
        tangent: &'a Ctx<'a>,
        plan: &'a AdjointPlan,
        stack: Ident,
    ) -> Self {
        let storage = &plan.storage;
        let mut a = Adjoint {
            ctx,
            tangent,
            storage,
            saves: HashMap::new(),
            snaps: HashMap::new(),
            slots: 0,
            stack,
            constant: &plan.constant,
            assigned_once: &plan.assigned_once,
            defined_first: &plan.defined_first,
            at_top: true,
            fused: None,
        };
        if let Some(k) = fuse::fusible_tail(ctx.f, plan.form.ret, storage) {
            if let Stmt::ForProg { var, body, .. } = &ctx.f.body.0[k] {
                a.fused = Some((key(&ctx.f.body.0[k]), fuse::body_locals(ctx.f, *var, body)));
            }
        }
        a.plan(&ctx.f.body, 0);
        a
    }

    /// A stack entry inside loops, a local slot outside them.
    fn save_at(&mut self, depth: usize, var: usize, second: bool, scalar: bool) -> Save {
        let tangent = self.ctx.active(var);
        let slot = (depth == 0).then(|| {
            self.slots += 1;
            format_ident!("__s{}", self.slots, span = proc_macro2::Span::mixed_site())
        });
        Save {
            deferred: slot.is_some() && self.at_top && !second,
            slot,
            tangent,
            second,
            scalar,
        }
    }

    fn plan(&mut self, b: &Block, depth: usize) {
        let top = self.at_top;
        for s in &b.0 {
            self.at_top = top;
            self.plan_snap(s, depth);
            match s {
                // A `let` in a loop that always binds the same value, and is never
                // reassigned, leaves nothing to restore.
                Stmt::Let(v, Some(rhs))
                    if self.storage.restore[*v]
                        && depth > 0
                        && !(self.assigned_once[*v] && analyze::invariant(rhs, self.constant)) =>
                {
                    let scalar = self.ctx.active(*v) && self.ctx.f.vars[*v].scalar;
                    let save = self.save_at(depth, *v, !self.storage.first_order[*v], scalar);
                    self.saves.insert(key(s), save);
                }
                Stmt::Assign(p, rhs) if self.storage.restore[p.var] => {
                    let scalar = self.ctx.active(p.var)
                        && (matches!(rhs, Rhs::Prim(..) | Rhs::Cast(..))
                            || (p.proj.is_empty() && self.ctx.f.vars[p.var].scalar));
                    let save = self.save_at(depth, p.var, !self.storage.first_order[p.var], scalar);
                    self.saves.insert(key(s), save);
                }
                Stmt::If(_, a, b) => {
                    self.at_top = false;
                    self.plan(a, depth);
                    self.plan(b, depth);
                }
                // A fused loop's iteration is reversed before the next one
                // runs: its body plans like straight-line code.
                Stmt::ForProg { body, .. } if self.is_fused(s) => {
                    self.at_top = false;
                    self.plan(body, depth)
                }
                Stmt::ForProg { body, .. } | Stmt::LoopCounted { body, .. } => {
                    self.at_top = false;
                    self.plan(body, depth + 1)
                }
                _ => {}
            }
        }
        self.at_top = top;
    }

    /// Snapshots for an active primitive reading values of snapshot variables.
    fn plan_snap(&mut self, s: &Stmt, depth: usize) {
        let Some((place, Rhs::Prim(p, ops))) = assignment(s) else {
            return;
        };
        let rule = rules::rule(*p);
        if !self.ctx.active(place.var)
            || !rhs_active(&Rhs::Prim(*p, ops.clone()), self.ctx.active)
            || rule.linear()
        {
            return;
        }
        let act: Vec<bool> = ops.iter().map(|o| self.ctx.op_active(o)).collect();
        let mut snap = Snap::default();
        for (k, op) in ops.iter().enumerate() {
            let first = rules::reads_operand(*p, k, &act);
            let read = first || (rule.curved() && act[k]);
            if let Some(q) = op.place().filter(|q| read && self.storage.snap[q.var]) {
                if !rule.discrete.contains(&k) {
                    // A primitive's operand: a scalar (of the scalar type when active).
                    let save = self.save_at(depth, q.var, !first, self.ctx.active(q.var));
                    snap.operands.push((k, save));
                }
            }
        }
        if rules::reads_result(*p, &act) && self.storage.snap[place.var] {
            snap.result = Some(Save {
                tangent: false,
                ..self.save_at(depth, place.var, false, self.ctx.active(place.var))
            });
        }
        if !snap.operands.is_empty() || snap.result.is_some() {
            self.snaps.insert(key(s), snap);
        }
    }

    /// `code` run only by second-order sweeps when `save.second`.
    fn guard(&self, save: &Save, code: TokenStream) -> TokenStream {
        if save.second && !code.is_empty() {
            let (c, s) = (&self.tangent.number, self.ctx.s.ty());
            quote!(if <#c as #JR::Carrier<#s>>::TANGENT { #code })
        } else {
            code
        }
    }

    /// Snapshot of a scalar `value` (and its tangent `tangent`).
    fn push(&self, save: &Save, value: &TokenStream, tangent: Option<&TokenStream>) -> TokenStream {
        let st = &self.stack;
        let t = tangent.filter(|_| save.tangent);
        let code = match (&save.slot, save.tangent_slot()) {
            (Some(i), Some(id)) => {
                let t = t.map(|t| quote!(#id = #t;));
                quote!(#i = #value; #t)
            }
            _ => {
                let t = t.map(|t| quote!(#JR::Store::save(&#t, #st);));
                quote!(#st.push_real(#value); #t)
            }
        };
        self.guard(save, code)
    }

    /// Restores a snapshot into the locals `local` (and `tangent`).
    fn pop(&self, save: &Save, local: &Ident, tangent: &Ident) -> TokenStream {
        let st = &self.stack;
        match (&save.slot, save.tangent_slot()) {
            (Some(i), Some(id)) => {
                let t = save.tangent.then(|| quote!(let #tangent = #id;));
                quote!(let #local = #i; #t)
            }
            _ => {
                let (c, s) = (&self.tangent.number, self.ctx.s.ty());
                let init = quote!(#JR::Init::init());
                let (mut v, mut t) = (
                    quote!(#st.pop_real()),
                    quote!(#JR::Store::restore(&mut #tangent, #st);),
                );
                if save.second {
                    let g = quote!(<#c as #JR::Carrier<#s>>::TANGENT);
                    v = quote!(if #g { #v } else { #init });
                    t = quote!(if #g { #t });
                }
                let t = save
                    .tangent
                    .then(|| quote!(let mut #tangent: #c = #init; #t));
                quote!(#t let #local = #v;)
            }
        }
    }

    /// The whole body: declarations, forward sweep, seed, reverse sweep.
    /// `ybar` is an expression of type `&Out`'s cotangent; afterwards the value
    /// is in `__out` and the cotangents in the parameters' adjoint variables.
    pub fn body(&self, form: &AdjointForm, ybar: &TokenStream) -> TokenStream {
        let f = self.ctx.f;
        let params: Vec<usize> = f.params.iter().map(|p| p.var).collect();
        let mut decls = Vec::new();
        for v in (0..f.vars.len()).filter(|v| !params.contains(v)) {
            let var = &f.vars[v];
            if var.scalar && var.ty.is_none() {
                // An active scalar has the scalar type (its tangent is a `__C`):
                // spelled out, not `_`. An inference variable per hoisted local
                // (with its pending `Init` obligation) stays open until the
                // local's first assignment, which makes type checking of long
                // functions superlinear.
                let ty = if self.ctx.active(v) {
                    self.ctx.s.ty()
                } else {
                    quote!(_)
                };
                decls.push(Decl::typed(f.ident(v), ty, self.defined_first[v]));
            } else if self.defined_first[v] && crate::analyze::copies_a_struct(f, v) {
                // Its first assignment gives it its type and value (a struct, whose
                // fields may have no `Init`).
                let ty = var
                    .ty
                    .as_ref()
                    .map_or_else(|| quote!(_), quote::ToTokens::to_token_stream);
                decls.push(Decl::typed(f.ident(v), ty, true));
            } else {
                // Spanned: a local without `Init` (a reference) is reported at the user's `let`.
                let jr = crate::emit::paths::at(var.span);
                let init = quote::quote_spanned!(var.span=> #jr::Init::init());
                decls.push(Decl::new(f.ident(v), var.ty.as_ref(), init));
            }
            if self.ctx.active(v) {
                let c = &self.tangent.number;
                let ty = if var.scalar { quote!(#c) } else { quote!(_) };
                let deferred = self.defined_first[v];
                decls.push(Decl::typed(&sweep::tangent_ident(f, v), ty, deferred));
            }
        }
        for s in self.all_saves() {
            if let Some(i) = &s.slot {
                let (ty, tty) = if s.scalar {
                    let c = &self.tangent.number;
                    (self.ctx.s.ty(), quote!(#c))
                } else {
                    (quote!(_), quote!(_))
                };
                decls.push(Decl::typed(i, ty, s.deferred));
                if s.tangent {
                    decls.extend(s.tangent_slot().map(|id| Decl::typed(&id, tty, s.deferred)));
                }
            }
        }
        let hoisted = grouped_lets(decls);
        let slots = TokenStream::new();
        let forward: TokenStream = f
            .body
            .0
            .iter()
            .map(|s| {
                if self.is_fused(s) {
                    self.fused_loop(s, form.ret, ybar)
                } else {
                    self.forward_stmt(s)
                }
            })
            .collect();
        let ret = f.ident(form.ret);
        let out = local("__out");
        let (adjoints, seed) = if self.fused.is_some() {
            (TokenStream::new(), TokenStream::new())
        } else {
            (self.adjoint_decls(|_| true), self.seed(form.ret, ybar))
        };
        let reverse = self.reverse(&f.body);
        quote! {
            #hoisted
            #slots
            #forward
            let #out = ::core::clone::Clone::clone(&#ret);
            #adjoints
            #seed
            #reverse
        }
    }

    fn is_fused(&self, s: &Stmt) -> bool {
        self.fused.as_ref().is_some_and(|(k, _)| *k == key(s))
    }

    /// The fused tail loop: adjoints of everything outside it declared and
    /// seeded first, then each iteration's forward and reverse together.
    fn fused_loop(&self, s: &Stmt, ret: usize, ybar: &TokenStream) -> TokenStream {
        let (
            Some((_, local)),
            Stmt::ForProg {
                var,
                prog,
                range,
                body,
                ..
            },
        ) = (&self.fused, s)
        else {
            return TokenStream::new();
        };
        let f = self.ctx.f;
        let outer = self.adjoint_decls(|v| !local[v]);
        let seed = self.seed(ret, ybar);
        let inner = self.adjoint_decls(|v| local[v]);
        let (fwd, rev) = (self.forward(body), self.reverse(body));
        let (head, start) = loop_head(f, *var, *prog, range);
        quote! {
            #outer
            #seed
            #head {
                #start
                #fwd
                { #inner #rev }
            }
        }
    }

    /// `let mut x__b = 0` for the active variables `pick` selects.
    fn adjoint_decls(&self, pick: impl Fn(usize) -> bool) -> TokenStream {
        let f = self.ctx.f;
        let mut decls = Vec::new();
        for v in (0..f.vars.len()).filter(|&v| self.ctx.active(v) && pick(v)) {
            let xb = sweep::adjoint_ident(f, v);
            let b = &self.ctx.number;
            decls.push(if f.vars[v].scalar {
                Decl::typed(&xb, quote!(#b), false)
            } else {
                Decl::new(&xb, None, self.ctx.zero_tangent(&self.ctx.var_ref(v)))
            });
        }
        grouped_lets(decls)
    }

    /// The output seed: `ret__b = y_bar`.
    fn seed(&self, ret: usize, ybar: &TokenStream) -> TokenStream {
        if !self.ctx.active(ret) {
            return TokenStream::new();
        }
        let rb = sweep::adjoint_ident(self.ctx.f, ret);
        quote!(#rb = ::core::clone::Clone::clone(#ybar);)
    }

    /// Every save, in a deterministic order (by slot name).
    fn all_saves(&self) -> impl Iterator<Item = &Save> {
        let snaps = self
            .snaps
            .values()
            .flat_map(|s| s.operands.iter().map(|(_, v)| v).chain(&s.result));
        let mut all: Vec<&Save> = self.saves.values().chain(snaps).collect();
        all.sort_by_key(|s| s.slot.as_ref().map(ToString::to_string));
        all.into_iter()
    }

    fn forward(&self, b: &Block) -> TokenStream {
        b.0.iter().map(|s| self.forward_stmt(s)).collect()
    }

    fn forward_stmt(&self, s: &Stmt) -> TokenStream {
        let ctx = self.ctx;
        if let Some((place, rhs)) = assignment(s) {
            return self.forward_assign(s, &place, rhs);
        }
        match s {
            Stmt::If(c, a, b) => {
                let (c, a, b) = (&c.expr, self.forward(a), self.forward(b));
                quote!(if #c { #a } else { #b })
            }
            Stmt::ForProg {
                var,
                prog,
                count,
                range,
                body,
            } => {
                let count = count.map(|n| {
                    let n = ctx.f.ident(n);
                    quote!(#n += 1;)
                });
                let body = self.forward(body);
                let (head, start) = loop_head(ctx.f, *var, *prog, range);
                quote!(#head { #start #count #body })
            }
            Stmt::LoopCounted { count, body } => {
                let (n, body) = (ctx.f.ident(*count), self.forward(body));
                quote!(loop { #n += 1; #body })
            }
            Stmt::ExitIf(c) => {
                let c = &c.expr;
                quote!(if #c { break; })
            }
            Stmt::Effect(o) => {
                let e = &o.expr;
                quote!(#e;)
            }
            _ => TokenStream::new(),
        }
    }

    /// The primal assignment, its saves and snapshots, and the tangent assignment.
    fn forward_assign(&self, s: &Stmt, place: &Place, rhs: &Rhs) -> TokenStream {
        let (ctx, t) = (self.ctx, self.tangent);
        let x = ctx.place(place, Copy::Primal);
        let xd = ctx.active(place.var).then(|| t.place(place, Copy::Tangent));
        let st = &self.stack;
        let save = self.saves.get(&key(s)).map(|save| {
            let td = xd.as_ref().filter(|_| save.tangent);
            let code = match (&save.slot, save.tangent_slot()) {
                (Some(i), Some(id)) => {
                    let td = td.map(|xd| quote!(#id = ::core::clone::Clone::clone(&#xd);));
                    quote!(#i = ::core::clone::Clone::clone(&#x); #td)
                }
                _ => {
                    let td = td.map(|xd| quote!(#JR::Store::save(&#xd, #st);));
                    quote!(#JR::Store::save(&#x, #st); #td)
                }
            };
            self.guard(save, code)
        });
        let (mut before, mut after) = (TokenStream::new(), TokenStream::new());
        if let (Some(snap), Rhs::Prim(_, ops)) = (self.snaps.get(&key(s)), rhs) {
            for (k, save) in &snap.operands {
                let d = ops[*k].place().map(|p| t.place(p, Copy::Tangent));
                before.extend(self.push(save, &ctx.value(&ops[*k]), d.as_ref()));
            }
            if let Some(save) = &snap.result {
                after.extend(self.push(save, &x, None));
            }
        }
        let assign = match xd {
            Some(xd) => assign_both(t, rhs, place, &x, &xd),
            None => {
                let p = primal(ctx, rhs);
                quote!(#x = #p;)
            }
        };
        quote!(#save #before #assign #after)
    }

    fn restore(&self, s: &Stmt, place: &Place) -> Option<TokenStream> {
        let x = self.ctx.place(place, Copy::Primal);
        let xd = self
            .ctx
            .active(place.var)
            .then(|| self.tangent.place(place, Copy::Tangent));
        let st = &self.stack;
        self.saves.get(&key(s)).map(|save| {
            let xd = xd.filter(|_| save.tangent);
            let code = match (&save.slot, save.tangent_slot()) {
                (Some(i), Some(id)) => {
                    let t = xd.map(|xd| quote!(#xd = #id;));
                    quote!(#x = #i; #t)
                }
                _ => {
                    let t = xd.map(|xd| quote!(#JR::Store::restore(&mut #xd, #st);));
                    quote!(#t #JR::Store::restore(&mut #x, #st);)
                }
            };
            self.guard(save, code)
        })
    }

    fn reverse(&self, b: &Block) -> TokenStream {
        b.0.iter()
            .rev()
            .filter(|s| !self.is_fused(s))
            .map(|s| self.reverse_stmt(s))
            .collect()
    }

    fn reverse_stmt(&self, s: &Stmt) -> TokenStream {
        let ctx = self.ctx;
        if let Some((place, rhs)) = assignment(s) {
            return self.reverse_assign(s, &place, rhs);
        }
        match s {
            Stmt::If(c, a, b) => {
                let (c, a, b) = (&c.expr, self.reverse(a), self.reverse(b));
                if a.is_empty() && b.is_empty() {
                    TokenStream::new()
                } else {
                    quote!(if #c { #a } else { #b })
                }
            }
            Stmt::ForProg {
                var,
                prog,
                count,
                body,
                ..
            } => {
                let (i, p, k) = (ctx.f.ident(*var), ctx.f.ident(*prog), local("__k"));
                let n = match count {
                    Some(n) => {
                        let n = ctx.f.ident(*n);
                        quote!(#n)
                    }
                    None => quote!(#p.len()),
                };
                let body = self.reverse(body);
                quote!(for #k in (0..#n).rev() { #i = #p.at(#k); #body })
            }
            Stmt::LoopCounted { count, body } => {
                let (n, body) = (ctx.f.ident(*count), self.reverse(body));
                quote!(for _ in 0..#n { #body })
            }
            _ => TokenStream::new(),
        }
    }

    fn reverse_assign(&self, s: &Stmt, place: &Place, rhs: &Rhs) -> TokenStream {
        let ctx = self.ctx;
        let restore = self.restore(s, place);
        if !ctx.active(place.var) {
            return restore.unwrap_or_default();
        }
        let ab = local("__ab");
        let take = self.take(place);
        let restore = restore.map(|r| {
            let reshape = self.reshape(place);
            quote!(#r #reshape)
        });
        if !rhs_active(rhs, ctx.active) {
            return quote!({ #take #restore });
        }
        let snap = self.snaps.get(&key(s));
        let x = ctx.place(place, Copy::Primal);
        // The result, for the rules: restored from its snapshot, read before the
        // target's old value is restored, or still in place.
        let (y, stash) = match (rhs, snap.and_then(|p| p.result.as_ref()), &restore) {
            (Rhs::Prim(..), Some(save), _) => {
                let y = local("__y");
                (quote!(#y), Some(self.pop(save, &y, &local("__yd"))))
            }
            (Rhs::Prim(..), None, Some(_)) => {
                let y = local("__y");
                (quote!(#y), Some(quote!(let #y = #x;)))
            }
            _ => (x.clone(), None),
        };
        let mut popped = TokenStream::new();
        let (mut values, mut tangents) = (HashMap::new(), HashMap::new());
        if let Some(snap) = snap {
            for (k, save) in snap.operands.iter().rev() {
                let a = format_ident!("__a{}", k, span = proc_macro2::Span::mixed_site());
                let ad = format_ident!("__ad{}", k, span = proc_macro2::Span::mixed_site());
                popped.extend(self.pop(save, &a, &ad));
                values.insert(*k, quote!(#a));
                if save.tangent {
                    tangents.insert(*k, quote!(#ad));
                }
            }
        }
        let plain = stash.is_none() && popped.is_empty() && restore.is_none();
        if let Some(step) = self.binary_step(place, rhs, &y).filter(|_| plain) {
            return step;
        }
        if plain && self.single_use(place, rhs) {
            // `ā += take(ȳ)·∂y/∂a` in one statement.
            let xb = ctx.place(place, Copy::Adjoint);
            let ab = quote!(#JR::take(&mut #xb));
            return self.propagate(rhs, &ab, &y, &values, &tangents);
        }
        let propagate = match rhs {
            Rhs::Call(c) => self.propagate_call(c, &quote!(#ab)),
            _ => self.propagate(rhs, &quote!(#ab), &y, &values, &tangents),
        };
        // Stack order: the forward sweep saved the target, then pushed the
        // operands' snapshots, then the result's; undo in reverse.
        quote!({ #take #stash #popped #restore #propagate })
    }

    /// `y = p(a, b)` with `y`, `a` and `b` three different active variables: the
    /// reverse step as one runtime call (`back2_into`, `sum_back`) instead of a block.
    fn binary_step(&self, place: &Place, rhs: &Rhs, y: &TokenStream) -> Option<TokenStream> {
        let ctx = self.ctx;
        let Rhs::Prim(p, ops) = rhs else {
            return None;
        };
        let rule = rules::rule(*p);
        let [a, b] = &ops[..] else {
            return None;
        };
        let (pa, pb) = (a.place()?, b.place()?);
        let distinct = pa.var != pb.var && pa.var != place.var && pb.var != place.var;
        if !distinct || !ctx.active(pa.var) || !ctx.active(pb.var) || !rule.discrete.is_empty() {
            return None;
        }
        let (xb, ab, bb) = (
            ctx.place(place, Copy::Adjoint),
            ctx.place(pa, Copy::Adjoint),
            ctx.place(pb, Copy::Adjoint),
        );
        match (rule.kind, p) {
            (rules::Kind::Signs, rules::Prim::Add | rules::Prim::Sub) => {
                let minus = *p == rules::Prim::Sub;
                Some(quote!(#JR::sum_back(&mut #xb, &mut #ab, &mut #bb, #minus);))
            }
            (rules::Kind::Curved | rules::Kind::Kinked, _) => {
                let vals: Vec<TokenStream> = ops.iter().map(|o| ctx.value(o)).collect();
                let r = rules::call(*p, &vals, y);
                let (da, db) = (
                    self.tangent.place(pa, Copy::Tangent),
                    self.tangent.place(pb, Copy::Tangent),
                );
                Some(quote!(#JR::back2_into(&mut #xb, #r, &mut #ab, &mut #bb, #da, #db);))
            }
            _ => None,
        }
    }

    /// The adjoint of `place = rhs` reaches exactly one operand, of another variable:
    /// it can be taken where it is used.
    fn single_use(&self, place: &Place, rhs: &Rhs) -> bool {
        let ctx = self.ctx;
        let other = |o: &crate::ir::Operand| o.place().is_some_and(|p| p.var != place.var);
        let (active, merged): (Vec<&crate::ir::Operand>, bool) = match rhs {
            Rhs::Copy(o) | Rhs::Cast(o, _) | Rhs::Owned(o, _) => (vec![o], false),
            Rhs::Prim(p, ops) => {
                let rule = rules::rule(*p);
                if rule.kind == rules::Kind::Flat {
                    return false;
                }
                let act = ops
                    .iter()
                    .enumerate()
                    .filter(|(k, o)| !rule.discrete.contains(k) && ctx.op_active(o))
                    .map(|(_, o)| o)
                    .collect();
                // `x * x` is one term (`diag`); `x + x` two.
                (act, rule.kind != rules::Kind::Signs)
            }
            _ => return false,
        };
        let key = |o: &crate::ir::Operand| ctx.value(o).to_string();
        let same = merged && active.len() == 2 && key(active[0]) == key(active[1]);
        (active.len() == 1 || same) && active.iter().all(|o| ctx.op_active(o) && other(o))
    }

    /// After restoring a whole `Vec` overwritten by one of another length: its
    /// cotangent, zero after the take, shaped like the restored value.
    fn reshape(&self, place: &Place) -> Option<TokenStream> {
        let ctx = self.ctx;
        if !place.proj.is_empty() || !self.storage.dynamic[place.var] {
            return None;
        }
        let (x, xb) = (
            ctx.place(place, Copy::Primal),
            ctx.place(place, Copy::Adjoint),
        );
        let zero = ctx.zero_tangent(&quote!(&#x));
        Some(quote!(#xb = #zero;))
    }

    /// `let __ab = x̄;` leaving x̄ = 0.
    fn take(&self, place: &Place) -> TokenStream {
        let (ab, xb) = (local("__ab"), self.ctx.place(place, Copy::Adjoint));
        quote!(let #ab = #JR::take(&mut #xb);)
    }
}

/// The forward sweep's loop header and the start of its body: a plain range
/// runs as written (the compiler sees a unit stride); other progressions by index.
fn loop_head(
    f: &crate::ir::Function,
    var: usize,
    prog: usize,
    range: &crate::ir::RangeSpec,
) -> (TokenStream, TokenStream) {
    let (i, p, k) = (f.ident(var), f.ident(prog), local("__k"));
    if range.ops.is_empty() {
        let (r, it) = (crate::forward::range(range), local("__i"));
        (quote!(for #it in #r), quote!(#i = #it;))
    } else {
        (quote!(for #k in 0..#p.len()), quote!(#i = #p.at(#k);))
    }
}

/// One `let mut name: ty = init` of the adjoint's declarations.
struct Decl {
    pat: TokenStream,
    ty: TokenStream,
    init: DeclInit,
}

/// How a declared local gets its first value.
enum DeclInit {
    /// `Init::init()` of a local known to have one (grouped compactly).
    Zero,
    /// None: its first assignment, an unconditional one, gives it one. Cheaper for
    /// the compiler than a value overwritten later (no move out of a temporary).
    Deferred,
    /// The expression.
    Spelled(TokenStream),
}

impl Decl {
    fn new(name: &Ident, ty: Option<&syn::Type>, init: TokenStream) -> Self {
        let ty = ty.map_or_else(|| quote!(_), quote::ToTokens::to_token_stream);
        Decl {
            pat: quote!(mut #name),
            ty,
            init: DeclInit::Spelled(init),
        }
    }

    /// A local of type `ty` (`_` when inferred), `Init::init()` or `deferred`.
    fn typed(name: &Ident, ty: TokenStream, deferred: bool) -> Self {
        Decl {
            pat: quote!(mut #name),
            ty,
            init: if deferred {
                DeclInit::Deferred
            } else {
                DeclInit::Zero
            },
        }
    }
}

/// Declarations grouped into tuple `let`s of up to 32: a long run of single
/// `let`s nests one debug-info scope per binding, which overflows the
/// compiler's stack for functions of a few hundred statements. `Init` ones as
/// `let ((a, b, ..), ..): ((A, B, ..), ..) = Init::init();` and deferred ones as
/// `let ((a, b, ..), ..): ((A, B, ..), ..);` (tuples of four: one line each when formatted).
fn grouped_lets(decls: Vec<Decl>) -> TokenStream {
    let (mut zero, mut deferred, mut spelled) = (Vec::new(), Vec::new(), Vec::new());
    for d in decls {
        match d.init {
            DeclInit::Zero => zero.push(d),
            DeclInit::Deferred => deferred.push(d),
            DeclInit::Spelled(ref i) => {
                let i = i.clone();
                spelled.push((d, i));
            }
        }
    }
    let nested = |c: &[Decl], init: Option<TokenStream>| {
        let pats = c.chunks(4).map(|g| {
            let p = g.iter().map(|d| &d.pat);
            quote!((#(#p,)*))
        });
        let tys = c.chunks(4).map(|g| {
            let t = g.iter().map(|d| &d.ty);
            quote!((#(#t,)*))
        });
        let init = init.map(|i| quote!(= #i));
        quote!(let (#(#pats,)*): (#(#tys,)*) #init;)
    };
    let mut out: TokenStream = zero
        .chunks(32)
        .map(|c| nested(c, Some(quote!(#JR::Init::init()))))
        .collect();
    out.extend(deferred.chunks(32).map(|c| nested(c, None)));
    out.extend(spelled.chunks(32).map(|c| {
        let (p, t, i) = (
            c.iter().map(|d| &d.0.pat),
            c.iter().map(|d| &d.0.ty),
            c.iter().map(|d| &d.1),
        );
        quote!(let (#(#p,)*): (#(#t,)*) = (#(#i,)*);)
    }));
    out
}
