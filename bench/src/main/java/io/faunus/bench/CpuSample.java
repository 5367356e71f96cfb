package io.faunus.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time of this process, of another process (from /proc/PID/stat) and busy time of every core (from
 * /proc/stat), so a run can tell whether the server or the load generator was the bottleneck and how much
 * else ran on the machine.
 */
record CpuSample(long nanos, long selfCpuNanos, long otherCpuNanos, long[] coreBusy, long[] coreTotal) {

  /** USER_HZ: /proc reports clock ticks of 1/100 s on Linux. */
  private static final long TICK_NANOS = 10_000_000L;

  static CpuSample take(long otherPid) {
    return take(new long[] {otherPid});
  }

  /** As {@link #take(long)}, "other" being the CPU time summed over {@code otherPids} (-1 if one is unknown). */
  static CpuSample take(long[] otherPids) {
    long self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    long other = 0;
    for (long pid : otherPids) {
      long c = pid > 0 ? processCpuNanos(pid) : -1;
      if (c < 0) {
        other = -1;
        break;
      }
      other += c;
    }
    List<long[]> cores = coreTicks();
    long[] busy = new long[cores.size()];
    long[] total = new long[cores.size()];
    for (int i = 0; i < cores.size(); i++) {
      busy[i] = cores.get(i)[0];
      total[i] = cores.get(i)[1];
    }
    return new CpuSample(System.nanoTime(), self, other, busy, total);
  }

  static long processCpuNanos(long pid) {
    try {
      String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS; // utime, stime (fields 14, 15)
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Per core: {busy ticks, total ticks}. */
  private static List<long[]> coreTicks() {
    List<long[]> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
        if (!line.startsWith("cpu") || line.startsWith("cpu ")) continue;
        String[] f = line.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) total += Long.parseLong(f[i]); // up to steal
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle + iowait
        out.add(new long[] {total - idle, total});
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no per-core figures
    }
    return out;
  }

  /** Percent of one core used by this process between {@code a} and {@code b}. */
  static double selfPct(CpuSample a, CpuSample b) {
    return 100.0 * (b.selfCpuNanos - a.selfCpuNanos) / (b.nanos - a.nanos);
  }

  static double otherPct(CpuSample a, CpuSample b) {
    if (a.otherCpuNanos < 0 || b.otherCpuNanos < 0) return Double.NaN;
    return 100.0 * (b.otherCpuNanos - a.otherCpuNanos) / (b.nanos - a.nanos);
  }

  static double corePct(CpuSample a, CpuSample b, int core) {
    if (core >= a.coreBusy.length || core >= b.coreBusy.length) return Double.NaN;
    long total = b.coreTotal[core] - a.coreTotal[core];
    return total <= 0 ? Double.NaN : 100.0 * (b.coreBusy[core] - a.coreBusy[core]) / total;
  }

  int cores() {
    return coreBusy.length;
  }
}
