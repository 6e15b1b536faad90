//! Generates the random programs of the test shards into `OUT_DIR`.
//!
//! `RANDOM_PROGRAMS_SEED` (a number, or `random`) and `RANDOM_PROGRAMS_COUNT` choose
//! the set; the default is a fixed seed and a count small enough for CI.

mod code;
mod emit;
mod gen;
mod rng;

use std::env;
use std::fs;
use std::path::Path;

/// One per `tests/shard_*.rs` (separate test binaries compile in parallel).
const SHARDS: usize = 8;
/// Compiler memory grows faster than linearly with the programs in one test binary
/// (≈1.5 GB for 50, ≈12 GB for 750): larger runs loop over seeds (`long-run.sh`).
const MAX_PER_SHARD: usize = 50;
const DEFAULT_SEED: u64 = 20_240_601;
const DEFAULT_COUNT: usize = 320;

fn main() {
    println!("cargo:rerun-if-env-changed=RANDOM_PROGRAMS_SEED");
    println!("cargo:rerun-if-env-changed=RANDOM_PROGRAMS_COUNT");
    println!("cargo:rerun-if-changed=build");
    let out_dir = env::var("OUT_DIR").expect("OUT_DIR");
    let seed = match env::var("RANDOM_PROGRAMS_SEED") {
        Ok(s) if s.trim() == "random" => {
            // A path that never exists, so every build draws a new seed.
            println!("cargo:rerun-if-changed={out_dir}/always-regenerate");
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("clock");
            (t.as_nanos() as u64 ^ u64::from(std::process::id())) % 1_000_000_000
        }
        Ok(s) => s.trim().parse().unwrap_or_else(|_| {
            panic!("RANDOM_PROGRAMS_SEED must be a number or `random`, not {s:?}")
        }),
        Err(_) => DEFAULT_SEED,
    };
    let total = match env::var("RANDOM_PROGRAMS_COUNT") {
        Ok(s) => s
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("RANDOM_PROGRAMS_COUNT must be a number, not {s:?}")),
        Err(_) => DEFAULT_COUNT,
    };
    assert!(
        total <= SHARDS * MAX_PER_SHARD,
        "RANDOM_PROGRAMS_COUNT is at most {} per build ({SHARDS} test binaries of {MAX_PER_SHARD} programs: \
         compiler memory grows quickly with programs per binary); for more, run \
         random-programs/long-run.sh <count>, which builds and runs batches with successive seeds",
        SHARDS * MAX_PER_SHARD
    );
    for shard in 0..SHARDS {
        let (first, end) = (total * shard / SHARDS, total * (shard + 1) / SHARDS);
        let mut stats = gen::Stats::default();
        let mut programs: Vec<gen::Program> = Vec::new();
        for index in first..end {
            let mut rng = rng::Rng::new(seed.wrapping_mul(1_000_003).wrapping_add(index as u64));
            let p = gen::program(&mut rng, &mut stats, index, &programs);
            programs.push(p);
        }
        let info = emit::ShardInfo {
            seed,
            shard,
            shards: SHARDS,
            total,
        };
        let text = emit::shard(&info, &programs, &stats);
        let path = Path::new(&out_dir).join(format!("shard_{shard}.rs"));
        fs::write(&path, text).expect("write the generated shard");
    }
}
