package io.faunus.model.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A /query/1 request after the transport has validated headers and the body shape (spec §1.3-§1.4).
 * Arguments and template values are still raw JSON: they are decoded only after authentication (§1.3).
 *
 * @param secret          bearer secret (may be null when absent)
 * @param source          FQL text; template values appear as placeholders (see {@link #PLACEHOLDER})
 * @param templateValues  the template's {@code value} parts, in order, always tagged-encoded
 * @param arguments       the body's {@code arguments} object, or null; encoded per {@code format}
 * @param receivedNanos   {@link System#nanoTime()} when the request arrived; deadlines count from here
 * @param timeoutMs       x-query-timeout-ms (default 120000)
 * @param lastTxnTs       x-last-txn-ts micros, or {@link Long#MIN_VALUE} when absent
 * @param typecheck       x-typecheck, or null when absent
 * @param queryTags       normalized x-query-tags ("k=v,k2=v2"), or null when absent/empty
 */
public record QueryRequest(String secret, String source, List<JsonNode> templateValues, JsonNode arguments,
                           Format format, Boolean typecheck, long receivedNanos, long timeoutMs,
                           long lastTxnTs, int maxContentionRetries, boolean performanceHints,
                           boolean linearized, String queryTags) {

  /**
   * Marks template value i in {@code source}: PLACEHOLDER + i + ">" . NUL cannot occur in template string
   * parts (rejected, spec §1.3) nor unescaped in FQL text, so users cannot forge one.
   */
  public static final String PLACEHOLDER = "\u0000value";

  public static final long DEFAULT_TIMEOUT_MS = 120_000;
  public static final int DEFAULT_MAX_CONTENTION_RETRIES = 2;

  public enum Format { SIMPLE, TAGGED, DECORATED }
}
