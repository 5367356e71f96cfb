#!/usr/bin/env bash
# A profile of the Faunus server under one workload of `./faunus bench` (place-order included, which the step-2
# DbLoad of run-profile.sh / run-perf-dso.sh does not have): runs Bench with --peer none, finds its DbServer, and
# inside the measured window either records JFR (jcmd JFR.start, `profile` settings, 1 ms method sampling) or
# `perf record -e cpu-clock` (native code and the kernel too), with DbServer's counters (commits, fsyncs, inline
# runs given up at their budget) before and after. Writes bench/target/profile-bench-<time>/: the
# bench output, summary.txt (inclusive Java shares or shares by DSO/thread), server.jfr or perf.data.
#
#   bench/run-profile-bench.sh       knobs: JAR (bench/target/benchmarks.jar) WORKLOAD (place-order) CLIENTS (16)
#                                           JIT_WARMUP (40) WARMUP (2) DURATION (20) MODE (jfr | perf)
#                                           SERVER_CPUS (0) CLIENT_CPUS (1) QUERY_STYLE (literal)
#   bench/run-profile-bench.sh --help
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
faunus_find_jdk || exit 1
JAR=${JAR:-$root/bench/target/benchmarks.jar}
WORKLOAD=${WORKLOAD:-place-order}
CLIENTS=${CLIENTS:-16}
JIT_WARMUP=${JIT_WARMUP:-40}
WARMUP=${WARMUP:-2}
DURATION=${DURATION:-20}
MODE=${MODE:-jfr}
SERVER_CPUS=${SERVER_CPUS:-0}
CLIENT_CPUS=${CLIENT_CPUS:-1}
QUERY_STYLE=${QUERY_STYLE:-literal}
case "$MODE" in jfr | perf) ;; *) echo "MODE is jfr or perf" >&2; exit 2 ;; esac
[ "$MODE" = perf ] && ! command -v perf > /dev/null && { echo "perf is not installed (Debian: linux-perf)" >&2; exit 1; }
[ "$DURATION" -ge 6 ] || { echo "DURATION must be at least 6 s (the recording skips 2 s at each end)" >&2; exit 2; }
out="$root/bench/target/profile-bench-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
jbin="$(dirname "$JAVA")"

FAUNUS_HOME="$root" "$JAVA" -cp "$JAR" io.faunus.bench.Bench --peer none --workload "$WORKLOAD" --clients "$CLIENTS" \
  --jit-warmup "$JIT_WARMUP" --warmup "$WARMUP" --duration "$DURATION" --query-style "$QUERY_STYLE" \
  --server-cpus "$SERVER_CPUS" --client-cpus "$CLIENT_CPUS" --out "$out/bench" > "$out/bench.log" 2>&1 &
bench=$!
trap 'kill "$bench" 2>/dev/null || true' EXIT
# The server is the DbServer started by this Bench (through taskset, which execs java in place).
server=""
for _ in $(seq 1 600); do
  server=$(pgrep -P "$bench" -f io.faunus.bench.DbServer || true)
  [ -n "$server" ] && break
  sleep 0.5
done
[ -n "$server" ] || { echo "no DbServer child of $bench; see $out/bench.log" >&2; exit 1; }
for _ in $(seq 1 1200); do grep -q '^warm-up' "$out/bench.log" && break; sleep 0.5; done
# The measured window starts after the JIT warm-up and the cell's warm-up; record its middle.
sleep $((JIT_WARMUP + ${WARMUP%.*} + 2))
seconds=$((DURATION - 4))
# DbServer's counters (commits, fsyncs, inline runs given up) around the recording.
sport=$(tr '\0' '\n' < "/proc/$server/cmdline" | grep -A1 -x -- --stats-port | tail -1)
counters() { curl -sf "http://127.0.0.1:$sport/counters" || echo "(no counters)"; }
before=$(counters)
if [ "$MODE" = jfr ]; then
  "$jbin/jcmd" "$server" JFR.start name=prof settings=profile method-profiling=max duration="${seconds}s" \
    filename="$out/server.jfr" > "$out/jcmd.log" 2>&1
  sleep $((seconds + 2))
else
  perf record -e cpu-clock -F 999 -g -p "$server" -o "$out/perf.data" -- sleep "$seconds" > "$out/perf.log" 2>&1 || true
fi
after=$(counters)
wait "$bench" || true
trap - EXIT
{
  echo "counters before the recording: $before"
  echo "counters after the recording:  $after"
  grep -E '^(RESULT|bench:|CHECK)' "$out/bench.log" || echo "no RESULT line; see $out/bench.log"
  if [ "$MODE" = jfr ]; then
    echo "## inclusive shares of the Java samples (bench/jfr_shares.py)"
    "$jbin/jfr" print --events jdk.ExecutionSample --stack-depth 96 "$out/server.jfr" | python3 "$root/bench/jfr_shares.py" --top 90
    "$jbin/jfr" view --width 160 hot-methods "$out/server.jfr" 2>/dev/null | head -40 || true
  else
    "$root/bench/perf-summary.sh" "$out/perf.data"
  fi
} > "$out/summary.txt" 2>&1
cat "$out/summary.txt"
echo "profile: $out"
