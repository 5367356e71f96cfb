# Sourced by bench/run-perf-dso.sh and bench/run-syscalls.sh (not run alone): the knobs they share, and one
# DbServer from $JAR pinned to $SERVER_CPU with a fresh data directory under $DATA_ROOT, its log in
# $out/server.log. `pinned_server_start NAME JVM_OPTIONS DBSERVER_OPTIONS` (each a space-separated list) sets
# $out (bench/target/NAME-<time>), $port, $sport (its /counters port) and $pid, waits until /ping answers,
# and leaves an EXIT trap that stops the server and removes its data.
DOCS=${DOCS:-10000}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
DATA_ROOT=${DATA_ROOT:-/work/bench-data} # a real disk: fsync on a tmpfs costs nothing

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

pinned_server_start() {
  local name=$1 jvm_options=$2 server_options=$3
  out="$root/bench/target/$name-$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$out" "$DATA_ROOT"
  port=$(free_port)
  sport=$(free_port)
  pinned_data_dir=$(mktemp -d "$DATA_ROOT/faunus-$name-XXXXXX")
  # shellcheck disable=SC2086 # both option strings are lists
  taskset -c "$SERVER_CPU" "$JAVA" -Xss16m $jvm_options -cp "$JAR" io.faunus.bench.DbServer --host 127.0.0.1 \
    --port "$port" --stats-port "$sport" --data-dir "$pinned_data_dir" $server_options > "$out/server.log" 2>&1 &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$pinned_data_dir"' EXIT
  for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/ping" && break; sleep 0.2; done
}
