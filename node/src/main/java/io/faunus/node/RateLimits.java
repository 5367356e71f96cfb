package io.faunus.node;

import io.faunus.model.query.QueryOutcome.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-database throughput limits (spec §1.6 limit_exceeded, §1.5 rate_limits_hit): read, write and compute
 * ops per second, each a token bucket that holds one second of its rate. A query is admitted while its
 * database's buckets are not in debt, then charged what it used; a database over its limit gets 429 with the
 * kinds it exceeded until the buckets refill. One database's load never stops another's. Per node: in a
 * cluster each node enforces the limit on the queries it takes.
 *
 * @param readOpsPerSecond    0: unlimited
 * @param writeOpsPerSecond   0: unlimited
 * @param computeOpsPerSecond 0: unlimited
 */
public record RateLimits(long readOpsPerSecond, long writeOpsPerSecond, long computeOpsPerSecond) {
  public static final RateLimits NONE = new RateLimits(0, 0, 0);
  /** Databases whose buckets are kept; idle ones beyond this are forgotten (they start full again). */
  static final int DATABASES_MAX = 100_000;

  public RateLimits {
    if (readOpsPerSecond < 0 || writeOpsPerSecond < 0 || computeOpsPerSecond < 0) {
      throw new IllegalArgumentException("rate limits must not be negative");
    }
  }

  boolean none() {
    return readOpsPerSecond == 0 && writeOpsPerSecond == 0 && computeOpsPerSecond == 0;
  }

  /** The buckets of every database, for one node. */
  final class Meter {
    private final ConcurrentHashMap<Long, Buckets> byDb = new ConcurrentHashMap<>();

    /** The kinds ("read", "write", "compute") over their limit now; empty: admit. */
    List<String> exceeded(long db, long nowNanos) {
      if (none()) return List.of();
      Buckets b = byDb.get(db);
      return b == null ? List.of() : b.exceeded(nowNanos);
    }

    void charge(long db, Stats used, long nowNanos) {
      if (none()) return;
      if (byDb.size() >= DATABASES_MAX) byDb.clear(); // bounded: forgetting only refills buckets
      byDb.computeIfAbsent(db, k -> new Buckets(nowNanos)).charge(used, nowNanos);
    }
  }

  /** Tokens are fractional so that frequent small refills add up. */
  private final class Buckets {
    private double readTokens = readOpsPerSecond, writeTokens = writeOpsPerSecond, computeTokens = computeOpsPerSecond;
    private long refilledNanos;

    Buckets(long nowNanos) {
      refilledNanos = nowNanos;
    }

    synchronized List<String> exceeded(long nowNanos) {
      refill(nowNanos);
      List<String> out = new ArrayList<>(3);
      if (readOpsPerSecond > 0 && readTokens < 0) out.add("read");
      if (writeOpsPerSecond > 0 && writeTokens < 0) out.add("write");
      if (computeOpsPerSecond > 0 && computeTokens < 0) out.add("compute");
      return out;
    }

    synchronized void charge(Stats used, long nowNanos) {
      refill(nowNanos);
      readTokens -= used.readOps();
      writeTokens -= used.writeOps();
      computeTokens -= used.computeOps();
    }

    private void refill(long nowNanos) {
      double seconds = Math.max(0, nowNanos - refilledNanos) / 1e9;
      readTokens = Math.min(readOpsPerSecond, readTokens + readOpsPerSecond * seconds);
      writeTokens = Math.min(writeOpsPerSecond, writeTokens + writeOpsPerSecond * seconds);
      computeTokens = Math.min(computeOpsPerSecond, computeTokens + computeOpsPerSecond * seconds);
      refilledNanos = Math.max(refilledNanos, nowNanos);
    }
  }
}
