#!/usr/bin/env python3
"""Comparison table for bench/run-compare.sh (docs/benchmarks.md, "Step 4"):
python3 bench/compare_table.py results.txt [before-label] [now-label]

Per workload and client count: each side's median ops/s with min–max and its spread ((max-min)/median),
now / before of the medians, the same for ops per server CPU-second, and now / before of each interleaved
pair of runs (run i of now against run i of before), min–max."""
import sys, statistics

before, now = (sys.argv[2:4] + ["before", "now"][len(sys.argv[2:4]):])[:2]
rows, order = {}, []
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        kv = dict(f.split("=", 1) for f in line.split()[1:])
        key = (kv["workload"], int(kv["clients"]))
        if key not in order:
            order.append(key)
        rows.setdefault((kv["label"],) + key, {})[kv["run"]] = kv


def f(r, k):
    try:
        return float(r[k])
    except (KeyError, ValueError):
        return float("nan")


def eff(r):
    return f(r, "rps") / (f(r, "server_cpu") / 100) if f(r, "server_cpu") > 0 else float("nan")


def side(rs, fn):
    xs = [fn(r) for r in rs.values()]
    if not xs:
        return None, "–"
    m = statistics.median(xs)
    return m, f"{m:,.0f} ({min(xs):,.0f}–{max(xs):,.0f}, ±{50 * (max(xs) - min(xs)) / m:.0f}%)"


print(f"| workload | clients | runs | {before} ops/s median (min–max, ±half-spread) | {now} ops/s | {now} / {before} "
      f"| per-run-pair {now} / {before} (min–max) | {before} ops per server CPU-s | {now} ops per server CPU-s "
      f"| {now} / {before} per CPU-s | p50 ms {before} / {now} |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for key in order:
    b, n = rows.get((before,) + key, {}), rows.get((now,) + key, {})
    mb, tb = side(b, lambda r: f(r, "rps"))
    mn, tn = side(n, lambda r: f(r, "rps"))
    eb, teb = side(b, eff)
    en, ten = side(n, eff)
    pairs = [f(n[r], "rps") / f(b[r], "rps") for r in n if r in b and f(b[r], "rps") > 0]
    pr = f"{100 * min(pairs):.0f}–{100 * max(pairs):.0f}%" if pairs else "–"
    p50 = " / ".join(f"{statistics.median(f(r, 'p50_us') for r in x.values()) / 1000:.2f}" if x else "–" for x in (b, n))
    ratio = f"**{100 * mn / mb:.0f}%**" if mb and mn is not None else "–"
    eratio = f"{100 * en / eb:.0f}%" if eb and en is not None else "–"
    print(f"| {key[0]} | {key[1]} | {len(b)}+{len(n)} | {tb} | {tn} | {ratio} | {pr} | {teb} | {ten} | {eratio} | {p50} |")
print()
print(f"{now} / {before}: ratio of the medians (the target: at least 90%). per-run-pair: run i of {now} against run i")
print(f"of {before}, which ran just before it. ops per server CPU-s divides each run's ops/s by the server's share of")
print("its core, which takes out CPU that other processes on the machine took from the server core.")
