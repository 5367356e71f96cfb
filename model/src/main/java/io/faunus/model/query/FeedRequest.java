package io.faunus.model.query;

/**
 * A /feed/1 request after the transport validated its body and headers (spec §1.8).
 *
 * @param cursor       resume strictly after this event cursor, or null
 * @param startTs      without a cursor, start after this time (micros), or null for the token's creation time
 * @param pageSize     1..16000
 * @param lastTxnTs    x-last-txn-ts, or {@link Long#MIN_VALUE}
 */
public record FeedRequest(String secret, String token, String cursor, Long startTs, int pageSize,
                          long receivedNanos, long timeoutMs, long lastTxnTs) {
  public static final int PAGE_SIZE_DEFAULT = 16;
  public static final int PAGE_SIZE_MAX = 16_000;
}
