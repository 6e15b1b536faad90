//! Program text with recording points: printed once for `#[differentiate]` and
//! once as the plain-Rust twin that records every branch decision, float-to-integer
//! cast and non-smooth primitive's case, so the harness can tell whether a
//! perturbed point still takes the same path.

/// A non-smooth construct the twin records.
#[derive(Clone, Copy)]
pub enum Rec {
    /// A condition (`if`, `while`, `if` as a value).
    Bool,
    /// `(v) as usize` of a float.
    Cast,
    Abs,
    Signum,
    Max,
    Min,
    Floor,
    Ceil,
    Round,
    Trunc,
    Fract,
    /// Float remainder `a % b`.
    Rem,
    /// `a.rem_euclid(b)`: the twin records the quotient `a.div_euclid(b)`.
    RemEuclid,
    /// `a.div_euclid(b)` (piecewise constant): the twin records its value.
    DivEuclid,
    /// `a.clamp(lo, hi)`: the twin records which operand is selected.
    Clamp,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The function given to `#[differentiate]`.
    Diff,
    /// The plain twin, taking a trailing `tr: &mut Trace`.
    Twin,
}

#[derive(Clone)]
enum Piece {
    Text(String),
    /// A recording point; `true` to spell the method as a path (`f64::abs(a)`).
    Rec(Rec, Vec<Code>, bool),
    /// A call of generated program `index`.
    Call(usize, Vec<Code>),
}

#[derive(Clone, Default)]
pub struct Code(Vec<Piece>);

impl Code {
    pub fn new(s: impl Into<String>) -> Code {
        Code(vec![Piece::Text(s.into())])
    }

    pub fn rec(kind: Rec, args: Vec<Code>) -> Code {
        Code(vec![Piece::Rec(kind, args, false)])
    }

    /// A recording point whose method is spelled as a path (`f64::max(a, b)`) when
    /// `path`; the twin's recording helper is the same either way.
    pub fn rec_spelled(kind: Rec, args: Vec<Code>, path: bool) -> Code {
        Code(vec![Piece::Rec(kind, args, path)])
    }

    pub fn call(index: usize, args: Vec<Code>) -> Code {
        Code(vec![Piece::Call(index, args)])
    }

    /// Whether the twin records anything here (its own recording points; a call's callee
    /// records what its own body does).
    pub fn records(&self) -> bool {
        self.0.iter().any(|p| match p {
            Piece::Text(_) => false,
            Piece::Rec(..) => true,
            Piece::Call(_, args) => args.iter().any(Code::records),
        })
    }

    pub fn push(&mut self, s: impl Into<String>) -> &mut Code {
        self.0.push(Piece::Text(s.into()));
        self
    }

    pub fn add(&mut self, c: Code) -> &mut Code {
        self.0.extend(c.0);
        self
    }

    pub fn render(&self, mode: Mode) -> String {
        let mut s = String::new();
        self.write(mode, &mut s);
        s
    }

    fn write(&self, mode: Mode, out: &mut String) {
        for p in &self.0 {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Rec(kind, args, path) => {
                    let a: Vec<String> = args.iter().map(|c| c.render(mode)).collect();
                    out.push_str(&render_rec(*kind, &a, mode, *path));
                }
                Piece::Call(k, args) => {
                    let mut a: Vec<String> = args.iter().map(|c| c.render(mode)).collect();
                    let name = match mode {
                        Mode::Diff => format!("p{k}"),
                        Mode::Twin => {
                            a.push("tr".into());
                            format!("t{k}")
                        }
                    };
                    out.push_str(&format!("{name}({})", a.join(", ")));
                }
            }
        }
    }
}

/// Concatenates text and code: `cat!["(", a, " + ", b, ")"]`.
macro_rules! cat {
    ($($part:expr),* $(,)?) => {{
        let mut c = $crate::code::Code::default();
        $( $crate::code::Part::put($part, &mut c); )*
        c
    }};
}
pub(crate) use cat;

/// What `cat!` accepts.
pub trait Part {
    fn put(self, c: &mut Code);
}

impl Part for &str {
    fn put(self, c: &mut Code) {
        c.push(self);
    }
}

impl Part for String {
    fn put(self, c: &mut Code) {
        c.push(self);
    }
}

impl Part for &String {
    fn put(self, c: &mut Code) {
        c.push(self.clone());
    }
}

impl Part for Code {
    fn put(self, c: &mut Code) {
        c.add(self);
    }
}

impl Part for &Code {
    fn put(self, c: &mut Code) {
        c.add(self.clone());
    }
}

fn render_rec(kind: Rec, a: &[String], mode: Mode, path: bool) -> String {
    // `tr` last: the arguments' own recordings end before the call borrows it.
    let twin = |f: &str| format!("{f}({}, tr)", a.join(", "));
    match (kind, mode) {
        (Rec::Bool, Mode::Diff) => a[0].clone(),
        (Rec::Bool, Mode::Twin) => twin("tb"),
        (Rec::Cast, Mode::Diff) => format!("({}) as usize", a[0]),
        (Rec::Cast, Mode::Twin) => twin("tcast"),
        (Rec::Rem, Mode::Diff) => format!("(({}) % ({}))", a[0], a[1]),
        // `f64::max(a, b)`, `f64::floor(a)`, `f64::clamp(a, lo, hi)`
        (k, Mode::Diff) if path => format!("f64::{}({})", name(k), a.join(", ")),
        // `(a).max(b)`, `(a).floor()`, `(a).clamp(lo, hi)`
        (k, Mode::Diff) => format!("({}).{}({})", a[0], name(k), a[1..].join(", ")),
        (k, Mode::Twin) => twin(&format!("t{}", name(k))),
    }
}

fn name(k: Rec) -> &'static str {
    match k {
        Rec::Bool => "b",
        Rec::Cast => "cast",
        Rec::Abs => "abs",
        Rec::Signum => "signum",
        Rec::Max => "max",
        Rec::Min => "min",
        Rec::Floor => "floor",
        Rec::Ceil => "ceil",
        Rec::Round => "round",
        Rec::Trunc => "trunc",
        Rec::Fract => "fract",
        Rec::Rem => "rem",
        Rec::RemEuclid => "rem_euclid",
        Rec::DivEuclid => "div_euclid",
        Rec::Clamp => "clamp",
    }
}
