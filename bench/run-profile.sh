#!/usr/bin/env bash
# A JFR profile of the durable single node under one database workload: DbServer (pinned to SERVER_CPU) with
# Flight Recorder on, DbLoad (pinned to CLIENT_CPU) driving it, then `jfr view` summaries (hot methods, and
# where threads wait). Writes bench/target/profile-<time>/{server.jfr,summary.txt}; the .jfr stays out of git.
#
#   bench/run-profile.sh                  knobs: JAR (bench/target/benchmarks.jar) WORKLOAD (insert) CLIENTS (16)
#                                                DURATION (20) WARMUP (3) JIT_WARMUP (10) DOCS (10000)
#                                                SERVER_CPU (0) CLIENT_CPU (1) DATA_ROOT (/work/bench-data)
#                                                SAMPLE_MS (10: JFR execution-sampling period)
#   bench/run-profile.sh --help
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
faunus_find_jdk || exit 1
JAR=${JAR:-$root/bench/target/benchmarks.jar}
WORKLOAD=${WORKLOAD:-insert}
CLIENTS=${CLIENTS:-16}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-3}
JIT_WARMUP=${JIT_WARMUP:-10}
DOCS=${DOCS:-10000}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
DATA_ROOT=${DATA_ROOT:-/work/bench-data}
out="$root/bench/target/profile-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out" "$DATA_ROOT"
jfr_tool="$(dirname "$JAVA")/jfr"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
sport=$(free_port)
data_dir=$(mktemp -d "$DATA_ROOT/faunus-profile-XXXXXX")
taskset -c "$SERVER_CPU" "$JAVA" -Xss16m "-XX:StartFlightRecording=filename=$out/server.jfr,settings=profile,jdk.ExecutionSample#period=${SAMPLE_MS:-10}ms,dumponexit=true" \
  -cp "$JAR" io.faunus.bench.DbServer --host 127.0.0.1 --port "$port" --stats-port "$sport" --data-dir "$data_dir" \
  > "$out/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data_dir"' EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/ping" && break; sleep 0.2; done
taskset -c "$CLIENT_CPU" "$JAVA" -cp "$JAR" io.faunus.bench.DbLoad --port "$port" --stats-port "$sport" \
  --server-pid "$pid" --label profile --run 1 --seed 1 --docs "$DOCS" --clients "$CLIENTS" --workloads "$WORKLOAD" \
  --warmup "$WARMUP" --duration "$DURATION" --jit-warmup "$JIT_WARMUP" 2>&1 | grep '^RESULT' | tee "$out/result.txt"
kill "$pid"; wait "$pid" 2>/dev/null || true # the recording is written on a clean exit
trap 'rm -rf "$data_dir"' EXIT
{
  cat "$out/result.txt"
  "$jfr_tool" view --width 160 hot-methods "$out/server.jfr"
  echo "Inclusive shares of the samples (bench/jfr_shares.py; the run's setup included)"
  "$jfr_tool" print --events jdk.ExecutionSample --stack-depth 64 "$out/server.jfr" | python3 "$root/bench/jfr_shares.py" --top 60
  "$jfr_tool" view --width 160 thread-cpu-load "$out/server.jfr" 2>/dev/null | head -30 || true
} > "$out/summary.txt" 2>&1
cat "$out/summary.txt"
echo "profile: $out"
