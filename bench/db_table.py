#!/usr/bin/env python3
"""Table for bench/run-db.sh (docs/benchmarks.md, "Database workloads"): python3 bench/db_table.py results.txt"""
import sys, statistics

rows, order = {}, []
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        kv = dict(f.split("=", 1) for f in line.split()[1:])
        key = (kv["label"], kv["workload"], int(kv["clients"]))
        if key not in rows:
            order.append(key)
        rows.setdefault(key, []).append(kv)


def f(r, k):
    try:
        return float(r[k])
    except (KeyError, ValueError):
        return float("nan")


def med(xs):
    xs = [x for x in xs if x == x]
    return statistics.median(xs) if xs else float("nan")


def eff(r):  # operations per second of server CPU time
    return f(r, "rps") / (f(r, "server_cpu") / 100) if f(r, "server_cpu") > 0 else float("nan")


print("| mode | workload | clients | runs | median ops/s (min–max) | p50 ms | p99 ms | errors / 409s (retries) "
      "| fsyncs per commit | server CPU % | ops per server CPU-s (min–max) | load avg (min–max) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for key in order:
    rs = rows[key]
    ops = [f(r, "rps") for r in rs]
    e = [eff(r) for r in rs]
    commits = sum(f(r, "commits") for r in rs)
    fsyncs = sum(f(r, "fsyncs") for r in rs)
    fpc = f"{fsyncs / commits:.3f}" if commits > 0 else "–"
    if key[0] == "memory" and commits > 0:
        fpc += "¹"
    loads = [f(r, "load_before") for r in rs] + [f(r, "load_after") for r in rs]
    retries = f" ({sum(int(r['retries']) for r in rs)})" if key[1] == "rmw" else ""
    print(f"| {key[0]} | {key[1]} | {key[2]} | {len(rs)} | {med(ops):,.0f} ({min(ops):,.0f}–{max(ops):,.0f}) | "
          f"{med([f(r, 'p50_us') for r in rs]) / 1000:.2f} | {med([f(r, 'p99_us') for r in rs]) / 1000:.2f} | "
          f"{sum(int(r['errors']) for r in rs)} / {sum(int(r['conflicts']) for r in rs)}{retries} | {fpc} | "
          f"{med([f(r, 'server_cpu') for r in rs]):.0f} | {med(e):,.0f} ({min(e):,.0f}–{max(e):,.0f}) | "
          f"{min(loads):.1f}–{max(loads):.1f} |")
print()
print("ops/s and latencies count 200 answers only. errors and 409s are summed over the runs, and so are the")
print("contention retries of the rmw answers (stats.contention_retries). fsyncs per commit is sum(fsyncs) /")
print("sum(commits) over the runs' measured windows, from Node's counters; '–' means no commits.")
if any(k[0] == "memory" for k in order):
    print("¹ memory mode: storage batches per commit; an in-memory node does not fsync.")
