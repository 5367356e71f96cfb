package io.faunus.model.db;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.doc.Keys;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Limits;
import io.faunus.model.schema.IndexDef;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import io.faunus.storage.KeyElement;
import io.faunus.storage.Tuple;
import java.util.Arrays;
import java.util.List;

/** Range arguments {@code { from?, to? }} of {@code C.all(range)} and index calls (spec §5.3). */
final class Ranges {
  private Ranges() {}

  private static final String SHAPE = "invalid argument `range`: should be an object contining `{ from }`, "
      + "`{ to }`, or `{ from, to }` fields";

  /**
   * A lookup term or range bound is encoded into a storage key whole, every shared part of it once per
   * occurrence: one whose text would pass the string limit fails (value_too_large) before it is encoded.
   */
  static void checkKeyValue(Interp in, Value v, Span site) {
    if (Values.expandedBytes(v, in, Limits.STRING_LENGTH_MAX) > Limits.STRING_LENGTH_MAX) {
      throw in.error(ErrorCode.VALUE_TOO_LARGE, "Value too large: a lookup value exceeds the limit of "
          + Limits.STRING_LENGTH_MAX + " bytes.", site);
    }
  }

  static ObjectV object(Interp in, Value range, Span site) {
    if (range instanceof ObjectV o && (o.fields().containsKey("from") || o.fields().containsKey("to"))) return o;
    throw in.error(ErrorCode.INVALID_ARGUMENT, SHAPE, site);
  }

  static Long docId(Interp in, Value v, String field, Span site) {
    return switch (v) {
      case NullV n -> null;
      case IdV i -> i.value();
      case DocV d when !d.named() -> d.id();
      case NumV n when Numbers.isIntegral(n) -> Numbers.asLong(n);
      case StrV s when s.value().matches("[0-9]{1,19}") -> Long.parseLong(s.value());
      default -> throw in.error(ErrorCode.INVALID_ARGUMENT, "invalid argument `range`: The `" + field
          + "` field must be a document id.", site);
    };
  }

  /** {@code { from?, to? }} on document ids, inclusive. */
  static KeyRange ids(Interp in, Value range, Span site) {
    ObjectV r = object(in, range, site);
    return new KeyRange.Ids(docId(in, r.get("from"), "from", site), docId(in, r.get("to"), "to", site));
  }

  /** Inclusive bounds on the index's value tuple (a prefix of it), compared in index order. */
  static KeyRange values(Interp in, IndexDef idx, Value range, Span site) {
    if (idx.values().isEmpty()) return ids(in, range, site);
    ObjectV r = object(in, range, site);
    return new KeyRange.Values(bound(in, idx, r.get("from"), "from", site), bound(in, idx, r.get("to"), "to", site));
  }

  private static byte[] bound(Interp in, IndexDef idx, Value v, String field, Span site) {
    if (v instanceof NullV) return null;
    List<Value> vals = v instanceof ArrayV a ? a.elems() : List.of(v);
    if (vals.size() > idx.values().size()) {
      throw in.error(ErrorCode.INVALID_ARGUMENT, "invalid argument `range`: The field `" + field + "` can have at most "
          + idx.values().size() + " values", site);
    }
    checkKeyValue(in, v, site);
    Tuple enc = Keys.encodeValues(vals, idx.descFlags().subList(0, vals.size()));
    byte[] nested = new Tuple(List.of(new KeyElement.Nested(enc))).encode();
    // Drop the nested tuple's terminator so the bound is a prefix of every entry that starts with it.
    return Arrays.copyOf(nested, nested.length - terminatorLength(enc));
  }

  private static int terminatorLength(Tuple enc) {
    byte[] inner = enc.encode();
    byte[] outer = new Tuple(List.of(new KeyElement.Nested(enc))).encode();
    return outer.length - inner.length - 1;
  }
}
