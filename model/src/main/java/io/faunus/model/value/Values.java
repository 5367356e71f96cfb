package io.faunus.model.value;

import io.faunus.model.value.Value.*;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Equality, ordering and type names of values (spec §3.4, §4.3 ordering of mixed types). */
public final class Values {
  private Values() {}

  /** The type name used in error messages ("expected type: Boolean, received Int"). */
  public static String typeName(Value v) {
    return switch (v) {
      case NullV n -> "Null";
      case BoolV b -> "Boolean";
      case IntV i -> "Int";
      case LongV l -> "Long";
      case DoubleV d -> "Double";
      case StrV s -> "String";
      case IdV i -> "ID";
      case TimeV t -> "Time";
      case DateV d -> "Date";
      case BytesV b -> "Bytes";
      case UuidV u -> "UUID";
      case TxnTimeV t -> "TransactionTime";
      case ArrayV a -> "Array";
      case ObjectV o -> "Object";
      case DocV d -> d.coll();
      case FuncV f -> "Function";
      case ModuleV m -> m.name() + "Module";
      case SetV s -> "Set";
      case EventSourceV e -> "EventSource";
      case MatDocV d -> d.ref().coll();
      case MatNullDocV d -> "NullDoc";
      case MatSetV s -> "Set";
      case MatSetCursorV s -> "Set";
    };
  }

  // ---- equality -------------------------------------------------------------------------------

  /**
   * Deep structural equality of FQL {@code ==}. Documents compare by reference. Charges {@code m} one unit
   * per pair of values compared and the length of strings compared: values may share structure, so two
   * small graphs can stand for trees too large to walk before the deadline.
   */
  public static boolean equal(Value a, Value b, Meter m) {
    m.charge(1);
    if (a instanceof NumV x && b instanceof NumV y) return Numbers.numEquals(x, y);
    if (a instanceof IdV x) return idEquals(x, b);
    if (b instanceof IdV y) return idEquals(y, a);
    if (a instanceof ArrayV x && b instanceof ArrayV y) return listEqual(x.elems(), y.elems(), m);
    if (a instanceof ObjectV x && b instanceof ObjectV y) return mapEqual(x.fields(), y.fields(), m);
    if (a instanceof StrV x && b instanceof StrV y) m.chargeBytes(Math.min(x.value().length(), y.value().length()));
    if (a instanceof BytesV x && b instanceof BytesV y) m.chargeBytes(Math.min(x.value().length, y.value().length));
    return a.equals(b);
  }

  /** {@link #equal(Value, Value, Meter)} for values outside any query (stored data, schema). */
  public static boolean equal(Value a, Value b) {
    return equal(a, b, Meter.NONE);
  }

  private static boolean idEquals(IdV id, Value other) {
    return switch (other) {
      case IdV o -> o.value() == id.value();
      case NumV n -> Numbers.isIntegral(n) && Numbers.asLong(n) == id.value();
      case StrV s -> s.value().equals(Long.toString(id.value()));
      default -> false;
    };
  }

  private static boolean listEqual(List<Value> a, List<Value> b, Meter m) {
    if (a.size() != b.size()) return false;
    for (int i = 0; i < a.size(); i++) if (!equal(a.get(i), b.get(i), m)) return false;
    return true;
  }

  private static boolean mapEqual(Map<String, Value> a, Map<String, Value> b, Meter m) {
    if (a.size() != b.size()) return false;
    for (var e : a.entrySet()) {
      Value o = b.get(e.getKey());
      if (o == null || !equal(e.getValue(), o, m)) return false;
    }
    return true;
  }

  // ---- ordering -------------------------------------------------------------------------------

  /** Rank of a kind in the total order used by order()/sort: Number < Bytes < String < ... < Null. */
  private static int rank(Value v) {
    return switch (v) {
      case NumV n -> 0;
      case BytesV b -> 1;
      case StrV s -> 2;
      case ArrayV a -> 3;
      case ObjectV o -> 4;
      case IdV i -> 5;
      case DocV d -> 6;
      case TimeV t -> 7;
      case TxnTimeV t -> 7;
      case DateV d -> 8;
      case UuidV u -> 9;
      case BoolV b -> 10;
      case NullV n -> 100;
      default -> 50;
    };
  }

  /**
   * Total order over all values (for order(), distinct, index values). Charges {@code m} like
   * {@link #equal(Value, Value, Meter)}, plus the sorting of each pair of objects' keys.
   */
  public static int compare(Value a, Value b, Meter m) {
    m.charge(1);
    int ra = rank(a), rb = rank(b);
    if (ra != rb) return Integer.compare(ra, rb);
    return switch (a) {
      case NumV x -> Numbers.compare(x, (NumV) b);
      case BytesV x -> {
        m.chargeBytes(Math.min(x.value().length, ((BytesV) b).value().length));
        yield Arrays.compareUnsigned(x.value(), ((BytesV) b).value());
      }
      case StrV x -> compareStrings(x.value(), ((StrV) b).value(), m);
      case ArrayV x -> compareLists(x.elems(), ((ArrayV) b).elems(), m);
      case ObjectV x -> compareObjects(x, (ObjectV) b, m);
      case IdV x -> Long.compare(x.value(), ((IdV) b).value());
      case DocV x -> compareDocs(x, (DocV) b);
      case TimeV x -> b instanceof TimeV y ? x.value().compareTo(y.value()) : -1;
      case DateV x -> x.value().compareTo(((DateV) b).value());
      case UuidV x -> x.value().compareTo(((UuidV) b).value());
      case BoolV x -> Boolean.compare(x.value(), ((BoolV) b).value());
      default -> 0;
    };
  }

  /** {@link #compare(Value, Value, Meter)} for values outside any query (stored data, schema). */
  public static int compare(Value a, Value b) {
    return compare(a, b, Meter.NONE);
  }

  /** Comparison for {@code < > <= >=}: null when the kinds are unrelated (the operator yields false). */
  public static Integer compareComparable(Value a, Value b, Meter m) {
    boolean related = (a instanceof NumV && b instanceof NumV) || (a instanceof IdV && b instanceof NumV)
        || (a instanceof NumV && b instanceof IdV) || (rank(a) == rank(b) && rank(a) != 50 && rank(a) != 100);
    if (!related) return null;
    if (a instanceof IdV x && b instanceof NumV y) return Numbers.compare(Numbers.of(x.value()), y);
    if (a instanceof NumV x && b instanceof IdV y) return Numbers.compare(x, Numbers.of(y.value()));
    return compare(a, b, m);
  }

  /** Code-point order (= UTF-8 byte order, as index keys store strings), not Java's UTF-16 order. */
  public static int compareStrings(String a, String b) {
    return compareStrings(a, b, Meter.NONE);
  }

  private static int compareStrings(String a, String b, Meter m) {
    int i = 0, j = 0;
    try {
      while (i < a.length() && j < b.length()) {
        int ca = a.codePointAt(i), cb = b.codePointAt(j);
        if (ca != cb) return Integer.compare(ca, cb);
        i += Character.charCount(ca);
        j += Character.charCount(cb);
      }
      return Boolean.compare(i < a.length(), j < b.length());
    } finally {
      m.chargeBytes(i); // what was scanned: a string is at most 16 MiB, so one compare is bounded
    }
  }

  private static int compareLists(List<Value> a, List<Value> b, Meter m) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compare(a.get(i), b.get(i), m);
      if (c != 0) return c;
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareObjects(ObjectV a, ObjectV b, Meter m) {
    m.charge(a.fields().size() + b.fields().size());
    List<String> ka = new ArrayList<>(a.fields().keySet()), kb = new ArrayList<>(b.fields().keySet());
    ka.sort(Values::compareStrings);
    kb.sort(Values::compareStrings);
    Iterator<String> ia = ka.iterator(), ib = kb.iterator();
    while (ia.hasNext() && ib.hasNext()) {
      String x = ia.next(), y = ib.next();
      int c = compareStrings(x, y, m);
      if (c != 0) return c;
      c = compare(a.fields().get(x), b.fields().get(y), m);
      if (c != 0) return c;
    }
    return Boolean.compare(ia.hasNext(), ib.hasNext());
  }

  private static int compareDocs(DocV a, DocV b) {
    int c = a.coll().compareTo(b.coll());
    if (c != 0) return c;
    if (a.named() || b.named()) return String.valueOf(a.name()).compareTo(String.valueOf(b.name()));
    return Long.compare(a.id(), b.id());
  }

  /**
   * True if the value may be stored in a document (spec §6.2). Each distinct array or object is checked
   * once, so a value sharing its parts costs what it holds in memory, not what it would expand to.
   */
  public static boolean persistable(Value v) {
    return persistableCheck().test(v);
  }

  /** {@link #persistable} remembering its answers for every container it met, across calls. */
  public static Predicate<Value> persistableCheck() {
    IdentityHashMap<Value, Boolean> known = new IdentityHashMap<>();
    return new Predicate<>() {
      @Override
      public boolean test(Value v) {
        return switch (v) {
          case NullV n -> true;
          case BoolV b -> true;
          case NumV n -> true;
          case StrV s -> true;
          case IdV i -> true;
          case TimeV t -> true;
          case TxnTimeV t -> true;
          case DateV d -> true;
          case BytesV b -> true;
          case UuidV u -> true;
          case DocV d -> true;
          case ArrayV a -> container(a, a.elems());
          case ObjectV o -> container(o, o.fields().values());
          default -> false;
        };
      }

      private boolean container(Value c, java.util.Collection<Value> elems) {
        Boolean k = known.get(c);
        if (k == null) {
          k = elems.stream().allMatch(this);
          known.put(c, k);
        }
        return k;
      }
    };
  }

  // ---- size -----------------------------------------------------------------------------------

  /**
   * About how many bytes {@code v} takes written out as text (JSON or FQL), counting a part shared by
   * several containers once per occurrence, as every encoder writes it. Each distinct container is walked
   * once (charging {@code m} one unit per element) and counting stops once the total passes {@code cap},
   * so the answer is exact up to {@code cap} and only "more than cap" past it.
   */
  public static long expandedBytes(Value v, Meter m, long cap) {
    return new Sizes(m, cap).of(v);
  }

  /** Estimated text of a scalar other than a string or bytes: a number, a time, a reference, a tag. */
  private static final int SCALAR_TEXT_BYTES = 16;

  /**
   * About how many bytes {@code v}'s own text takes, its elements' not included: a string or bytes value,
   * the brackets, separators and keys of an array or object, a fixed estimate for other scalars. The one
   * estimate behind {@link #expandedBytes} and the materializer's count of a result's text.
   */
  public static long ownTextBytes(Value v) {
    return switch (v) {
      case StrV s -> 2L + s.value().length();
      case BytesV b -> 2L + b.value().length * 4L / 3;
      case ArrayV a -> 2L + a.elems().size();
      case ObjectV o -> {
        long keys = 2;
        for (String k : o.fields().keySet()) keys += k.length() + 4L;
        yield keys;
      }
      default -> SCALAR_TEXT_BYTES;
    };
  }

  private static final class Sizes {
    private final Meter meter;
    private final long cap;
    private final IdentityHashMap<Value, Long> known = new IdentityHashMap<>();

    Sizes(Meter meter, long cap) {
      this.meter = meter;
      this.cap = Math.min(cap, Long.MAX_VALUE / 4); // so that sums past it cannot wrap around
    }

    long of(Value v) {
      return switch (v) {
        case ArrayV a -> container(a, a.elems());
        case ObjectV o -> container(o, o.fields().values());
        default -> ownTextBytes(v);
      };
    }

    private long container(Value c, java.util.Collection<Value> elems) {
      Long k = known.get(c);
      if (k != null) return k;
      meter.charge(elems.size());
      long total = ownTextBytes(c);
      for (Value x : elems) {
        if (total > cap) break;
        total = Math.min(cap + 1, total + of(x)); // saturate: 2^60 occurrences must not wrap around
      }
      known.put(c, total);
      return total;
    }
  }
}
