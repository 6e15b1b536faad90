//! The analyses of one function, run once and handed to every transform and emitter:
//! activity for the tangent sweeps; for the reverse sweeps the adjoint form (early
//! exits lowered to flags) with its activity, storage plan and invariants. Each for
//! every floating-point parameter active (`all`, the convention between generated
//! functions) and for the `wrt(..)` ones.

use crate::analyze::{self, Storage};
use crate::exits::{self, AdjointForm};
use crate::ir::{Function, Param};

/// The reverse sweep's function in adjoint form and what its emission needs to know.
pub(crate) struct AdjointPlan {
    /// The function with early exits lowered.
    pub form: AdjointForm,
    /// Which variables carry derivatives.
    pub active: Vec<bool>,
    /// What is saved, restored and snapshot.
    pub storage: Storage,
    /// Variables holding one value for the whole call.
    pub constant: Vec<bool>,
    /// Variables never assigned after their `let`.
    pub assigned_once: Vec<bool>,
    /// Variables first defined unconditionally at the top level (declared without a value).
    pub defined_first: Vec<bool>,
}

/// Every analysis of one function.
pub(crate) struct Analysis {
    /// Activity with every floating-point parameter as a seed.
    pub tangent_all: Vec<bool>,
    /// Activity with the `wrt(..)` parameters as seeds.
    pub tangent_wrt: Vec<bool>,
    /// The reverse sweep with every floating-point parameter active.
    pub adjoint_all: AdjointPlan,
    /// The reverse sweep for the `wrt(..)` parameters, when they are not all of them.
    pub adjoint_wrt: Option<AdjointPlan>,
}

impl Analysis {
    /// Runs the analyses of the lowered function `f`.
    pub fn new(f: &Function) -> Self {
        let seed = |pick: fn(&Param) -> bool| -> Vec<usize> {
            f.params.iter().filter(|p| pick(p)).map(|p| p.var).collect()
        };
        let (all, wrt) = (seed(|p| p.real), seed(|p| p.active));
        let form = exits::lower(f);
        let plan = |seed: &[usize]| {
            let active = analyze::activity(&form.func, seed);
            AdjointPlan {
                storage: analyze::plan(&form.func, &active),
                active,
                constant: analyze::constants(&form.func),
                assigned_once: analyze::never_reassigned(&form.func),
                defined_first: analyze::defined_first(&form.func),
                form: AdjointForm {
                    func: form.func.clone(),
                    ret: form.ret,
                },
            }
        };
        let partial = all != wrt;
        Analysis {
            tangent_all: analyze::activity(f, &all),
            tangent_wrt: analyze::activity(f, &wrt),
            adjoint_all: plan(&all),
            adjoint_wrt: partial.then(|| plan(&wrt)),
        }
    }

    /// The tangent sweep's activity for a variant (`all` or the `wrt` parameters).
    pub fn tangent_activity(&self, all: bool) -> &[bool] {
        if all {
            &self.tangent_all
        } else {
            &self.tangent_wrt
        }
    }

    /// The reverse sweep's plan for a variant.
    pub fn adjoint_plan(&self, all: bool) -> &AdjointPlan {
        match (&self.adjoint_wrt, all) {
            (Some(w), false) => w,
            _ => &self.adjoint_all,
        }
    }
}
