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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

server_pid=""
data_dir=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
  if [ -n "$data_dir" ]; then rm -rf "$data_dir"; data_dir=""; fi
}
trap stop_server EXIT

one_run() { # label jar run [JVM flags]; 0 when the run is valid
  local label=$1 jar=$2 r=$3 opts=${4:-} port sport res
  port=$(free_port)
  sport=$(free_port)
  data_dir=$(mktemp -d "$DATA_ROOT/faunus-compare-XXXXXX")
  # shellcheck disable=SC2086 # opts are words on purpose
  taskset -c "$SERVER_CPU" "$JAVA" -Xss16m $opts -cp "$jar" io.faunus.bench.DbServer --host 127.0.0.1 --port "$port" \
    --stats-port "$sport" --data-dir "$data_dir" >> "$out/server-$label.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/ping" && break
    kill -0 "$server_pid" 2>/dev/null || { echo "server exited; see $out" >&2; stop_server; return 1; }
    sleep 0.2
  done
  echo "== $label run $r/$RUNS ($jar): clients $CLIENTS, ${WARMUP}s warm-up + ${DURATION}s measured per cell; load avg $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  res=$(taskset -c "$CLIENT_CPU" "$JAVA" -cp "$NOW_JAR" io.faunus.bench.DbLoad --port "$port" --stats-port "$sport" \
    --server-pid "$server_pid" --label "$label" --run "$r" --seed "$r" --docs "$DOCS" --rmw-docs "$RMW_DOCS" \
    --retries "$RETRIES" --clients "$CLIENTS" --workloads "$WORKLOADS" --warmup "$WARMUP" --duration "$DURATION" \
    --jit-warmup "$JIT_WARMUP" 2>&1) || true
  echo "$res" | grep -v '^[[:space:]]*at \|^WARNING' >&2
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "!! $label server died during run $r (see $out/server-$label.log); the run is discarded" >&2
    server_pid=""
    stop_server
    return 1
  fi
  stop_server
  echo "$res" | grep -q '^CHECK rmw: .*(ok' || [[ ",$WORKLOADS," != *,rmw,* ]] \
    || { echo "!! $label run $r: rmw check failed or missing; the run is discarded" >&2; return 1; }
  echo "$res" | grep '^RESULT ' >> "$out/results.txt" || { echo "!! $label run $r produced no result" >&2; return 1; }
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq 1 "$RUNS"); do
  one_run "$BEFORE_LABEL" "$BEFORE_JAR" "$r" "${BEFORE_JAVA_OPTS:-}" \
    || one_run "$BEFORE_LABEL" "$BEFORE_JAR" "$r" "${BEFORE_JAVA_OPTS:-}" \
    || echo "!! $BEFORE_LABEL run $r failed twice; left out" >&2
  one_run "$NOW_LABEL" "$NOW_JAR" "$r" "${NOW_JAVA_OPTS:-}" || one_run "$NOW_LABEL" "$NOW_JAR" "$r" "${NOW_JAVA_OPTS:-}" \
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
