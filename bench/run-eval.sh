#!/usr/bin/env bash
# JMH: FQL parse, parse+eval and in-process Node.execute throughput over a rotating query mix
# (docs/benchmarks.md). Mixes whose standard-library functions do not exist on this build are skipped, with the
# reason printed. Extra arguments go to JMH, e.g. `bench/run-eval.sh -f 1 -wi 2 -i 3` for a quick look.
#   SKIP_BUILD=1 bench/run-eval.sh      reuse bench/target/benchmarks.jar
#   CPU=1 bench/run-eval.sh             pin the JMH forks to core 1 (default: not pinned)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
faunus_find_jdk || exit 1
jar="$root/bench/target/benchmarks.jar"
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building (scripts/mvnw -Pbench -pl bench -am package)..." >&2
  (cd "$root" && scripts/mvnw -q -B -o -Pbench -pl bench -am package -DskipTests) >&2
fi
[ -f "$jar" ] || { echo "missing $jar: build first" >&2; exit 1; }

probe=$("$JAVA" -Xss16m -cp "$jar" io.faunus.bench.QueryMix)
echo "$probe"
mixes=$(echo "$probe" | sed -n 's/^SUPPORTED //p')
[ -n "$mixes" ] || { echo "no query mix runs on this build" >&2; exit 1; }

pin=()
[ -n "${CPU:-}" ] && pin=(taskset -c "$CPU")
out="$root/bench/target/eval-$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "$(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$root" rev-parse --short HEAD), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -n1)), $("$JAVA" -version 2>&1 | head -n1)" | tee "$out"
"${pin[@]}" "$JAVA" -jar "$jar" 'io.faunus.bench.EvalBench' -p mix="$mixes" -rf text -rff "$out.jmh" "$@" | tee -a "$out"
echo "results: $out (summary table: $out.jmh)"
