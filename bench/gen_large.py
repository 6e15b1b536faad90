#!/usr/bin/env python3
"""Compile-time cost of #[differentiate] on a large function.

For each size N (statements), writes a generated function of N statements --
straight-line code with math methods, reassignments, and a loop -- into a small
temporary crate that depends on `jacobian`, twice: once plain and once under
`#[differentiate]`. After a warm build of the dependencies (so that only the
function's crate is compiled), it times

  * `cargo check`           (expansion + type checking, no code generation),
  * `cargo build`           (debug),
  * `cargo build --release`,

for both variants, and a release build of the annotated function with one caller of
`big::gradient` (what a program that uses one derivative pays), (the median of --reps runs; each run recompiles only the
crate), and counts the lines of the generated code (`JACOBIAN_DUMP` output,
formatted) against the lines of the function itself.

Usage: python3 bench/gen_large.py [--sizes 100 200 400] [--reps 3] [--keep] [--root DIR]
"""

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INPUTS = 8  # length of the active array parameter
UNARY = ["sin", "cos", "tanh", "exp", "sqrt", "ln_1p", "atan", "cbrt"]


def generate(n, seed=1):
    """Rust source of `big(x: &[f64; 8], p: f64) -> f64` with `n` statements:
    three quarters straight-line (new bindings and reassignments of earlier ones),
    one quarter in the body of a loop over `x`."""
    rng = random.Random(seed)
    lines = []
    names = []  # the real-valued locals so far

    def operand():
        r = rng.random()
        if r < 0.2 or not names:
            return f"x[{rng.randrange(INPUTS)}]"
        if r < 0.3:
            return "p"
        return rng.choice(names[-20:])  # mostly recent values, as real code does

    def expr():
        a, b = operand(), operand()
        kind = rng.randrange(6)
        if kind == 0:
            return f"{a} * {b} + {rng.uniform(0.1, 2):.3f}"
        if kind == 1:
            return f"({a} - {b}).{rng.choice(UNARY)}()"
        if kind == 2:
            return f"{a}.{rng.choice(UNARY)}() * {b}"
        if kind == 3:
            return f"{a} / (1.0 + {b} * {b})"
        if kind == 4:
            return f"{a}.mul_add({b}, {rng.uniform(-1, 1):.3f})"
        return f"{a}.max({b}) - {a}.min({b}).abs()"

    straight = n - n // 4
    for k in range(straight):
        if names and rng.random() < 0.25:
            v = rng.choice(names)
            lines.append(f"    {v} = {expr()};")
        else:
            v = f"v{k}"
            lines.append(f"    let mut {v} = {expr()};")
            names.append(v)
    # The loop: n // 4 statements, each reading x[i] and the running accumulators.
    body = n // 4 - 1  # the accumulator's `let` counts as one statement
    lines.append("    let mut acc = 0.0;")
    lines.append(f"    for i in 0..{INPUTS} {{")
    accs = ["acc"]
    for k in range(body):
        a = rng.choice(accs)
        b = rng.choice(names[-20:]) if names else "p"
        if k % 3 == 0:
            v = f"w{k}"
            lines.append(f"        let {v} = (x[i] * {b} + {a}).{rng.choice(UNARY)}();")
            accs.append(v)
        elif k % 3 == 1:
            lines.append(f"        acc += {rng.choice(accs)} * {b};")
        else:
            lines.append(f"        acc = acc.{rng.choice(UNARY)}() + x[i] * {rng.uniform(0.1, 1):.3f};")
    lines.append("    }")
    tail = " + ".join(names[-4:]) if names else "0.0"
    lines.append(f"    acc + {tail}")
    fn = "pub fn big(x: &[f64; 8], p: f64) -> f64 {\n" + "\n".join(lines) + "\n}\n"
    return fn


def describe(root):
    """The checkout's commit, marked when the working tree has changes."""
    proc = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=root,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return proc.stdout.strip() or "not a git checkout"


def crate_source(fn, differentiated, calls=""):
    head = "#![allow(unused_mut, unused_assignments, clippy::all)]\n"
    if differentiated:
        return head + "use jacobian::differentiate;\n\n#[differentiate]\n" + fn + calls
    return head + "#[allow(unused_imports)]\nuse jacobian::differentiate;\n\n" + fn


# A program that calls one derivative: only its sweep is compiled.
GRADIENT_CALL = """
pub fn use_gradient(x: &[f64; 8], p: f64) -> ([f64; 8], f64) {
    big::gradient(x, p)
}
"""


class BuildFailed(Exception):
    """A build of the measured crate failed; the message is a one-line summary."""


def run(cmd, cwd, env=None, capture=False):
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        summary = "failed"
        if "overflowed its stack" in proc.stderr:
            summary = "rustc stack overflow"
        elif "SIGSEGV" in proc.stderr:
            summary = "rustc SIGSEGV"
        errors = [l for l in proc.stderr.splitlines() if l.startswith("error")]
        sys.stderr.write(f"`{' '.join(cmd)}` failed ({summary}): {errors[:3]}\n")
        raise BuildFailed(summary)
    return elapsed, (proc.stderr if capture else "")


def setup(tmp, root):
    crate = os.path.join(tmp, "large")
    os.makedirs(os.path.join(crate, "src"))
    with open(os.path.join(crate, "Cargo.toml"), "w") as f:
        f.write(
            '[package]\nname = "large"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n'
            "[workspace]\n\n[lib]\npath = \"src/lib.rs\"\n\n"
            f'[dependencies]\njacobian = {{ path = "{root}" }}\n'
        )
    lock = os.path.join(root, "Cargo.lock")
    if os.path.exists(lock):
        shutil.copy(lock, os.path.join(crate, "Cargo.lock"))
    return crate


def write(crate, source):
    path = os.path.join(crate, "src", "lib.rs")
    with open(path, "w") as f:
        f.write(source)
    # A fresh mtime: cargo recompiles the crate (and only the crate).
    now = time.time()
    os.utime(path, (now, now))


def timed(crate, cmd, source, reps, env):
    """Median build time; after a rustc stack overflow, the summary and the time with a
    64 MiB compiler stack (the workaround rustc suggests)."""
    times = []
    for _ in range(reps):
        write(crate, source)
        try:
            times.append(run(cmd, crate, env)[0])
        except BuildFailed as failure:
            if "stack overflow" not in str(failure) or "RUST_MIN_STACK" in env:
                return str(failure)
            big_stack = dict(env, RUST_MIN_STACK=str(64 << 20))
            retry = timed(crate, cmd, source, reps, big_stack)
            return f"{failure}; {cell(retry)} with RUST_MIN_STACK=64 MiB"
    return statistics.median(times)


def cell(value):
    return f"{value:.2f}" if isinstance(value, float) else f"**{value}**"


def dump_lines(crate, source, env):
    """(lines of the function, lines of the generated module), both as formatted by the dump."""
    write(crate, source)
    env = dict(env, JACOBIAN_DUMP="big")
    _, err = run(["cargo", "check", "--quiet"], crate, env, capture=True)
    text = err[err.index("pub fn big(") :] if "pub fn big(" in err else err
    marker = text.find("///Derivatives of")
    if marker < 0:
        raise SystemExit("no dump found in the compiler's output")
    fn_lines = text[:marker].count("\n")
    gen_lines = text[marker:].count("\n")
    return fn_lines, gen_lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 400])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--keep", action="store_true", help="keep the temporary crate")
    ap.add_argument("--root", default=ROOT, help="the `jacobian` checkout to measure (default: this one)")
    args = ap.parse_args()
    root = os.path.abspath(args.root)

    tmp = tempfile.mkdtemp(prefix="jacobian-gen-large-")
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(tmp, "target"), CARGO_TERM_COLOR="never")
    env.pop("JACOBIAN_DUMP", None)
    crate = setup(tmp, root)
    try:
        print(f"temporary crate: {crate}", file=sys.stderr)
        print(f"jacobian at {root}: {describe(root)}", file=sys.stderr)
        warm = crate_source(generate(8), True)
        for cmd in (["cargo", "check"], ["cargo", "build"], ["cargo", "build", "--release"]):
            write(crate, warm)
            t, _ = run(cmd, crate, env)
            print(f"warm-up `{' '.join(cmd)}` (dependencies): {t:.1f} s", file=sys.stderr)

        rows = []
        for n in args.sizes:
            fn = generate(n)
            plain, diff = crate_source(fn, False), crate_source(fn, True)
            grad = crate_source(fn, True, GRADIENT_CALL)
            fn_lines, gen_lines = dump_lines(crate, diff, env)
            row = {"n": n, "fn_lines": fn_lines, "gen_lines": gen_lines}
            for key, cmd in (
                ("check", ["cargo", "check"]),
                ("debug", ["cargo", "build"]),
                ("release", ["cargo", "build", "--release"]),
            ):
                row[key + "_plain"] = timed(crate, cmd, plain, args.reps, env)
                row[key + "_diff"] = timed(crate, cmd, diff, args.reps, env)
                print(f"n = {n}: {key}: plain {cell(row[key + '_plain'])} s, "
                      f"#[differentiate] {cell(row[key + '_diff'])} s", file=sys.stderr)
            row["release_grad"] = timed(crate, ["cargo", "build", "--release"], grad, args.reps, env)
            print(f"n = {n}: release, calling `gradient`: {cell(row['release_grad'])} s", file=sys.stderr)
            rows.append(row)

        print(f"Median of {args.reps} builds of the function's crate only (dependencies warm), in seconds.\n")
        print("| statements | fn lines | generated lines | generated / fn | check plain | check diff "
              "| debug plain | debug diff | release plain | release diff | release, `gradient` called |")
        print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
        for r in rows:
            times = " | ".join(cell(r[k + v]) for k in ("check", "debug", "release") for v in ("_plain", "_diff"))
            print(f"| {r['n']} | {r['fn_lines']} | {r['gen_lines']} | {r['gen_lines'] / r['fn_lines']:.1f} "
                  f"| {times} | {cell(r['release_grad'])} |")
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
