#!/usr/bin/env bash
# Two builds of the single node side by side (docs/benchmarks.md, "Step 4: the log refactor and the cluster"):
# the durable (RocksDB) workloads of bench/run-db.sh against the DbServer of each benchmark jar, interleaved run
# by run (before, now, before, now, ...), with one load generator (DbLoad from NOW_JAR) for both. Prints each
# side's table and a comparison: medians, min–max, and now / before. Not part of any test suite.
#
#   BEFORE_JAR=/work/wt/bench-base/bench/target/benchmarks.jar bench/run-compare.sh
#   knobs: BEFORE_JAR (required) NOW_JAR (this tree's bench/target/benchmarks.jar) BEFORE_LABEL (before)
#          NOW_LABEL (now) RUNS (3) WORKLOADS (insert,rmw) CLIENTS (1,16,64) WARMUP (3) DURATION (8)
#          JIT_WARMUP (20) DOCS (10000) RMW_DOCS (1000) RETRIES (3) SERVER_CPU (0) CLIENT_CPU (1)
#          DATA_ROOT (/work/bench-data) SKIP_BUILD=1 (do not rebuild NOW_JAR)
#          BEFORE_JAVA_OPTS, NOW_JAVA_OPTS (extra JVM flags of each side's server, e.g. to compare one jar with
#          itself: BEFORE_JAR=$NOW_JAR BEFORE_JAVA_OPTS=-Dfaunus.ioThreads=2)
# Build the other jar in its own checkout first, e.g.
#   git worktree add --detach /work/wt/bench-base cf057e8
#   (cd /work/wt/bench-base && scripts/mvnw -q -B -Pbench -pl bench -am package -DskipTests)
# Each jar brings its own DbServer (the `faunus start` wiring of its tree plus GET /counters), so the two trees
# need not compile against each other.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
faunus_find_jdk || exit 1

BEFORE_JAR=${BEFORE_JAR:?set BEFORE_JAR to the other build\'s bench/target/benchmarks.jar}
NOW_JAR=${NOW_JAR:-$root/bench/target/benchmarks.jar}
BEFORE_LABEL=${BEFORE_LABEL:-before}
NOW_LABEL=${NOW_LABEL:-now}
RUNS=${RUNS:-3}
WORKLOADS=${WORKLOADS:-insert,rmw}
CLIENTS=${CLIENTS:-1,16,64}
WARMUP=${WARMUP:-3}
DURATION=${DURATION:-8}
JIT_WARMUP=${JIT_WARMUP:-20}
DOCS=${DOCS:-10000}
RMW_DOCS=${RMW_DOCS:-1000}
RETRIES=${RETRIES:-3}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
DATA_ROOT=${DATA_ROOT:-/work/bench-data} # a real disk: fsync on a tmpfs costs nothing
out="$root/bench/target/compare-$(date -u +%Y%m%dT%H%M%SZ)"

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building (scripts/mvnw -Pbench -pl bench -am package)..." >&2
  (cd "$root" && scripts/mvnw -q -B -Pbench -pl bench -am package -DskipTests) >&2
fi
for j in "$BEFORE_JAR" "$NOW_JAR"; do [ -f "$j" ] || { echo "missing $j: build it first" >&2; exit 1; }; done
mkdir -p "$out" "$DATA_ROOT"
fs=$(df -T "$DATA_ROOT" | awk 'NR==2 {print $2 " on " $1}')
commit_of() { git -C "$(dirname "$1")/../.." rev-parse --short HEAD 2>/dev/null || echo "?"; }

. "$root/bench/db-run.sh"

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq 1 "$RUNS"); do
  db_run "$BEFORE_LABEL" rocks "$BEFORE_JAR" "$NOW_JAR" "$r" "${BEFORE_JAVA_OPTS:-}" \
    || db_run "$BEFORE_LABEL" rocks "$BEFORE_JAR" "$NOW_JAR" "$r" "${BEFORE_JAVA_OPTS:-}" \
    || echo "!! $BEFORE_LABEL run $r failed twice; left out" >&2
  db_run "$NOW_LABEL" rocks "$NOW_JAR" "$NOW_JAR" "$r" "${NOW_JAVA_OPTS:-}" \
    || db_run "$NOW_LABEL" rocks "$NOW_JAR" "$NOW_JAR" "$r" "${NOW_JAVA_OPTS:-}" \
    || echo "!! $NOW_LABEL run $r failed twice; left out" >&2
done

echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $BEFORE_LABEL = $BEFORE_JAR (commit $(commit_of "$BEFORE_JAR")), $NOW_LABEL = $NOW_JAR (commit $(commit_of "$NOW_JAR")); load generator: DbLoad from $NOW_LABEL's jar"
echo "$(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -n1)), $("$JAVA" -version 2>&1 | head -n1); server on core $SERVER_CPU, load generator on core $CLIENT_CPU; $DOCS docs, rmw over $RMW_DOCS docs with x-max-contention-retries: $RETRIES; ${WARMUP}s warm-up + ${DURATION}s measured per cell; data in $DATA_ROOT ($fs); load avg at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$root/bench/db_table.py" "$out/results.txt"
echo
python3 "$root/bench/compare_table.py" "$out/results.txt" "$BEFORE_LABEL" "$NOW_LABEL"
echo
echo "raw results: $out/results.txt"
