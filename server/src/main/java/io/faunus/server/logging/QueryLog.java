package io.faunus.server.logging;

import io.faunus.model.db.Secrets;
import io.faunus.model.query.QueryOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The query log and the slow-query log: one line per query with who ran it (database and key id, derived
 * from the secret's public part), its tags, duration, ops and result code. Never the secret, never the
 * query text or its arguments: those may hold personal data and credentials.
 */
public final class QueryLog {
  private static final Logger LOG = LoggerFactory.getLogger(Logging.QUERY_LOGGER);

  private final boolean all;
  private final long slowNanos;
  private final String rootSecret;

  public QueryLog(LogSettings settings, String rootSecret) {
    this(settings.queries(), settings.slowQueryMs() == 0 ? Long.MAX_VALUE : settings.slowQueryMs() * 1_000_000L, rootSecret);
  }

  private QueryLog(boolean all, long slowNanos, String rootSecret) {
    this.all = all;
    this.slowNanos = slowNanos;
    this.rootSecret = rootSecret;
  }

  /** Logs nothing (servers embedded in tests). */
  public static final QueryLog OFF = new QueryLog(false, Long.MAX_VALUE, null);

  /** One query answered; {@code tags} as the client sent them in x-query-tags (validated, no secrets). */
  public void query(String endpoint, String secret, String tags, QueryOutcome outcome, long nanos) {
    answered(endpoint, secret, tags, outcome.resultCode(), outcome.statsOrZero(), outcome.txnTsOrZero(), nanos);
  }

  /**
   * One request of any query-like endpoint (query, feed, schema) answered with {@code code} ({@code ok} or
   * an error code), having cost {@code stats}, at {@code txnTs} (0: none).
   */
  public void answered(String endpoint, String secret, String tags, String code, QueryOutcome.Stats st, long txnTs,
                       long nanos) {
    boolean slow = nanos >= slowNanos;
    if (!all && !slow) return;
    Caller who = Caller.of(secret, rootSecret);
    LoggingEventBuilder e = (slow ? LOG.atWarn() : LOG.atInfo())
        .addKeyValue("endpoint", endpoint)
        .addKeyValue("database", who.database())
        .addKeyValue("key", who.key())
        .addKeyValue("tags", tags == null ? "" : tags)
        .addKeyValue("duration_ms", nanos / 1_000_000L);
    if (txnTs > 0) e.addKeyValue("txn_ts", txnTs);
    e.addKeyValue("read_ops", st.readOps()).addKeyValue("write_ops", st.writeOps())
        .addKeyValue("compute_ops", st.computeOps()).addKeyValue("contention_retries", st.contentionRetries())
        .addKeyValue("code", code)
        .log(slow ? "slow query" : "query");
  }

  /**
   * Who a secret claims to be, from its public part only: the root secret, a key or token id with the id
   * of the database it was made in, or a JWT. A scoped secret adds its database path and role. A secret
   * that is none of these logs as {@code unknown}: it may be a password typed in the wrong place.
   */
  record Caller(String database, String key) {
    static Caller of(String secret, String rootSecret) {
      if (secret == null || secret.isEmpty()) return new Caller("", "none");
      if (secret.startsWith("ey") && secret.indexOf('.') > 0) return new Caller("", "jwt");
      int colon = secret.indexOf(':');
      String base = colon < 0 ? secret : secret.substring(0, colon);
      String scope = colon < 0 ? "" : secret.substring(colon + 1);
      String db;
      String key;
      if (base.equals(rootSecret)) {
        db = "root";
        key = "root";
      } else {
        Secrets.Parsed p = Secrets.parse(base);
        if (p == null) return new Caller("", "unknown");
        db = "db:" + p.dbId();
        key = (p.kind() == Secrets.Kind.TOKEN ? "token:" : "key:") + p.keyId();
      }
      if (!scope.isEmpty()) {
        // <db path>:<role>, or just <role>; the path is database names, the role a role name
        int last = scope.lastIndexOf(':');
        String path = last < 0 ? "" : scope.substring(0, last);
        if (!path.isEmpty()) db = db + "/" + path.replace(':', '/');
        key = key + " as " + scope.substring(last + 1);
      }
      return new Caller(db, key);
    }
  }
}
