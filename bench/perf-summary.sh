#!/usr/bin/env bash
# Shares of a `perf record -e cpu-clock` recording of the server: by shared object (JIT-compiled Java, libjvm,
# RocksDB, kernel, libc), by thread, and the hottest native symbols. Used by run-perf-dso.sh and
# run-profile-bench.sh (MODE=perf).
#
#   bench/perf-summary.sh PERF_DATA
set -euo pipefail
if [ $# -ne 1 ] || [ "$1" = "--help" ] || [ "$1" = "-h" ]; then sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
data=$1
echo "## by shared object (self)"
perf report -i "$data" --sort dso --stdio --no-children -g none 2>/dev/null | grep '%' | head -9
echo "## by thread"
perf report -i "$data" --sort comm --stdio --no-children -g none 2>/dev/null | grep '%' | head -8
echo "## native symbols (JIT-compiled Java is one [JIT] line: no perf map)"
perf report -i "$data" --sort dso,sym --stdio --no-children -g none 2>/dev/null | grep '%' | grep -v '\[JIT\]' | head -30
