#!/usr/bin/env bash
# The step-2 database workloads against a 3-node Faunus cluster (Raft on Apache Ratis), beside one durable node
# and beside etcd (3 members, replicated puts and linearizable gets), interleaved run by run in the same session
# (docs/benchmarks.md, "Step 4: the log refactor and the cluster"). Not part of any test suite.
#
# Per run and target, everything starts fresh:
#   single   one DbServer (the `faunus start` wiring plus a counter endpoint), RocksDB, on SERVER_CPU;
#   cluster  three DbServers with --node-id n1..n3 --peers ... (the `faunus start --peers` wiring), all three on
#            SERVER_CPU, started together; DbLoad spreads each cell's connections over the nodes round-robin;
#   etcd     three Debian etcd members on loopback, all on SERVER_CPU; EtcdLoad (the same closed-loop Netty
#            client as DbLoad) through etcd's HTTP/JSON gateway, connections round-robin over the members.
# The load generator always runs on CLIENT_CPU. Faunus workloads: WORKLOADS (read, insert, rmw); etcd: get
# (compared with read) and put (compared with insert).
#
#   bench/run-cluster.sh                                 # build, then RUNS runs of every target, interleaved
#   SKIP_BUILD=1 RUNS=3 DURATION=6 bench/run-cluster.sh  # knobs: RUNS TARGETS WARMUP DURATION JIT_WARMUP DOCS
#                                                        #   RMW_DOCS RETRIES CLIENTS WORKLOADS SERVER_CPU CLIENT_CPU
#                                                        #   DATA_ROOT ETCD
#   python3 bench/cluster_table.py bench/target/cluster-<time>/results.txt   # the tables again
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
faunus_find_jdk || exit 1

RUNS=${RUNS:-3}
TARGETS=${TARGETS:-single cluster etcd}
WARMUP=${WARMUP:-3}
DURATION=${DURATION:-8}
JIT_WARMUP=${JIT_WARMUP:-24}
DOCS=${DOCS:-10000}
RMW_DOCS=${RMW_DOCS:-1000}
RETRIES=${RETRIES:-3}
CLIENTS=${CLIENTS:-1,16,64}
WORKLOADS=${WORKLOADS:-read,insert,rmw}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
DATA_ROOT=${DATA_ROOT:-/work/bench-data} # a real disk: fsync on a tmpfs costs nothing
ETCD=${ETCD:-etcd}
jar="$root/bench/target/benchmarks.jar"
out="$root/bench/target/cluster-$(date -u +%Y%m%dT%H%M%SZ)"

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building (scripts/mvnw -Pbench -pl bench -am package)..." >&2
  (cd "$root" && scripts/mvnw -q -B -Pbench -pl bench -am package -DskipTests) >&2
fi
[ -f "$jar" ] || { echo "missing $jar: build first" >&2; exit 1; }
if [[ " $TARGETS " == *" etcd "* ]] && ! command -v "$ETCD" > /dev/null; then
  echo "no $ETCD: apt-get install -y etcd-server (Debian 12: 3.4.23), or TARGETS='single cluster'" >&2
  exit 1
fi
mkdir -p "$out" "$DATA_ROOT"
fs=$(df -T "$DATA_ROOT" | awk 'NR==2 {print $2 " on " $1}')

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

pids=()
data_dir=""
stop_all() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$p" 2>/dev/null || true # still there after 20 s (an etcd leader waits to hand over)
    wait "$p" 2>/dev/null || true
  done
  pids=()
  if [ -n "$data_dir" ]; then rm -rf "$data_dir"; data_dir=""; fi
}
trap stop_all EXIT

alive() { local p; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || return 1; done; }

wait_ready() { # url...; every one answers 200 (a Faunus /ping answers once the node knows a leader)
  local u
  for u in "$@"; do
    for _ in $(seq 1 300); do
      curl -sf -o /dev/null "$u" && continue 2
      alive || { echo "a server exited while starting; see $out" >&2; return 1; }
      sleep 0.2
    done
    echo "$u did not become ready in 60 s" >&2
    return 1
  done
}

start_faunus() { # target; sets ports, sports
  local target=$1 n i peers=""
  n=1; [ "$target" = cluster ] && n=3
  ports=(); sports=(); local rports=()
  for i in $(seq 1 "$n"); do ports+=("$(free_port)"); sports+=("$(free_port)"); rports+=("$(free_port)"); done
  if [ "$n" -gt 1 ]; then
    for i in $(seq 1 "$n"); do peers+="${peers:+,}n$i=127.0.0.1:${rports[$((i - 1))]}"; done
  fi
  for i in $(seq 1 "$n"); do
    local extra=()
    [ -n "$peers" ] && extra=(--node-id "n$i" --peers "$peers")
    taskset -c "$SERVER_CPU" "$JAVA" -Xss16m -cp "$jar" io.faunus.bench.DbServer --host 127.0.0.1 \
      --port "${ports[$((i - 1))]}" --stats-port "${sports[$((i - 1))]}" --data-dir "$data_dir/n$i" "${extra[@]}" \
      >> "$out/server-$target-n$i.log" 2>&1 &
    pids+=($!)
  done
  local urls=()
  for p in "${ports[@]}"; do urls+=("http://127.0.0.1:$p/ping"); done
  wait_ready "${urls[@]}"
  if [ "$n" -gt 1 ]; then
    curl -s -H 'Authorization: Bearer secret' "http://127.0.0.1:${ports[0]}/admin/status" >> "$out/leaders.txt" || true
    echo >> "$out/leaders.txt"
  fi
}

start_etcd() { # sets ports
  local i cluster="" cports=() pports=()
  for i in 1 2 3; do cports+=("$(free_port)"); pports+=("$(free_port)"); done
  for i in 1 2 3; do cluster+="${cluster:+,}e$i=http://127.0.0.1:${pports[$((i - 1))]}"; done
  for i in 1 2 3; do
    taskset -c "$SERVER_CPU" "$ETCD" --name "e$i" --data-dir "$data_dir/e$i" \
      --listen-client-urls "http://127.0.0.1:${cports[$((i - 1))]}" \
      --advertise-client-urls "http://127.0.0.1:${cports[$((i - 1))]}" \
      --listen-peer-urls "http://127.0.0.1:${pports[$((i - 1))]}" \
      --initial-advertise-peer-urls "http://127.0.0.1:${pports[$((i - 1))]}" \
      --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token "bench-$$" \
      --log-level warn >> "$out/server-etcd-e$i.log" 2>&1 &
    pids+=($!)
  done
  ports=("${cports[@]}")
  local urls=()
  for p in "${ports[@]}"; do urls+=("http://127.0.0.1:$p/health"); done
  wait_ready "${urls[@]}"
}

one_run() { # target run; 0 when the run is valid
  local target=$1 r=$2 res csv pcsv
  data_dir=$(mktemp -d "$DATA_ROOT/faunus-cluster-XXXXXX")
  ports=(); sports=()
  if [ "$target" = etcd ]; then start_etcd || { stop_all; return 1; }
  else start_faunus "$target" || { stop_all; return 1; }
  fi
  csv=$(IFS=,; echo "${ports[*]}")
  pcsv=$(IFS=,; echo "${pids[*]}")
  echo "== $target run $r/$RUNS: ports $csv, clients $CLIENTS, ${WARMUP}s warm-up + ${DURATION}s measured per cell; load avg $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  if [ "$target" = etcd ]; then
    res=$(taskset -c "$CLIENT_CPU" "$JAVA" -cp "$jar" io.faunus.bench.EtcdLoad --ports "$csv" --server-pids "$pcsv" \
      --label etcd --run "$r" --seed "$r" --keys "$DOCS" --clients "$CLIENTS" --workloads get,put \
      --warmup "$WARMUP" --duration "$DURATION" --jit-warmup "$JIT_WARMUP" 2>&1) || true
  else
    res=$(taskset -c "$CLIENT_CPU" "$JAVA" -cp "$jar" io.faunus.bench.DbLoad --ports "$csv" \
      --stats-ports "$(IFS=,; echo "${sports[*]}")" --server-pids "$pcsv" --label "$target" --run "$r" --seed "$r" \
      --docs "$DOCS" --rmw-docs "$RMW_DOCS" --retries "$RETRIES" --clients "$CLIENTS" --workloads "$WORKLOADS" \
      --warmup "$WARMUP" --duration "$DURATION" --jit-warmup "$JIT_WARMUP" 2>&1) || true
  fi
  echo "$res" | grep -v '^[[:space:]]*at \|^WARNING' >&2
  if ! alive; then
    echo "!! $target: a server died during run $r (see $out/server-$target-*.log); the run is discarded" >&2
    stop_all
    return 1
  fi
  stop_all
  if [ "$target" != etcd ] && [[ ",$WORKLOADS," == *,rmw,* ]]; then
    echo "$res" | grep -q '^CHECK rmw: .*(ok' || { echo "!! $target run $r: rmw check failed or missing; the run is discarded" >&2; return 1; }
  fi
  echo "$res" | grep -q '^ERROR' && { echo "!! $target run $r: unexpected answers; the run is discarded" >&2; return 1; }
  echo "$res" | grep '^RESULT ' >> "$out/results.txt" || { echo "!! $target run $r produced no result" >&2; return 1; }
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq 1 "$RUNS"); do
  for target in $TARGETS; do
    one_run "$target" "$r" || one_run "$target" "$r" || echo "!! $target run $r failed twice; left out" >&2
  done
done

echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$root" rev-parse --short HEAD), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -n1)), $("$JAVA" -version 2>&1 | head -n1), $("$ETCD" --version 2>/dev/null | head -n1)"
echo "every server process on core $SERVER_CPU (the 3 cluster nodes and the 3 etcd members share it), load generator on core $CLIENT_CPU; $DOCS docs/keys, rmw over $RMW_DOCS docs with x-max-contention-retries: $RETRIES; ${WARMUP}s warm-up + ${DURATION}s measured per cell, JIT warm-up ${JIT_WARMUP}s per run; data in $DATA_ROOT ($fs); load avg at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$root/bench/db_table.py" "$out/results.txt"
echo
python3 "$root/bench/cluster_table.py" "$out/results.txt"
echo
echo "raw results: $out/results.txt"
