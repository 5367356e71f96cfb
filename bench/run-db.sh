#!/usr/bin/env bash
# Database workloads (docs/benchmarks.md, "Database workloads (step 2)"): point reads, inserts, index queries and
# a read-modify-write transaction at 1, 16 and 64 clients, against a durable (RocksDB) node and, for contrast, an
# in-memory one. Each run starts a fresh node (DbServer: the `faunus start` wiring plus a commit/fsync counter
# endpoint) on SERVER_CPU, preloads it, and runs every cell with DbLoad on CLIENT_CPU. Runs of the two modes are
# interleaved so both see the same background load. Not part of any test suite.
#
#   bench/run-db.sh                               # build, then 3 runs per mode; prints the table
#   RUNS=5 DURATION=15 bench/run-db.sh            # knobs: RUNS MODES WARMUP DURATION JIT_WARMUP DOCS RMW_DOCS
#                                                 #   RETRIES CLIENTS WORKLOADS SERVER_CPU CLIENT_CPU DATA_ROOT
#   SKIP_BUILD=1 MODES=rocks bench/run-db.sh      # reuse bench/target/benchmarks.jar; durable node only
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
faunus_find_jdk || exit 1

RUNS=${RUNS:-3}
MODES=${MODES:-rocks memory}
WARMUP=${WARMUP:-3}
DURATION=${DURATION:-8}
JIT_WARMUP=${JIT_WARMUP:-20}
DOCS=${DOCS:-10000}
RMW_DOCS=${RMW_DOCS:-1000}
RETRIES=${RETRIES:-3}
CLIENTS=${CLIENTS:-1,16,64}
WORKLOADS=${WORKLOADS:-read,index,insert,rmw}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
# RocksDB data goes on a real disk: /tmp may be a tmpfs on other machines, where fsync costs nothing.
DATA_ROOT=${DATA_ROOT:-/work/bench-data}
jar="$root/bench/target/benchmarks.jar"
out="$root/bench/target/db-$(date -u +%Y%m%dT%H%M%SZ)"

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building (scripts/mvnw -Pbench -pl bench -am package)..." >&2
  (cd "$root" && scripts/mvnw -q -B -o -Pbench -pl bench -am package -DskipTests) >&2
fi
[ -f "$jar" ] || { echo "missing $jar: build first" >&2; exit 1; }
mkdir -p "$out" "$DATA_ROOT"
fs=$(df -T "$DATA_ROOT" | awk 'NR==2 {print $2 " on " $1}')

. "$root/bench/db-run.sh"

for r in $(seq 1 "$RUNS"); do
  for mode in $MODES; do
    db_run "$mode" "$mode" "$jar" "$jar" "$r" || db_run "$mode" "$mode" "$jar" "$jar" "$r" || echo "!! $mode run $r failed twice; left out" >&2
  done
done

echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$root" rev-parse --short HEAD), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -n1)), $("$JAVA" -version 2>&1 | head -n1)"
echo "server on core $SERVER_CPU, load generator on core $CLIENT_CPU; $DOCS docs, rmw over $RMW_DOCS docs with x-max-contention-retries: $RETRIES; ${WARMUP}s warm-up + ${DURATION}s measured per cell; rocks data in $DATA_ROOT ($fs)"
python3 "$root/bench/db_table.py" "$out/results.txt"
echo
echo "raw results: $out/results.txt"
