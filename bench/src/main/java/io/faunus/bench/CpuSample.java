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
record CpuSample(long nanos, long selfCpuNanos, long otherCpuNanos, long jitCpuNanos, long[] coreBusy, long[] coreTotal) {

  /** USER_HZ: /proc reports clock ticks of 1/100 s on Linux. */
  private static final long TICK_NANOS = 10_000_000L;

  static CpuSample take(long otherPid) {
    return take(new long[] {otherPid});
  }

  /** As {@link #take(long)}, "other" being the CPU time summed over {@code otherPids} (-1 if one is unknown). */
  static CpuSample take(long[] otherPids) {
    long other = 0, jit = 0;
    for (long pid : otherPids) {
      long c = pid > 0 ? processCpuNanos(pid) : -1;
      if (c < 0) {
        other = -1;
        break;
      }
      other += c;
      jit += compilerCpuNanos(pid);
    }
    return sample(other, jit);
  }

  /**
   * As {@link #take(long)}, "other" being the CPU time of the process {@code rootPid} and of every process it
   * forked, live or ended: the root's own time, the time of its ended children it has reaped (cutime, cstime)
   * and the time of its live descendants, listed anew at each sample. A PostgreSQL postmaster forks backends,
   * autovacuum workers and others that may start or end inside a window; a fixed list of pids missed the new
   * ones and, when one ended, made the window's CPU come out negative.
   */
  static CpuSample takeTree(long rootPid) {
    long other = treeCpuNanos(rootPid);
    return sample(other, 0);
  }

  private static CpuSample sample(long other, long jit) {
    long self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    List<long[]> cores = coreTicks();
    long[] busy = new long[cores.size()];
    long[] total = new long[cores.size()];
    for (int i = 0; i < cores.size(); i++) {
      busy[i] = cores.get(i)[0];
      total[i] = cores.get(i)[1];
    }
    return new CpuSample(System.nanoTime(), self, other, jit, busy, total);
  }

  static long processCpuNanos(long pid) {
    long[] f = statTimes(Path.of("/proc/" + pid + "/stat"));
    return f == null ? -1 : f[0] + f[1];
  }

  /** -1 when the root has ended or /proc cannot be read. */
  static long treeCpuNanos(long rootPid) {
    long[] root = statTimes(Path.of("/proc/" + rootPid + "/stat"));
    if (root == null) return -1;
    long sum = root[0] + root[1] + root[2] + root[3];
    var handle = ProcessHandle.of(rootPid);
    if (handle.isEmpty()) return -1;
    for (ProcessHandle d : (Iterable<ProcessHandle>) handle.get().descendants()::iterator) {
      long[] f = statTimes(Path.of("/proc/" + d.pid() + "/stat"));
      if (f != null) sum += f[0] + f[1]; // one that ended since the listing is in the root's cutime by now, or soon
    }
    return sum;
  }

  /**
   * CPU time of the JIT compiler threads of a JVM (C1 and C2; Linux cuts a thread's name to 15 characters):
   * what part of a window's server CPU went to compiling rather than serving. 0 where there are none (not a
   * JVM) or /proc cannot be read. Compiler threads that ended inside the window are not counted.
   */
  static long compilerCpuNanos(long pid) {
    long sum = 0;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        String comm;
        try {
          comm = Files.readString(t.resolve("comm")).strip();
        } catch (IOException e) {
          continue; // the thread ended
        }
        if (!comm.startsWith("C1 CompilerThre") && !comm.startsWith("C2 CompilerThre")) continue;
        long[] f = statTimes(t.resolve("stat"));
        if (f != null) sum += f[0] + f[1];
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return sum;
  }

  /** utime, stime, cutime, cstime (fields 14-17 of a stat file) in nanoseconds; null when unreadable. */
  private static long[] statTimes(Path stat) {
    try {
      String s = Files.readString(stat);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]) * TICK_NANOS, Long.parseLong(f[12]) * TICK_NANOS,
          Long.parseLong(f[13]) * TICK_NANOS, Long.parseLong(f[14]) * TICK_NANOS};
    } catch (IOException | RuntimeException e) {
      return null;
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
