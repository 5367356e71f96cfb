package io.faunus.model.db;

import io.faunus.storage.KeyElement;
import io.faunus.storage.Tuple;
import java.util.Arrays;
import java.util.List;

/**
 * The inclusive bounds of {@code C.all({ from, to })} and of index range calls, kept as data (not a
 * lambda) so that a set cursor can carry them. A bound that is null is open.
 */
public sealed interface KeyRange {
  /** Whether a decoded storage key (…, values?, doc id) lies within the bounds. */
  boolean test(Tuple key);

  /** Bounds on the document id, the key's last element. */
  record Ids(Long from, Long to) implements KeyRange {
    @Override
    public boolean test(Tuple key) {
      long id = ((KeyElement.Int) key.get(key.size() - 1)).value();
      return (from == null || id >= from) && (to == null || id <= to);
    }
  }

  /**
   * Bounds on an index entry's value tuple, the key's second-to-last element: encoded prefixes compared
   * unsigned, so they follow the index's order (descending values included); {@code to} is compared with
   * the same-length head of the entry, so every entry that starts with it is in range.
   */
  record Values(byte[] from, byte[] to) implements KeyRange {
    @Override
    public boolean test(Tuple key) {
      byte[] vals = new Tuple(List.of(key.get(key.size() - 2))).encode();
      if (from != null && Arrays.compareUnsigned(vals, from) < 0) return false;
      if (to == null) return true;
      byte[] head = Arrays.copyOf(vals, Math.min(vals.length, to.length));
      return Arrays.compareUnsigned(head, to) <= 0;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Values v && Arrays.equals(v.from, from) && Arrays.equals(v.to, to);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(from) + Arrays.hashCode(to);
    }
  }
}
