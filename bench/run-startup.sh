#!/usr/bin/env bash
# Start-up time of `./faunus start --memory`: from exec until GET /ping answers 200, with class data sharing
# off (FAUNUS_CDS=0) and on (the default; the first run with CDS writes the archive and is not counted),
# interleaved run by run. Prints one line per run and the medians. Not part of any test suite.
#
#   bench/run-startup.sh            knobs: RUNS (10), CPU (0: the core the server is pinned to)
#   bench/run-startup.sh --help
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=${RUNS:-10}
CPU=${CPU:-0}
PING_WAIT_MS_MAX=30000 # a start that takes longer than this is reported as failed

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# One start: prints the milliseconds until /ping answered, then stops the server (SIGTERM, clean exit, so a
# CDS archive is written when the JVM was asked to create one).
one_start() {
  local port pid t0 t1 waited=0
  port=$(free_port)
  t0=$(date +%s%N)
  taskset -c "$CPU" "$root/faunus" start --memory --host 127.0.0.1 --port "$port" >/dev/null 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/ping"; do
    sleep 0.005
    waited=$(( ( $(date +%s%N) - t0 ) / 1000000 ))
    if [ "$waited" -gt "$PING_WAIT_MS_MAX" ]; then kill "$pid" 2>/dev/null || true; echo "failed"; return; fi
  done
  t1=$(date +%s%N)
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}

"$root/faunus" --help >/dev/null 2>&1 || true # builds the jar if needed, outside the timing
rm -f "$root/server/target/faunus.jsa"
FAUNUS_CDS=1 one_start >/dev/null # writes the archive
off=() on=()
for i in $(seq 1 "$RUNS"); do
  a=$(FAUNUS_CDS=0 one_start); b=$(FAUNUS_CDS=1 one_start)
  echo "run $i: cds=off ${a} ms, cds=on ${b} ms"
  off+=("$a"); on+=("$b")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "startup: median cds=off $(median "${off[@]}") ms, cds=on $(median "${on[@]}") ms over $RUNS runs each"
