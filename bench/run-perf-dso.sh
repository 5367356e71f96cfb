#!/usr/bin/env bash
# Where the durable single node's CPU goes, native code included (JFR sees Java frames only): DbServer pinned to
# SERVER_CPU under DbLoad (one workload, CLIENTS clients) on CLIENT_CPU, with `perf record -e cpu-clock` attached
# for PERF_SECONDS inside the measured window; prints the shares by shared object (JIT-compiled Java, libjvm,
# RocksDB, kernel, libc), by thread, and the hottest native symbols. Needs `perf` (Debian: linux-perf).
#
#   bench/run-perf-dso.sh        knobs: JAR (bench/target/benchmarks.jar) WORKLOAD (read) CLIENTS (16)
#                                       JIT_WARMUP (40) PERF_SECONDS (15) DOCS (10000) SERVER_CPU (0) CLIENT_CPU (1)
#                                       DATA_ROOT (/work/bench-data)
#   bench/run-perf-dso.sh --help
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
faunus_find_jdk || exit 1
command -v perf > /dev/null || { echo "perf is not installed (Debian: apt-get install linux-perf)" >&2; exit 1; }
JAR=${JAR:-$root/bench/target/benchmarks.jar}
WORKLOAD=${WORKLOAD:-read}
CLIENTS=${CLIENTS:-16}
JIT_WARMUP=${JIT_WARMUP:-40}
PERF_SECONDS=${PERF_SECONDS:-15}
. "$root/bench/pinned-server.sh"
pinned_server_start perf -XX:+PreserveFramePointer ""
# The measured window starts JIT_WARMUP + 3 s after the preload and lasts PERF_SECONDS + 5 s.
taskset -c "$CLIENT_CPU" "$JAVA" -cp "$JAR" io.faunus.bench.DbLoad --port "$port" --stats-port "$sport" \
  --server-pid "$pid" --label perf --run 1 --seed 1 --docs "$DOCS" --clients "$CLIENTS" --workloads "$WORKLOAD" \
  --warmup 3 --duration $((PERF_SECONDS + 5)) --jit-warmup "$JIT_WARMUP" > "$out/load.log" 2>&1 &
load=$!
for _ in $(seq 1 1200); do grep -q preloaded "$out/load.log" && break; sleep 0.5; done
sleep $((JIT_WARMUP + 5))
perf record -e cpu-clock -F 499 -g -p "$pid" -o "$out/perf.data" -- sleep "$PERF_SECONDS" > "$out/perf.log" 2>&1 || true
wait "$load" || true
{
  grep '^RESULT' "$out/load.log" || echo "no RESULT line; see $out/load.log"
  "$root/bench/perf-summary.sh" "$out/perf.data"
} > "$out/summary.txt"
cat "$out/summary.txt"
echo "perf: $out"
