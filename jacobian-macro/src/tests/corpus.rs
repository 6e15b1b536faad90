//! Hand-written inputs for the fuzz tests: functions inside the supported
//! subset (to be mutated), valid Rust items outside it, and attribute arguments.

/// Functions the macro accepts, covering every construct of the README's
/// list; the fuzzer mutates them. The snapshot inputs are added to these.
pub const SUPPORTED: &[&str] = &[
    "fn f(x: f64) -> f64 { let p = P { x }; p.x }",
    "fn f(x: f64, y: f64) -> f64 { let a = x * y; let b = a.sin() + y.exp(); a / b - (-x).tanh() }",
    "fn f(x: &[f64; 3], w: &[[f64; 3]; 2], b: &[f64; 2]) -> [f64; 2] {
        let mut y = [0.0; 2];
        for i in 0..2 {
            let mut s = b[i];
            for j in 0..3 { s += w[i][j] * x[j]; }
            y[i] = s.tanh();
        }
        y
    }",
    "fn f(x: &[f64], n: usize) -> f64 {
        let mut s = 0.0; let mut i = 0;
        while i < n { s = s * x[i] + x[i].sin(); i += 1; }
        s
    }",
    "fn f(x: f64, k: usize) -> f64 {
        let mut y = x;
        loop { if y > 10.0 { break; } y = y * y + 1.0; }
        for i in (0..k).rev() { if i % 2 == 0 { continue; } y -= (i as f64) * x; }
        for _ in (0..=k).step_by(2) { y /= 2.0; }
        if y < 0.0 { return -y; }
        y
    }",
    "fn f(x: &[f64]) -> Vec<f64> {
        let mut v = vec![0.0; x.len()];
        let w = vec![x[0], x[1]];
        for i in 0..x.len() { v[i] = x[i].powi(2) + w[0].atan2(w[1]) + x[i].mul_add(2.0, 1.0); }
        v
    }",
    "fn f(a: f64, b: f64) -> (f64, f64) {
        let (s, p) = g(a, b);
        let t = if s > p { s.max(p) } else if s < 0.0 { s.hypot(p) } else { -p };
        (t, other::h(&[s, p]))
    }",
    "fn f<T: Float>(x: &[T; 2], c: T) -> T {
        let two = T::from(2.0).unwrap();
        let z = T::zero() + T::one();
        (x[0] * two).powf(c) + x[1].ln_1p() * z
    }",
    "#[inline] pub(crate) fn f(x: f32, y: &[f32; 2]) -> [[f32; 2]; 2] {
        let c = core::f32::consts::PI;
        [[x * y[0], c * y[1]], [x.sqrt(), y[0].abs()]]
    }",
    "fn f(x: &[f64; 2], m: &[f64; 2], n: i32) -> f64 {
        let mut x2 = *x;
        x2[0] = x2[0] * m[0];
        let x2 = x2;
        let mut acc = { let t = x2[0] + x2[1]; t * t };
        acc *= x[1].powi(n) + 1.0;
        acc
    }",
    "fn f(v: Vec<f64>, u: &[[f64; 2]]) -> Vec<[f64; 2]> {
        let mut out = vec![[0.0; 2]; u.len()];
        for i in 0..u.len() { for j in 0..2 { out[i][j] = u[i][j] * v[i] + f64::consts::E; } }
        out
    }",
    "fn f(v: &[f32], a: &[f32; 2]) -> (f32, Vec<f32>) {
        let mut w = v.to_vec();
        let b = a.to_owned();
        w = vec![w[0] * b[1], (-1.5), 1.];
        (g(&[(-0.25), w[0]], 2.5e-1), w)
    }",
    // Iterator chains, closures, `match`, patterns, items and assertions.
    "fn f(x: f64) -> f64 { let g = |y: f64| y * x; g(x) }",
    "fn f(x: f64) -> f64 { match x { _ if x > 0.0 => x, _ => -x } }",
    "fn f(x: &[f64]) -> f64 { x.iter().map(|v| v * v).sum() }",
    "fn f(x: &[f64]) -> f64 { let mut s = 0.0; for v in x { s += v; } s }",
    "fn f(x: &[f64]) -> f64 { let mut s = 0.0; for v in x.iter() { s += *v; } s }",
    "fn f(x: f64) -> f64 { assert!(x > 0.0); x }",
    "fn f(x: f64) -> f64 { use std::f64::consts::PI; x * PI }",
    "fn f(x: f64) -> f64 { let (a, (b, c)) = (x, (x, x)); a * b + c }",
    "fn f(x: f64) -> f64 { let [a, b] = [x, x]; a + b }",
    "fn f(x: &[f64], w: &[f64]) -> f64 { x.iter().zip(w).map(|(a, b)| a * b).sum() }",
    "fn f(x: &[f64]) -> f64 { x.windows(2).map(|w| w[1] - w[0]).fold(0.0, |a, d| a + d * d) }",
    "fn f(x: &[f64], k: usize) -> f64 { match k { 0 => x[0], 1 | 2 => x[1].sin(), n @ 3..=9 if n % 2 == 0 => x[0] * n as f64, _ => 1.0 } }",
    "fn f(x: &[f64; 3]) -> [f64; 3] { let mut y = [0.0; 3]; for (i, yi) in y.iter_mut().enumerate() { *yi = x[i] * x[(i + 1) % 3]; } y }",
    "fn f(x: &[f64]) -> f64 { let s = &x[1..]; s[0] * s.iter().map(|&v| v * v).fold(0.0, |a, b| a + b) }",
    "fn f(x: &[f64]) -> f64 { x.iter().map(|&v| v.sin()).max_by(|a, b| a.total_cmp(b)).unwrap() }",
];

/// Same as [`SUPPORTED`] but with `wrt(..)` attributes.
pub const SUPPORTED_WRT: &[(&str, &str)] = &[
    ("wrt(x)", "fn f(x: f64, y: f64) -> f64 { x * y }"),
    ("wrt(x, b)", "fn f(x: &[f64; 2], a: f64, b: f64) -> [f64; 2] { [x[0] * a, x[1] * b] }"),
    ("wrt(w)", "fn f(x: &[f64], w: &[f64]) -> f64 { let mut s = 0.0; for i in 0..x.len() { s += x[i] * w[i]; } s }"),
];

/// Valid Rust items and functions outside the supported subset: each must
/// be answered with a `compile_error!`, never a panic.
pub const REJECTED: &[&str] = &[
    // Not functions.
    "struct S { x: f64 }",
    "struct S<'a, T: ?Sized + 'a>(&'a T);",
    "enum E { A(f64), B { x: f64 } }",
    "union U { a: f64, b: u64 }",
    "impl S { fn f(&mut self, x: f64) -> f64 { x } }",
    "fn f(&self, x: f64) -> f64 { x }",
    "impl<T> Tr for S<T> where T: Copy {}",
    "trait Tr { fn f(x: f64) -> f64; }",
    "trait Tr { fn f(x: f64) -> f64 { x } }",
    "mod m { pub fn f(x: f64) -> f64 { x } }",
    "use std::f64::consts::PI;",
    "const C: f64 = 1.0;",
    "static S: f64 = 1.0;",
    "type A = [f64; 3];",
    "macro_rules! m { () => {} }",
    "extern \"C\" { fn f(x: f64) -> f64; }",
    "extern crate core;",
    "fn f(x: f64) -> f64;",
    "m! { fn f(x: f64) -> f64 { x } }",
    "",
    // Signatures.
    "async fn f(x: f64) -> f64 { x }",
    "const fn f(x: f64) -> f64 { x }",
    "unsafe fn f(x: f64) -> f64 { x }",
    "extern \"C\" fn f(x: f64) -> f64 { x }",
    "const async unsafe extern \"C\" fn f(x: f64) -> f64 { x }",
    "fn f(self, x: f64) -> f64 { x }",
    "fn f(&mut self) -> f64 { 1.0 }",
    "fn f(x: f64) { let _ = x; }",
    "fn f(x: f64) -> () { }",
    "fn f(x: f64) -> ! { loop {} }",
    "fn f(x: f64) -> impl Fn(f64) -> f64 { move |y| x * y }",
    "fn f(x: Box<dyn Fn(f64) -> f64>) -> f64 { x(1.0) }",
    "fn f(x: usize) -> usize { x }",
    "fn f(x: usize) -> f64 { x as f64 }",
    "fn f(s: &str) -> f64 { 1.0 }",
    "fn f(x: String, y: f64) -> f64 { y }",
    "fn f(x: &mut [f64]) -> f64 { x[0] }",
    "fn f(x: &mut f64) -> f64 { *x }",
    "fn f((a, b): (f64, f64)) -> f64 { a * b }",
    "fn f([a, b]: [f64; 2]) -> f64 { a * b }",
    "fn f(ref x: f64) -> f64 { x }",
    "fn f(x @ _: f64) -> f64 { x }",
    "fn f(_: f64) -> f64 { 1.0 }",
    "fn f(x: f32, y: f64) -> f64 { y }",
    "fn f<T: Float, U: Float>(x: T, y: U) -> T { x }",
    "fn f<'a, T>(x: &'a [T]) -> &'a T where T: Float + 'a { &x[0] }",
    "fn f<F: Fn(f64) -> f64>(g: F, x: f64) -> f64 { g(x) }",
    "fn f(x: impl Into<f64>) -> f64 { x.into() }",
    "fn f(x: Option<f64>) -> f64 { x.unwrap() }",
    "fn f(x: f64) -> Option<f64> { Some(x) }",
    "fn f(x: f64) -> Result<f64, ()> { Ok(x) }",
    "fn f(x: std::primitive::f64) -> std::primitive::f64 { x }",
    "fn f(x: <f64 as Tr>::Out) -> f64 { 1.0 }",
    "fn f(x: *const f64) -> f64 { 1.0 }",
    "fn f(x: fn(f64) -> f64) -> f64 { x(1.0) }",
    "fn f(x: &dyn Tr) -> f64 { 1.0 }",
    "fn f(x: Self) -> f64 { 1.0 }",
    "fn f(x: f64, ...) -> f64 { x }",
    // Bodies.
    "fn f(x: f64) -> f64 { (|y: f64| y)(x) }",
    "fn f(x: f64) -> f64 { let p = P { x, ..q }; p.x }",
    "fn f(x: f64) -> f64 { S::new(x).get() }",
    "fn f(x: f64) -> f64 { x.foo() }",
    "fn f(x: f64) -> f64 { x.sin(1.0) }",
    "fn f(x: f64) -> f64 { x.atan2() }",
    "fn f(x: f64) -> f64 { x.mul_add(1.0) }",
    "fn f(x: f64) -> f64 { x.powi::<i32>(2) }",
    "fn f(x: f64) -> f64 { f64::sin() }",
    "fn f(x: f64) -> f64 { f64::atan2(x) }",
    "fn f(x: f64) -> f64 { <f64>::sin(x) }",
    "fn f(x: f64) -> f64 { x.sin_cos().0 }",
    "fn f(x: f64) -> f64 { unsafe { x } }",
    "fn f(x: f64) -> f64 { const { 1.0 } * x }",
    "fn f(x: f64) -> f64 { async { x }; x }",
    "fn f(x: f64) -> f64 { g(x).await }",
    "fn f(x: f64) -> f64 { g(x)? }",
    "fn f(x: f64) -> f64 { println!(\"{x}\"); x }",
    "fn f(x: f64) -> f64 { let v = format!(\"{}\", x); x }",
    "fn f(x: f64) -> f64 { let v = vec![x; 1; 2]; x }",
    "fn f(x: f64) -> f64 { let v = vec![x,, x]; x }",
    "fn f(x: f64) -> f64 { m!(x) }",
    "fn f(x: f64) -> f64 { fn g(y: f64) -> f64 { y } g(x) }",
    "fn f(x: f64) -> f64 { struct S; impl S {} x }",
    "fn f(x: f64) -> f64 { if let Some(y) = Some(x) { y } else { x } }",
    "fn f(x: f64) -> f64 { let Some(y) = Some(x) else { return x; }; y }",
    "fn f(x: f64) -> f64 { let mut y = x; 'a: loop { break 'a; } y }",
    "fn f(x: f64) -> f64 { let mut y = x; 'a: for i in 0..3 { for j in 0..3 { continue 'a; } } y }",
    "fn f(x: f64) -> f64 { loop { break x; } }",
    "fn f(x: f64) -> f64 { let y = loop { break 2.0 * x; }; y }",
    "fn f(x: f64) -> f64 { let y = while x > 0.0 {}; x }",
    "fn f(x: f64) -> f64 { let r = 0..3; x }",
    "fn f(x: f64) -> f64 { let r = &x; *r }",
    "fn f(x: f64) -> f64 { let r = &mut 1.0; *r = x; *r }",
    "fn f(x: &[f64; 2]) -> f64 { let mut y = *x; let r = &mut y; r[0] }",
    "fn f(x: f64) -> f64 { let y = x as f32; y as f64 }",
    "fn f(x: f64) -> f64 { let (a, ..) = (x, x, x); a }",
    "fn f(x: f64) -> f64 { let ref y = x; *y }",
    "fn f(x: f64) -> f64 { let (a, b); a = x; b = x; a * b }",
    "fn f(x: f64) -> f64 { let y = (x += 1.0); x }",
    "fn f(x: f64) -> f64 { { } }",
    "fn f(x: f64) -> f64 { ; }",
    "fn f(x: f64) -> f64 { let () = (); x }",
    "fn f(x: f64) -> f64 { () }",
    "fn f(x: f64) -> f64 { f64::from(x).unwrap() }",
    "fn f(x: f64) -> f64 { g(&mut x) }",
    "fn f(x: f64) -> f64 { g(&&x) }",
    "fn f(x: f64) -> f64 { g(*&x) }",
    "fn f(x: f64) -> f64 { g(x, ..) }",
    "fn f(x: f64) -> f64 { g()() }",
    "fn f(x: f64) -> f64 { (g)(x) }",
    "fn f(x: f64) -> f64 { [g][0](x) }",
    "fn f(x: f64) -> f64 { for i in .. {} x }",
    "fn f(x: f64) -> f64 { for i in 0.. {} x }",
    "fn f(x: f64) -> f64 { for i in ..3 {} x }",
    "fn f(x: f64) -> f64 { for (i, j) in 0..3 {} x }",
    "fn f(x: f64) -> f64 { while let Some(_) = None::<f64> {} x }",
    "fn f(x: f64) -> f64 { 'l: { break 'l; } x }",
    "fn f(x: f64) -> f64 { break; x }",
    "fn f(x: f64) -> f64 { continue; x }",
    "fn f(x: f64) -> f64 { yield x; x }",
    "fn f(x: f64) -> f64 { become g(x) }",
    "fn f(x: f64) -> f64 { box x }",
    "fn f(x: f64) -> f64 { try { x } }",
    "fn f(x: f64) -> f64 { x.await }",
    "fn f(x: f64) -> f64 { x as _ }",
    "fn f(x: f64) -> f64 { (x as f64) as Self }",
];

/// Functions at the edges of the subset, some of them not even well typed:
/// the macro may accept them (rustc then reports what is wrong in the user's
/// own function) but must not panic.
pub const EDGES: &[&str] = &[
    // Signatures.
    "fn f<'a>(x: &'a f64) -> &'a f64 { x }",
    "fn f<T: Float + ?Sized, const N: usize>(x: [T; N]) -> [T; N] { x }",
    "fn f<const N: usize>(x: &[f64; N]) -> [f64; N] { *x }",
    "fn f(x: (f64, (f64, f64))) -> f64 { x.0 }",
    "fn f(x: [f64; 0]) -> [f64; 0] { x }",
    "fn f(x: &[f64; 18446744073709551615]) -> f64 { x[0] }",
    "fn f(x: &[f64; -1]) -> f64 { x[0] }",
    "fn f(x: &[f64; 1 + 1]) -> [f64; 2] { *x }",
    "fn f(#[cfg(x)] x: f64, y: f64) -> f64 { y }",
    "#[cfg(test)] #[must_use] /// doc\n fn f(x: f64) -> f64 { #[allow(unused)] let y = x; loop {} }",
    // Bodies.
    "fn f(x: f64) -> f64 { <f64 as Float>::sin(x) }",
    "fn f(x: f64) -> f64 { let v = vec![]; x }",
    "fn f(x: f64) -> f64 { let y = x as i32 as f64; y }",
    "fn f(x: f64) -> f64 { let y: f32 = 1.0; x }",
    "fn f(x: f64) -> f64 { let y; y = x; y }",
    "fn f(x: f64) -> f64 { let t = (x, x); t.0 += 1.0; t.0 }",
    "fn f(x: f64) -> f64 { x += 1.0; x }",
    "fn f(mut x: f64) -> f64 { x %= 2.0; x <<= 1; x }",
    "fn f(x: f64) -> f64 { (x, x) = (1.0, 2.0); x }",
    "fn f(x: f64) -> f64 { [x][0] = 1.0; x }",
    "fn f(x: f64) -> f64 { g(x) = 1.0; x }",
    "fn f(x: f64) -> f64 { return; }",
    "fn f(x: f64) -> f64 { if x > 0.0 { x } }",
    "fn f(x: f64) -> f64 { }",
    "fn f(x: f64) -> f64 { x; }",
    "fn f(x: f64) -> f64 { (x) }",
    "fn f(x: f64) -> f64 { x.0 }",
    "fn f(x: f64) -> f64 { x[0] }",
    "fn f(x: &[f64; 2]) -> f64 { x[0][1] }",
    "fn f(x: f64) -> f64 { *x }",
    "fn f(x: f64) -> f64 { !x }",
    "fn f(x: f64) -> f64 { x && x }",
    "fn f(x: f64) -> f64 { x << 2 }",
    "fn f(x: f64) -> f64 { x == x }",
    "fn f(x: f64) -> f64 { (x > 0.0) as f64 }",
    "fn f(x: f64) -> f64 { x.clone().clone() }",
    "fn f(x: f64) -> f64 { x.to_owned() }",
    "fn f(x: &[f64]) -> f64 { x.len() }",
    "fn f(x: &[f64]) -> f64 { x.len() as f64 * x[x.len() - 1] }",
    "fn f(x: f64) -> f64 { T::from(x).unwrap() }",
    "fn f(x: f64) -> f64 { f64::from(1.0f32) }",
    "fn f(x: f64) -> f64 { f64::consts::PI }",
    "fn f(x: f64) -> f64 { self::g(x) + super::g(x) + crate::g(x) + ::g(x) }",
    "fn f(x: f64) -> f64 { g::<f64>(x) }",
    "fn f(x: f64) -> f64 { for i in 0.0..1.0 {} x }",
    "fn f(x: f64) -> f64 { for i in (0..3).step_by(0) {} x }",
    "fn f(x: f64) -> f64 { for i in (0..3).rev().rev().step_by(2).rev() {} x }",
    "fn f(x: f64) -> f64 { for i in 0..3 { i = 2; } x }",
    "fn f(x: f64) -> f64 { for i in 0..3 { let i = 2.0 * x; } x }",
    "fn f(x: f64) -> f64 { for x in 0..3 {} x }",
    "fn f(x: f64) -> f64 { #[cfg(all())] let y = x; y }",
    "fn f(x: f64) -> f64 { let x: [f64; 1000000000] = [x; 1000000000]; x[0] }",
    "fn f(x: f64) -> f64 { let a = [x; 18446744073709551615]; x }",
    "fn f(x: f64) -> f64 { x.powi(99999999999999999999) }",
    "fn f(x: f64) -> f64 { 1e400 * x }",
    "fn f(x: f64) -> f64 { 0x1p3 * x }",
    "fn f(x: f64) -> f64 { x.max(1) }",
    "fn f(x: f64) -> f64 { -(-(-(-x))) }",
    "fn f(x: f64) -> f64 { x = x; x }",
    "fn f(x: f64) -> f64 { let f = x; f::tangent(f, 1.0).0 }",
    "fn f(f: f64) -> f64 { f(f) }",
    "fn f(x: f64) -> f64 { f(x) }",
];

/// Attribute arguments: each is paired with a supported function.
pub const ATTRS: &[&str] = &[
    "",
    "dump",
    "wrt(x)",
    "wrt(x, y)",
    "wrt(x,)",
    "wrt()",
    "wrt",
    "wrt = x",
    "wrt(x)(y)",
    "wrt(x), wrt(y)",
    "wrt(x), dump",
    "dump, dump",
    "dump = true",
    "dump(x)",
    "wrt(self)",
    "wrt(crate)",
    "wrt(x::y)",
    "wrt(1)",
    "wrt(\"x\")",
    "wrt(x,, y)",
    "wrt(x y)",
    "wrt(x = 1)",
    "wrt(x(y))",
    "wrt(n)",
    "wrt(zzz)",
    "WRT(x)",
    "foo",
    "crate = \"jacobian\"",
    ",",
    "()",
    "[]",
    "{}",
    "1",
    "\"x\"",
    "#",
    "::wrt(x)",
    "wrt::x",
    "r#wrt(x)",
    "wrt(r#x)",
    "dump,,",
];
