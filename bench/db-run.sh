# Sourced by bench/run-db.sh and bench/run-compare.sh (not run on its own): one measured run of DbLoad against a
# fresh DbServer, and the start/stop plumbing around it, so that both scripts start, check and discard runs the
# same way. The caller sets JAVA, out, RUNS, CLIENTS, WORKLOADS, WARMUP, DURATION, JIT_WARMUP, DOCS, RMW_DOCS,
# RETRIES, SERVER_CPU, CLIENT_CPU and DATA_ROOT first.

# How long (in 0.2 s polls) a DbServer may take to answer /ping before the run is given up.
DB_RUN_READY_POLLS=300

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

# db_run LABEL STORE SERVER_JAR LOAD_JAR RUN [JVM_FLAGS]: STORE is rocks (a fresh data directory under DATA_ROOT)
# or memory; JVM_FLAGS are extra words for the server's JVM.
# Appends the run's RESULT lines to $out/results.txt; returns 0 when the run is valid (server alive to the end,
# the rmw check passed when rmw ran, results printed), 1 when it is to be discarded.
db_run() {
  local label=$1 mode=$2 server_jar=$3 load_jar=$4 r=$5 opts=${6:-} port sport res store
  port=$(free_port)
  sport=$(free_port)
  if [ "$mode" = memory ]; then
    store=(--memory)
  else
    data_dir=$(mktemp -d "$DATA_ROOT/faunus-db-XXXXXX")
    store=(--data-dir "$data_dir")
  fi
  # shellcheck disable=SC2086 # opts are words on purpose
  taskset -c "$SERVER_CPU" "$JAVA" -Xss16m $opts -cp "$server_jar" io.faunus.bench.DbServer --host 127.0.0.1 --port "$port" \
    --stats-port "$sport" "${store[@]}" >> "$out/server-$label.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 "$DB_RUN_READY_POLLS"); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/ping" && break
    kill -0 "$server_pid" 2>/dev/null || { echo "server exited; see $out" >&2; stop_server; return 1; }
    sleep 0.2
  done
  echo "== $label run $r/$RUNS ($server_jar): clients $CLIENTS, ${WARMUP}s warm-up + ${DURATION}s measured per cell; load avg $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  res=$(taskset -c "$CLIENT_CPU" "$JAVA" -cp "$load_jar" io.faunus.bench.DbLoad --port "$port" --stats-port "$sport" \
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
