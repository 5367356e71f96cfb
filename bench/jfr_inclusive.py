#!/usr/bin/env python3
"""Inclusive shares of JFR execution samples: for each pattern, the share of samples with a frame matching it.

  python3 bench/jfr_inclusive.py SERVER.jfr [PATTERN ...]

A pattern is a substring of "package.Class.method" (default: the write path from the sequencer to RocksDB).
Shares, not times: on a loaded machine only the proportions mean something. Stacks deeper than JFR's 64 frames
lose their outer frames, so a pattern that sits near the thread's root can be undercounted.
Needs `jfr` from the JDK ($JAVA_HOME/bin/jfr or on PATH). See docs/benchmarks.md, "Step 8".
"""
import json, os, shutil, subprocess, sys

DEFAULT = ["LocalLog.order", "LocalLog.apply", "Applier.apply", "Applier.conflict", "Mvcc.latestTs",
           "PartitionTimes.latest", "RocksEngine.write", "RocksDB.write", "RocksEngine$RocksSnapshot", "Mvcc.putVersion",
           "Batch.put", "KeyCodec", "Txn.intent", "model.db.Writes", "IndexEntries", "Interp.eval", "Sweeper",
           "io.netty", "CompletableFuture"]

def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip()); sys.exit(0 if len(sys.argv) > 1 else 2)
    jfr = os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "jfr")
    if not os.path.exists(jfr):
        jfr = shutil.which("jfr") or sys.exit("jfr not found: set JAVA_HOME")
    out = subprocess.run([jfr, "print", "--json", "--events", "jdk.ExecutionSample", sys.argv[1]],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    stacks, threads = [], {}
    for e in events:
        frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
        names = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in frames]
        stacks.append(names)
        t = (e["values"].get("sampledThread") or {}).get("javaName") or "?"
        t = t.rstrip("0123456789-") or t
        threads[t] = threads.get(t, 0) + 1
    n = len(stacks) or 1
    print(f"{len(stacks)} execution samples")
    for p in (sys.argv[2:] or DEFAULT):
        hits = sum(1 for s in stacks if any(p in f for f in s))
        print(f"{100.0 * hits / n:6.1f}%  {p}")
    print("by thread (name without its number):")
    for t, c in sorted(threads.items(), key=lambda kv: -kv[1])[:10]:
        print(f"{100.0 * c / n:6.1f}%  {t}")

main()
