package io.faunus.storage;

/**
 * When a point read may use RocksDB's prefix bloom filters (docs/benchmarks.md, "Prefix bloom filters").
 *
 * <p>The versioned column families ({@link Cf#versioned()}) are opened with a fixed-length prefix extractor of
 * {@code n} bytes, so each SST file's filter holds the first {@code n} bytes of its keys. An iterator in prefix
 * mode skips every file whose filter says "no key starts with the seek key's prefix", and gives undefined
 * answers past that prefix. So a seek may use it only when every key of the range it asks for starts with the
 * same {@code n} bytes, which {@link #withinOnePrefix} decides. For an MVCC point read the range is one logical
 * key's versions ({@code head ~T} up to the successor of {@code head}): it qualifies when the escaped, terminated
 * head is at least {@code n} bytes long. Shorter keys are read in total order, as before.
 */
final class PrefixBloom {
  /** Off: no extractor, whole-key filters only (what every Faunus before this wrote). */
  static final int OFF = 0;
  /**
   * The prefix length that the grown-store measurements picked (docs/benchmarks.md): the head of a document key
   * {@code (db, coll, id)} of the root database is 38 bytes or more (the root's id 0 escapes to 16 bytes, a
   * generated collection id to 9-12, the document id to 9-12, then the 2-byte terminator), so 38 bytes covers the
   * document id up to its last byte or two, which tell apart documents created in the same millisecond.
   */
  static final int DEFAULT_BYTES = 38;
  /** No key is shorter than a tag and a terminator; longer prefixes than a few hundred bytes filter nothing more. */
  static final int MAX_BYTES = 256;

  private PrefixBloom() {}

  /**
   * True when every key {@code k} with {@code from <= k < to} starts with {@code from}'s first {@code n} bytes P:
   * {@code to} starts with P, or {@code to} is the smallest key after every key starting with P.
   */
  static boolean withinOnePrefix(byte[] from, byte[] to, int n) {
    if (n <= 0 || from == null || to == null || from.length < n) return false;
    if (to.length >= n && java.util.Arrays.equals(from, 0, n, to, 0, n)) return true;
    int last = n - 1; // KeyCodec.prefixEnd(P) without allocating: P up to its last non-0xFF byte, that byte + 1
    while (last >= 0 && from[last] == (byte) 0xFF) last--;
    return last >= 0 && to.length == last + 1 && java.util.Arrays.equals(from, 0, last, to, 0, last)
        && to[last] == (byte) (from[last] + 1);
  }
}
