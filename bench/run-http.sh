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

start_server() { # target port; sets server_pid
  case "$1" in
    ceiling)
      taskset -c "$SERVER_CPU" "$JAVA" -Xss16m -cp "$jar" io.faunus.bench.CeilingServer --port "$2" \
        >> "$out/ceiling.log" 2>&1 &
      server_pid=$! ;;
    faunus)
      # ./faunus builds the jar only when it is older than the sources (the build above just made it).
      (cd "$root" && FAUNUS_JAVA_OPTS="-Xss16m" exec taskset -c "$SERVER_CPU" ./faunus start --memory \
        --host 127.0.0.1 --port "$2") >> "$out/faunus.log" 2>&1 &
      server_pid=$! ;;
    *) echo "unknown target $1 (ceiling, faunus)" >&2; exit 2 ;;
  esac
}

one_run() { # target run; 0 when the run is valid
  local target=$1 r=$2 port res
  port=$(free_port)
  start_server "$target" "$port"
  wait_ready "$port" || { stop_server; return 1; }
  if [ "$target" = faunus ] && [ "$r" = "$RUNS" ] && [ -n "${FAUNUS_JFR:-}" ]; then
    # Profile the measured window of the last Faunus run only.
    "$JAVA_HOME/bin/jcmd" "$server_pid" JFR.start name=bench settings=profile "jdk.ExecutionSample#period=1ms" delay="${WARMUP}s" \
      duration="${DURATION}s" filename="$out/faunus.jfr" >&2
  fi
  echo "== $target run $r/$RUNS: $CONNS connections, ${WARMUP}s warm-up + ${DURATION}s measured; load avg $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  res=$(taskset -c "$CLIENT_CPU" "$JAVA" -cp "$jar" io.faunus.bench.HttpLoad --port "$port" --connections "$CONNS" \
    --warmup "$WARMUP" --duration "$DURATION" --label "$target" --run "$r" --server-pid "$server_pid" \
    --expect '"data":2' 2>&1) || true
  echo "$res" | grep -v '^[[:space:]]*at ' >&2
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "!! $target died during run $r (see $out/$target.log); the run is discarded" >&2
    server_pid=""
    return 1
  fi
  if [ "$target" = faunus ] && [ -n "${FAUNUS_JFR:-}" ] && [ "$r" = "$RUNS" ]; then sleep 3; fi # JFR writes its file
  stop_server
  echo "$res" | grep '^RESULT ' >> "$out/results.txt" || { echo "!! $target run $r produced no result" >&2; return 1; }
  echo "$res" | grep -q '^RESULT .* errors=0 ' || { echo "!! $target run $r had errors" >&2; return 1; }
}

# Interleaved (ceiling, Faunus, ceiling, ...), each run on a freshly started server, so both sides see the
# same background load and every run includes the JIT warm-up. A run whose server died or that had errors is
# repeated once.
for r in $(seq 1 "$RUNS"); do
  for target in $TARGETS; do
    one_run "$target" "$r" || one_run "$target" "$r" || echo "!! $target run $r failed twice; left out" >&2
  done
done

echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$root" rev-parse --short HEAD), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -n1)), $("$JAVA" -version 2>&1 | head -n1)"
echo "server on core $SERVER_CPU, load generator on core $CLIENT_CPU, $CONNS connections, ${WARMUP}s warm-up + ${DURATION}s measured, $RUNS runs each"
python3 - "$out/results.txt" "$SERVER_CPU" <<'PY'
import sys, statistics
rows = {}
core = "core%s_busy" % sys.argv[2]
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        kv = dict(f.split("=", 1) for f in line.split()[1:])
        rows.setdefault(kv["label"], []).append(kv)
def f(r, k):
    try: return float(r[k])
    except (KeyError, ValueError): return float("nan")
def med(xs):
    xs = [x for x in xs if x == x]
    return statistics.median(xs) if xs else float("nan")
def eff(r):  # requests per second of server CPU time
    return f(r, "rps") / (f(r, "server_cpu") / 100) if f(r, "server_cpu") > 0 else float("nan")
print()
print("| target | runs | median req/s | min–max req/s | p50 ms | p99 ms | server CPU % | load gen CPU % "
      "| other load on server core % | req per server CPU-s (median, min–max) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for label, rs in rows.items():
    rps = [f(r, "rps") for r in rs]
    e = [eff(r) for r in rs]
    other = [f(r, core) - f(r, "server_cpu") for r in rs]
    print(f"| {label} | {len(rs)} | {med(rps):,.0f} | {min(rps):,.0f}–{max(rps):,.0f} | "
          f"{med([f(r, 'p50_us') for r in rs]) / 1000:.2f} | {med([f(r, 'p99_us') for r in rs]) / 1000:.2f} | "
          f"{med([f(r, 'server_cpu') for r in rs]):.0f} | {med([f(r, 'client_cpu') for r in rs]):.0f} | "
          f"{max(0, med(other)):.0f} | {med(e):,.0f} ({min(e):,.0f}–{max(e):,.0f}) |")
if "ceiling" in rows and "faunus" in rows:
    c, fa = rows["ceiling"], rows["faunus"]
    print(f"\nFaunus / ceiling, median req/s: {med([f(r, 'rps') for r in fa]) / med([f(r, 'rps') for r in c]):.1%}; "
          f"per server CPU-second: {med([eff(r) for r in fa]) / med([eff(r) for r in c]):.1%} (goal: at least 60%)")
PY
echo
echo "raw results: $out/results.txt"
[ -f "$out/faunus.jfr" ] && echo "JFR profile: $out/faunus.jfr (jfr print --events jdk.ExecutionSample $out/faunus.jfr)"
exit 0
