#!/bin/sh
# Long random-program run: COUNT programs (default 3000) in batches of 400 (one
# build each: a build holds at most 400), seeds SEED, SEED+1, ... (default: a
# random SEED). Prints every batch's per-shard counts and failures, then the totals;
# the log is kept in $TMPDIR (or /tmp). Exit status 1 if any program failed.
#
#   random-programs/long-run.sh [COUNT [SEED]]
set -u
count=${1:-3000}
seed=${2:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
log=${TMPDIR:-/tmp}/random-programs-$seed.log
cd "$(dirname "$0")/.." || exit 2
: >"$log"
echo "random programs: $count programs from seed $seed (log: $log)"
done_=0
s=$seed
while [ "$done_" -lt "$count" ]; do
    n=$((count - done_))
    [ "$n" -gt 400 ] && n=400
    echo "== RANDOM_PROGRAMS_SEED=$s RANDOM_PROGRAMS_COUNT=$n" | tee -a "$log"
    RANDOM_PROGRAMS_SEED=$s RANDOM_PROGRAMS_COUNT=$n \
        cargo test -q -p random-programs --no-fail-fast --test 'shard_*' 2>&1 \
        | grep -v '^error: \|^Caused by\|process didn.t exit\|^ *$' | tee -a "$log"
    done_=$((done_ + n))
    s=$((s + 1))
done
awk '/^random programs, shard/ {
        for (i = 1; i <= NF; i++) {
            if ($i == "generated") g += $(i + 1); if ($i == "checked") c += $(i + 1);
            if ($i == "discarded") d += $(i + 1); if ($i == "failed") f += $(i + 1);
        }
    }
    END {
        printf "total: generated %d, checked %d, discarded %d, failed %d\n", g, c, d, f;
        exit f > 0
    }' "$log"
