#!/usr/bin/env bash
# HTTP round trips per second for `1 + 1` against Faunus, next to a plain Netty ceiling measured in the same run
# (docs/benchmarks.md). Servers are pinned to SERVER_CPU, the load generator to CLIENT_CPU.
#
#   bench/run-http.sh                      # build, then 3 runs each of ceiling and Faunus
#   RUNS=5 DURATION=30 bench/run-http.sh   # knobs: RUNS CONNS WARMUP DURATION SERVER_CPU CLIENT_CPU
#   SKIP_BUILD=1 bench/run-http.sh         # reuse bench/target/benchmarks.jar and server/target/faunus.jar
#   TARGETS=faunus bench/run-http.sh       # only one side (ceiling, faunus; default both)
#   FAUNUS_JFR=1 bench/run-http.sh         # also record a JFR profile of Faunus's last run (bench/target/*.jfr)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
faunus_find_jdk || exit 1

RUNS=${RUNS:-3}
CONNS=${CONNS:-32}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-20}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
TARGETS=${TARGETS:-ceiling faunus}
jar="$root/bench/target/benchmarks.jar"
out="$root/bench/target/http-$(date -u +%Y%m%dT%H%M%SZ)"

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building (scripts/mvnw -Pbench -pl bench -am package)..." >&2
  (cd "$root" && scripts/mvnw -q -B -o -Pbench -pl bench -am package -DskipTests) >&2
fi
[ -f "$jar" ] || { echo "missing $jar: build first" >&2; exit 1; }
mkdir -p "$out"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap stop_server EXIT

wait_ready() { # port
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/ping" && return 0
    kill -0 "$server_pid" 2>/dev/null || { echo "server exited; see $out" >&2; return 1; }
    sleep 0.2
  done
  echo "server on port $1 not ready after 60 s" >&2
  return 1
}

measure() { # label port
  local label=$1 port=$2 r
  for r in $(seq 1 "$RUNS"); do
    if [ "$label" = faunus ] && [ "$r" = "$RUNS" ] && [ -n "${FAUNUS_JFR:-}" ]; then
      # Profile only the last run's measured window (the earlier runs warm the JIT up).
      "$JAVA_HOME/bin/jcmd" "$server_pid" JFR.start name=bench settings=profile delay="${WARMUP}s" \
        duration="${DURATION}s" filename="$out/faunus.jfr" >&2
    fi
    echo "== $label run $r/$RUNS: $CONNS connections, ${WARMUP}s warm-up + ${DURATION}s measured; load avg $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    taskset -c "$CLIENT_CPU" "$JAVA" -cp "$jar" io.faunus.bench.HttpLoad --port "$port" --connections "$CONNS" \
      --warmup "$WARMUP" --duration "$DURATION" --label "$label" --run "$r" --server-pid "$server_pid" \
      --expect '"data":2' | tee -a "$out/results.txt" >&2 || echo "($label run $r reported errors)" >&2
  done
  if [ "$label" = faunus ] && [ -n "${FAUNUS_JFR:-}" ]; then sleep 2; fi # let JFR write its file
}

for target in $TARGETS; do
  port=$(free_port)
  case "$target" in
    ceiling)
      taskset -c "$SERVER_CPU" "$JAVA" -Xss16m -cp "$jar" io.faunus.bench.CeilingServer --port "$port" \
        > "$out/ceiling.log" 2>&1 &
      server_pid=$! ;;
    faunus)
      # ./faunus builds the jar only when it is older than the sources (the build above just made it).
      (cd "$root" && FAUNUS_JAVA_OPTS="-Xss16m" exec taskset -c "$SERVER_CPU" ./faunus start --memory \
        --host 127.0.0.1 --port "$port") > "$out/faunus.log" 2>&1 &
      server_pid=$! ;;
    *) echo "unknown target $target (ceiling, faunus)" >&2; exit 2 ;;
  esac
  wait_ready "$port"
  measure "$target" "$port"
  stop_server
done

echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$root" rev-parse --short HEAD), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -n1)), $("$JAVA" -version 2>&1 | head -n1)"
echo "server on core $SERVER_CPU, load generator on core $CLIENT_CPU, $CONNS connections, ${WARMUP}s warm-up + ${DURATION}s measured, $RUNS runs each"
python3 - "$out/results.txt" <<'PY'
import sys, statistics
rows = {}
for line in open(sys.argv[1]):
    if not line.startswith("RESULT "):
        continue
    kv = dict(f.split("=", 1) for f in line.split()[1:])
    rows.setdefault(kv["label"], []).append(kv)
def med(rs, k):
    return statistics.median(float(r[k]) for r in rs)
print()
print("| target | runs | median req/s | min–max req/s | p50 ms | p99 ms | server CPU % | load gen CPU % | errors |")
print("|---|---|---|---|---|---|---|---|---|")
for label, rs in rows.items():
    rps = [float(r["rps"]) for r in rs]
    print(f"| {label} | {len(rs)} | {statistics.median(rps):,.0f} | {min(rps):,.0f}–{max(rps):,.0f} | "
          f"{med(rs, 'p50_us') / 1000:.2f} | {med(rs, 'p99_us') / 1000:.2f} | {med(rs, 'server_cpu'):.0f} | "
          f"{med(rs, 'client_cpu'):.0f} | {sum(int(r['errors']) for r in rs)} |")
if "ceiling" in rows and "faunus" in rows:
    ratio = statistics.median(float(r["rps"]) for r in rows["faunus"]) / statistics.median(float(r["rps"]) for r in rows["ceiling"])
    print(f"\nFaunus / ceiling (median req/s): {ratio:.1%} (goal: at least 60%)")
PY
echo
echo "raw results: $out/results.txt"
[ -f "$out/faunus.jfr" ] && echo "JFR profile: $out/faunus.jfr (jfr print --events jdk.ExecutionSample $out/faunus.jfr)"
exit 0
