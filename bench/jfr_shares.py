#!/usr/bin/env python3
"""Inclusive shares of a JFR recording's execution samples: for each method, the share of samples with it
anywhere on the stack (what `jfr view hot-methods` does not show: it counts top frames only).

  jfr print --events jdk.ExecutionSample --stack-depth 64 server.jfr | bench/jfr_shares.py [--since HH:MM:SS] [--top N]

--since keeps samples from that wall-clock time on (the measured window of a run). Stacks deeper than the
--stack-depth lose their outer frames, so outer methods are undercounted there. Java frames only: JFR does not
sample native code (RocksDB, the kernel).
"""
import argparse
import collections
import re
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--since", default="", help="keep samples at or after this time (HH:MM:SS)")
    ap.add_argument("--top", type=int, default=80, help="how many methods to list (default 80)")
    args = ap.parse_args()
    samples, current = [], None
    for line in sys.stdin:
        s = line.strip()
        if re.match(r"^jdk\.\w+ \{", s):
            current = {"frames": [], "t": ""}
            samples.append(current)
        elif current is not None:
            if s.startswith("startTime ="):
                current["t"] = s.split("=", 1)[1].strip()[:12]
            m = re.match(r"^([\w$.<>/]+)\(.*\)\s+line:", s)
            if m:
                current["frames"].append(m.group(1))
    samples = [e for e in samples if e["t"] >= args.since]
    inclusive = collections.Counter()
    for e in samples:
        inclusive.update(set(e["frames"]))
    n = max(1, len(samples))
    print(f"{len(samples)} samples" + (f" from {args.since}" if args.since else ""))
    for method, count in inclusive.most_common(args.top):
        print(f"{count * 100 / n:5.1f}% {method}")


if __name__ == "__main__":
    main()
