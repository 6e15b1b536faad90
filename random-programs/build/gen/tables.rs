//! Integer and `bool` table parameters: their types and fixed contents.

use super::{PKind, Program};
use crate::rng::Rng;

/// The element type of a table parameter.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Elem {
    Usize,
    /// `i32`, used as weights (`w[k] as f64`).
    I32,
    Bool,
}

/// How a table parameter is taken.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `[T; N]` by value
    Arr,
    /// `&[T; N]`
    ArrRef,
    /// `&[T]`
    Slice,
    /// `Vec<T>`
    Vec,
}

/// An integer or `bool` table: its type and its fixed contents.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Table {
    pub elem: Elem,
    pub form: Form,
    pub len: usize,
    /// The contents (`bool`s as 0 and 1), `len` of them; the rest are 0.
    vals: [i8; 4],
}

impl Table {
    pub(super) fn random(rng: &mut Rng, earlier: &[Program]) -> Table {
        let form = [Form::Arr, Form::ArrRef, Form::Slice, Form::Slice, Form::Vec][rng.below(5)];
        // Often the contents of an earlier program's table, so callers can pass theirs on.
        let seen: Vec<Table> = earlier
            .iter()
            .flat_map(|p| p.params.iter())
            .filter_map(|q| match q.kind {
                PKind::Tab(t) => Some(t),
                _ => None,
            })
            .collect();
        if !seen.is_empty() && rng.chance(0.7) {
            let t = seen[rng.below(seen.len())];
            return Table { form, ..t };
        }
        let elem = [Elem::Usize, Elem::Usize, Elem::I32, Elem::Bool][rng.below(4)];
        let len = rng.range(2, 4);
        let mut vals = [0i8; 4];
        for v in vals.iter_mut().take(len) {
            *v = match elem {
                Elem::Usize => rng.below(3) as i8,
                Elem::I32 => rng.range(0, 5) as i8 - 2,
                Elem::Bool => rng.below(2) as i8,
            };
        }
        Table {
            elem,
            form,
            len,
            vals,
        }
    }

    pub fn vals(&self) -> &[i8] {
        &self.vals[..self.len]
    }

    /// The same element type and contents (any form).
    pub fn same_contents(&self, other: &Table) -> bool {
        self.elem == other.elem && self.vals() == other.vals()
    }

    /// The largest element.
    pub fn max(&self) -> usize {
        self.vals().iter().copied().max().unwrap_or(0).max(0) as usize
    }

    pub fn elem_ty(&self) -> &'static str {
        match self.elem {
            Elem::Usize => "usize",
            Elem::I32 => "i32",
            Elem::Bool => "bool",
        }
    }

    /// The parameter's type.
    pub fn ty(&self) -> String {
        let (e, n) = (self.elem_ty(), self.len);
        match self.form {
            Form::Arr => format!("[{e}; {n}]"),
            Form::ArrRef => format!("&[{e}; {n}]"),
            Form::Slice => format!("&[{e}]"),
            Form::Vec => format!("Vec<{e}>"),
        }
    }

    /// The type of the value the harness holds (and lends or copies).
    pub fn owned_ty(&self) -> String {
        match self.form {
            Form::Arr | Form::ArrRef => format!("[{}; {}]", self.elem_ty(), self.len),
            Form::Slice | Form::Vec => format!("Vec<{}>", self.elem_ty()),
        }
    }

    /// `[1, 0, 2]`, `[true, false]`.
    pub fn items(&self) -> String {
        let items: Vec<String> = self
            .vals()
            .iter()
            .map(|&v| match self.elem {
                Elem::Bool => (v != 0).to_string(),
                _ => v.to_string(),
            })
            .collect();
        format!("[{}]", items.join(", "))
    }

    /// A literal of the parameter's type (`vec![..]` for the owned forms).
    pub fn literal(&self) -> String {
        match self.form {
            Form::Arr => self.items(),
            Form::ArrRef | Form::Slice => format!("&{}", self.items()),
            Form::Vec => format!("vec!{}", self.items()),
        }
    }

    /// Its name in the stats.
    pub fn stat(&self) -> String {
        let ty = match self.form {
            Form::Arr | Form::ArrRef => self.ty().replace(&format!("; {}]", self.len), "; N]"),
            _ => self.ty(),
        };
        format!("param {ty}")
    }
}
