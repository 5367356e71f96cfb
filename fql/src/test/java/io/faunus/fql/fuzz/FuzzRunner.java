package io.faunus.fql.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs fuzz inputs one at a time on a worker thread with a chosen stack size and a per-input deadline, and
 * collects distinct failures (by exception class and top frame) with the shortest input that produced each.
 * Iterations and seed come from {@code -Dfaunus.fuzz.iterations} / {@code -Dfaunus.fuzz.seed}.
 */
public final class FuzzRunner implements AutoCloseable {
  public static int iterations(int dflt) {
    return Integer.getInteger("faunus.fuzz.iterations", dflt);
  }

  public static long seed(long dflt) {
    return Long.getLong("faunus.fuzz.seed", dflt);
  }

  private final String name;
  private final long stackBytes;
  private final long timeoutMs;
  private ExecutorService worker;
  private final Map<String, String> failures = new LinkedHashMap<>();
  int inputs;

  public FuzzRunner(String name, long stackBytes, long timeoutMs) {
    this.name = name;
    this.stackBytes = stackBytes;
    this.timeoutMs = timeoutMs;
    this.worker = newWorker();
  }

  private ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(null, r, "fuzz-" + name, stackBytes);
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code check} on {@code input}; a thrown Throwable or a timeout is recorded as a failure. */
  public <T> void run(T input, Consumer<T> check) {
    inputs++;
    String key = failureOf(input, check);
    if (key == null) return;
    String shown = String.valueOf(input);
    String prev = failures.get(key);
    if (prev == null && input instanceof String str && !key.startsWith("timeout")) { // timeouts are too slow to shrink
      @SuppressWarnings("unchecked") Consumer<String> c = (Consumer<String>) check;
      shown = shrink(str, c, key);
    }
    if (prev == null || prev.length() > shown.length()) failures.put(key, shown);
  }

  /** Null when {@code check} passes on {@code input}; otherwise a key naming the failure. */
  public <T> String failureOf(T input, Consumer<T> check) {
    Future<?> f = worker.submit(() -> check.accept(input));
    try {
      f.get(timeoutMs, TimeUnit.MILLISECONDS);
      return null;
    } catch (TimeoutException e) {
      f.cancel(true);
      worker.shutdownNow();
      worker = newWorker(); // the stuck thread is a daemon; leave it behind
      return "timeout > " + timeoutMs + " ms on " + escape(String.valueOf(input)); // one entry per input
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      StackTraceElement[] st = t.getStackTrace();
      return t.getClass().getName() + ": " + firstLine(t.getMessage()) + (st.length > 0 ? " at " + st[0] : "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Greedy delta-debugging: the shortest string found (within a budget) that fails with the same key. */
  public String shrink(String input, Consumer<String> check, String key) {
    String best = input;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (int chunk = Math.max(1, best.length() / 2); chunk >= 1 && System.nanoTime() < deadline; chunk /= 2) {
      for (int i = 0; i + chunk <= best.length() && System.nanoTime() < deadline; ) {
        String cand = best.substring(0, i) + best.substring(i + chunk);
        if (key.equals(failureOf(cand, check))) best = cand; else i += chunk;
      }
    }
    return best;
  }

  public List<String> failures() {
    List<String> out = new ArrayList<>();
    failures.forEach((k, v) -> out.add(k + "\n    input: " + escape(v)));
    return out;
  }

  public void assertNoFailures() {
    if (!failures.isEmpty()) {
      throw new AssertionError(name + ": " + failures.size() + " distinct failure(s) in " + inputs + " inputs:\n  "
          + String.join("\n  ", failures()));
    }
  }

  public static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    s = nl < 0 ? s : s.substring(0, nl);
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  /** Java-literal-ish form of a fuzz input so it can be pasted into a regression test. */
  public static String escape(String s) {
    StringBuilder sb = new StringBuilder("\"");
    int n = Math.min(s.length(), 300);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c >= 0x7f) sb.append(String.format("\\u%04x", (int) c)); else sb.append(c);
        }
      }
    }
    if (s.length() > n) sb.append("…(").append(s.length()).append(" chars)");
    return sb.append('"').toString();
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
