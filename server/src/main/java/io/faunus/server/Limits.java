package io.faunus.server;

/** Request limits from spec §1.0 and §8; units are in the names. */
final class Limits {
  private Limits() {}

  static final int BODY_SIZE_MAX_BYTES = 8 * 1024 * 1024;
  static final int HEADER_BLOCK_MAX_BYTES = 8 * 1024;
  static final int REQUEST_LINE_MAX_BYTES = 16 * 1024;
  /** Netty hands request bodies over in pieces of at most this size; it bounds no request. */
  static final int BODY_CHUNK_MAX_BYTES = 64 * 1024;
  static final int JSON_NESTING_MAX_DEPTH = 1000;

  /**
   * A response body larger than this answers value_too_large. The engine already refuses results whose
   * text passes its held-bytes budget (model eval.Limits.QUERY_HELD_BYTES_MAX, 64 MiB, an estimate); this is
   * the hard stop for what the estimate misses (escaped control characters, tags).
   */
  static final int RESPONSE_BODY_MAX_BYTES = 256 * 1024 * 1024;

  static final long QUERY_TIMEOUT_MAX_MS = 600_000;
  static final int CONTENTION_RETRIES_MAX = 7;

  static final int QUERY_TAGS_MAX_BYTES = 3000;
  static final int QUERY_TAGS_MAX_PAIRS = 25;
  static final int QUERY_TAG_KEY_MAX_BYTES = 40;
  static final int QUERY_TAG_VALUE_MAX_BYTES = 80;

  /**
   * Stack requested for query threads. The evaluator recurses per FQL frame (spec §8 allows 2048 frames,
   * and each can cost several JVM frames), so the default 1 MiB stack is far too small.
   */
  static final long QUERY_THREAD_STACK_BYTES = 256L * 1024 * 1024;
}
