#!/usr/bin/env bash
# What one request costs the server in the kernel: DbServer pinned to SERVER_CPU under DbLoad (one workload,
# CLIENTS clients, 1 by default: the fixed cost of a lone request) on CLIENT_CPU. Inside the measured window it
# attaches `perf stat` (system calls, context switches, CPU migrations and CPU time, per thread) and then
# `strace -c -f` (which system calls; strace slows the server, so its window is counted apart), and divides both
# by the requests the server answered in each window (from its /metrics). Needs perf (Debian: linux-perf) and
# strace.
#
#   bench/run-syscalls.sh        knobs: JAR (bench/target/benchmarks.jar) SERVER_ARGS (DbServer options, e.g.
#                                       "--transport nio") JAVA_OPTS (server JVM options) WORKLOAD (read)
#                                       CLIENTS (1) JIT_WARMUP (30) WINDOW_S (10, each of the two windows)
#                                       DOCS (10000) SERVER_CPU (0) CLIENT_CPU (1) DATA_ROOT (/work/bench-data)
#   bench/run-syscalls.sh --help
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
faunus_find_jdk || exit 1
for tool in perf strace curl; do
  command -v "$tool" > /dev/null || { echo "$tool is not installed (Debian: linux-perf, strace, curl)" >&2; exit 1; }
done
JAR=${JAR:-$root/bench/target/benchmarks.jar}
JAVA_OPTS=${JAVA_OPTS:-}
SERVER_ARGS=${SERVER_ARGS:-}
WORKLOAD=${WORKLOAD:-read}
CLIENTS=${CLIENTS:-1}
JIT_WARMUP=${JIT_WARMUP:-30}
SECONDS_PER_WINDOW=${WINDOW_S:-10} # not SECONDS: bash's own counter
. "$root/bench/pinned-server.sh"
pinned_server_start syscalls "$JAVA_OPTS" "$SERVER_ARGS"
# The load outlasts both windows: warm-up, then perf stat, then strace, then a margin.
taskset -c "$CLIENT_CPU" "$JAVA" -cp "$JAR" io.faunus.bench.DbLoad --port "$port" --stats-port "$sport" \
  --server-pid "$pid" --label syscalls --run 1 --seed 1 --docs "$DOCS" --clients "$CLIENTS" --workloads "$WORKLOAD" \
  --warmup 3 --duration $((2 * SECONDS_PER_WINDOW + 10)) --jit-warmup "$JIT_WARMUP" > "$out/load.log" 2>&1 &
load=$!
for _ in $(seq 1 1200); do grep -q preloaded "$out/load.log" && break; sleep 0.5; done
sleep $((JIT_WARMUP + 5))
# Requests answered so far: the sum of the server's per-endpoint request counters.
answered() {
  curl -sf -H 'Authorization: Bearer secret' "http://127.0.0.1:$port/metrics" \
    | awk '/^faunus_requests_seconds_count/ { n += $NF } END { printf "%d\n", n }'
}
a0=$(answered)
perf stat -x ';' --per-thread -e raw_syscalls:sys_enter,context-switches,cpu-migrations,task-clock -p "$pid" \
  -o "$out/perf-stat.txt" -- sleep "$SECONDS_PER_WINDOW" > /dev/null 2>&1 || true
a1=$(answered)
timeout -s INT "$SECONDS_PER_WINDOW" strace -c -f -p "$pid" -o "$out/strace.txt" > /dev/null 2>&1 || true
a2=$(answered)
wait "$load" || true
perf_requests=$((a1 - a0 - 1)) # the scrape itself is one request
strace_requests=$((a2 - a1 - 1))
{
  grep '^RESULT' "$out/load.log" || echo "no RESULT line; see $out/load.log"
  echo "## perf stat window: $perf_requests requests in ${SECONDS_PER_WINDOW} s; per request, threads with 1 event per 100 requests or more"
  # CSV lines: "<comm>-<tid>;<count>;<unit>;<event>;..."; summed by thread name with the tid dropped; task-clock
  # is in milliseconds.
  awk -F';' -v n="$perf_requests" '
    $4 ~ /^(raw_syscalls:sys_enter|context-switches|cpu-migrations|task-clock)$/ && $2 ~ /^[0-9.]+$/ {
      name = $1; sub(/-[0-9]+$/, "", name); sub(/^ +/, "", name); gsub(/ /, "_", name); v[name, $4] += $2; names[name] = 1; tot[$4] += $2 }
    END {
      for (t in names) if (v[t, "raw_syscalls:sys_enter"] + v[t, "context-switches"] >= n / 100)
        printf "%-28s %10.2f %10.3f %10.3f %12.1f\n", t, v[t, "raw_syscalls:sys_enter"] / n,
          v[t, "context-switches"] / n, v[t, "cpu-migrations"] / n, v[t, "task-clock"] * 1000 / n
      printf "%-28s %10.2f %10.3f %10.3f %12.1f\n", "ALL", tot["raw_syscalls:sys_enter"] / n,
        tot["context-switches"] / n, tot["cpu-migrations"] / n, tot["task-clock"] * 1000 / n
    }' "$out/perf-stat.txt" | { printf "%-28s %10s %10s %10s %12s\n" thread syscalls ctx-sw migr cpu-us; sort -k2 -n -r; }
  echo "## strace window: $strace_requests requests; calls per request by system call (strace slows the server)"
  awk -v n="$strace_requests" '$1 ~ /^[0-9.]+$/ && NF >= 5 { c = $4; s = $NF; if (s != "total") printf "%-20s %8.2f\n", s, c / n }' \
    "$out/strace.txt" | sort -k2 -n -r | head -15
} > "$out/summary.txt"
cat "$out/summary.txt"
echo "syscalls: $out"
