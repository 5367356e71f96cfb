#!/usr/bin/env python3
"""Buckets JFR execution samples of an HTTP benchmark run by where the server spends them, per 1000 requests.

  python3 bench/jfr_categories.py FAUNUS.jfr FAUNUS_REQUESTS [CEILING.jfr CEILING_REQUESTS]

REQUESTS is the number of requests answered while the recording ran (rps x seconds from the RESULT line).
Needs `jfr` from the JDK ($JAVA_HOME/bin/jfr or on PATH). See docs/benchmarks.md.
"""
import collections, json, os, shutil, subprocess, sys

def samples(path):
    jfr = os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "jfr")
    if not os.path.exists(jfr):
        jfr = shutil.which("jfr") or sys.exit("jfr not found: set JAVA_HOME")
    out = subprocess.run([jfr, "print", "--json", "--events", "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]

def category(thread, s):
    if thread.startswith("faunus-query"):
        if "Responses." in s: return "query thread: JSON response (Responses)"
        if "JsonBody" in s or "QueryParser" in s: return "query thread: request JSON (JsonBody/QueryParser)"
        if "Node.execute" in s: return "query thread: parse+eval (Node.execute)"
        return "query thread: executor queue/park/unpark"
    for needle, name in (("HttpObjectDecoder", "HTTP request decoding"), ("HttpObjectEncoder", "HTTP response encoding"),
                         ("TraceParent", "TraceParent"), ("Cors", "Cors/QueryHeaders"), ("QueryHeaders", "Cors/QueryHeaders"),
                         ("RequestAggregator", "RequestAggregator"), ("UpgradeHandler", "h2c upgrade handlers"),
                         ("ThreadPoolExecutor", "hand-off to query thread"), ("LockSupport", "hand-off to query thread"),
                         ("RequestHandler.send", "RequestHandler.send (headers)"),
                         ("io.faunus", "other Faunus/ceiling handler code"),
                         ("flush", "socket write/flush"), ("SocketDispatcher", "socket write/flush"),
                         ("read0", "socket read"), ("runAllTasks", "task queue (answers coming back)")):
        if needle in s: return "event loop: " + name
    return "event loop: other Netty"

def profile(path):
    c = collections.Counter()
    for e in samples(path):
        v = e["values"]
        st, thread = v.get("stackTrace"), v["sampledThread"]["javaName"] or ""
        if not st or thread.startswith("JFR"): continue
        names = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in st["frames"]]
        c[category(thread, " ".join(names))] += 1
    return c

runs = [(sys.argv[i], float(sys.argv[i + 1])) for i in range(1, len(sys.argv) - 1, 2)]
if not runs: sys.exit(__doc__)
profiles = [(profile(p), r) for p, r in runs]
keys = sorted({k for c, _ in profiles for k in c}, key=lambda k: -profiles[0][0][k] / profiles[0][1])
print("| category | " + " | ".join(os.path.basename(p) + " samples/1000 req" for p, _ in runs) + " |")
print("|---|" + "---|" * len(runs))
for k in keys:
    print(f"| {k} | " + " | ".join(f"{c[k] * 1000 / r:.2f}" for c, r in profiles) + " |")
print("| total | " + " | ".join(f"{sum(c.values()) * 1000 / r:.2f}" for c, r in profiles) + " |")
