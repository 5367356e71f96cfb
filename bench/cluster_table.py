#!/usr/bin/env python3
"""Comparison tables for bench/run-cluster.sh (docs/benchmarks.md, "Step 4"):
python3 bench/cluster_table.py results.txt

One row per workload and client count: one durable node (single), the 3-node cluster, and etcd's 3 members
(get beside read, put beside insert), medians over the runs with min–max, and the ratios of the medians."""
import sys, statistics

rows = {}
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        kv = dict(f.split("=", 1) for f in line.split()[1:])
        rows.setdefault((kv["label"], kv["workload"], int(kv["clients"])), []).append(kv)


def f(r, k):
    try:
        return float(r[k])
    except (KeyError, ValueError):
        return float("nan")


def eff(r):  # operations per second of server CPU time (all of a target's server processes)
    return f(r, "rps") / (f(r, "server_cpu") / 100) if f(r, "server_cpu") > 0 else float("nan")


def cell(rs, fn):
    if not rs:
        return None, "–"
    xs = [fn(r) for r in rs]
    m = statistics.median(xs)
    return m, f"{m:,.0f} ({min(xs):,.0f}–{max(xs):,.0f}) ×{len(xs)}"


def ratio(a, b):
    return f"{100 * a / b:.0f}%" if a is not None and b else "–"


PEER = {"read": "get", "insert": "put"}
clients = sorted({k[2] for k in rows})
workloads = [w for w in ("read", "index", "insert", "rmw") if any(k[1] == w for k in rows)]
for title, fn in (("ops/s", lambda r: f(r, "rps")), ("ops per server CPU-second", eff)):
    print(f"{title}: median (min–max) ×runs")
    print()
    print("| workload (etcd) | clients | single node | 3-node cluster | etcd, 3 members | cluster / single "
          "| cluster / etcd | p50 ms single / cluster / etcd | server CPU % single / cluster / etcd |")
    print("|---|---|---|---|---|---|---|---|---|")
    for w in workloads:
        for c in clients:
            s, c_, e = (rows.get(("single", w, c), []), rows.get(("cluster", w, c), []),
                        rows.get(("etcd", PEER.get(w, "-"), c), []))
            if not (s or c_ or e):
                continue
            ms, ts = cell(s, fn)
            mc, tc = cell(c_, fn)
            me, te = cell(e, fn)
            p50 = " / ".join(f"{statistics.median(f(r, 'p50_us') for r in x) / 1000:.2f}" if x else "–" for x in (s, c_, e))
            cpu = " / ".join(f"{statistics.median(f(r, 'server_cpu') for r in x):.0f}" if x else "–" for x in (s, c_, e))
            name = w + (f" ({PEER[w]})" if w in PEER else "")
            print(f"| {name} | {c} | {ts} | {tc} | {te} | {ratio(mc, ms)} | {ratio(mc, me)} | {p50} | {cpu} |")
    print()
print("cluster / single and cluster / etcd are ratios of the medians. server CPU % sums the target's server")
print("processes (3 for the cluster and etcd), which all share one core.")
