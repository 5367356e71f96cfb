package io.faunus.model.value;

import io.faunus.fql.Span;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every FQL runtime value. Scalars and containers are immutable records. Functions, modules and sets are
 * open interfaces implemented by the evaluator. The {@code Mat*} records exist only in materialized query
 * results (what the codecs encode): a document read for output, a null document with its cause, a set page.
 */
public sealed interface Value {

  // ---- scalars --------------------------------------------------------------------------------

  /** null; {@code origin} (may be null) is where it was produced, for the "Null value created here" hint. */
  record NullV(Span origin) implements Value {
    public static final NullV NULL = new NullV(null);

    @Override
    public boolean equals(Object o) {
      return o instanceof NullV;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }

  record BoolV(boolean value) implements Value {
    public static final BoolV TRUE = new BoolV(true);
    public static final BoolV FALSE = new BoolV(false);

    public static BoolV of(boolean b) {
      return b ? TRUE : FALSE;
    }
  }

  /** Int, Long and Double share numeric comparison; see {@code Numbers}. */
  sealed interface NumV extends Value permits IntV, LongV, DoubleV {
    double asDouble();
  }

  record IntV(int value) implements NumV {
    public double asDouble() {
      return value;
    }
  }

  record LongV(long value) implements NumV {
    public double asDouble() {
      return value;
    }
  }

  record DoubleV(double value) implements NumV {
    public double asDouble() {
      return value;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof DoubleV d && Double.compare(d.value, value) == 0;
    }
  }

  record StrV(String value) implements Value {}

  /** A document id: non-negative 64-bit, a decimal string on the wire. */
  record IdV(long value) implements Value {}

  record TimeV(Instant value) implements Value {}

  record DateV(LocalDate value) implements Value {}

  record BytesV(byte[] value) implements Value {
    @Override
    public boolean equals(Object o) {
      return o instanceof BytesV b && Arrays.equals(b.value, value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "BytesV" + Arrays.toString(value);
    }
  }

  record UuidV(java.util.UUID value) implements Value {}

  /** {@code TransactionTime()}: the commit time of the running transaction, known only at commit. */
  record TxnTimeV() implements Value {
    public static final TxnTimeV INSTANCE = new TxnTimeV();
  }

  // ---- containers -----------------------------------------------------------------------------

  /** Immutable; its list is always flat (see {@link ArrayElems}), whatever list it was built from. */
  record ArrayV(List<Value> elems) implements Value {
    public static final ArrayV EMPTY = new ArrayV(List.of());

    public ArrayV {
      elems = ArrayElems.of(elems);
    }

    public static ArrayV of(Value... vs) {
      return new ArrayV(List.of(vs));
    }
  }

  /** Object with insertion-ordered keys. The map must not be mutated after construction. */
  record ObjectV(Map<String, Value> fields) implements Value {
    public static final ObjectV EMPTY = new ObjectV(new LinkedHashMap<>());

    public ObjectV {
      fields = Collections.unmodifiableMap(fields);
    }

    public Value get(String key) {
      Value v = fields.get(key);
      return v == null ? NullV.NULL : v;
    }
  }

  // ---- documents ------------------------------------------------------------------------------

  /**
   * A reference to a document: (collection, id) for ID'd collections, (collection, name) for schema
   * collections (Collection, Function, Database, Role, AccessProvider). Whether it exists is found out by
   * reading it. {@code id} is -1 for named docs, {@code name} null for ID'd docs.
   */
  record DocV(String coll, long id, String name, long atMicros) implements Value {
    public DocV(String coll, long id, String name) {
      this(coll, id, name, 0);
    }

    public static DocV byId(String coll, long id) {
      return new DocV(coll, id, null);
    }

    public static DocV byName(String coll, String name) {
      return new DocV(coll, -1, name);
    }

    public boolean named() {
      return name != null;
    }

    /**
     * This document as read at {@code micros}: a document that leaves an {@code at()} expression keeps the
     * time it was read at, so its fields, and its rendering in the result, are those of that time.
     */
    public DocV readAt(long micros) {
      return atMicros != 0 ? this : new DocV(coll, id, name, micros);
    }

    /** This document as the query sees it now (writes act on the current version whatever was read). */
    public DocV current() {
      return atMicros == 0 ? this : new DocV(coll, id, name);
    }

    /** Equality is the document's identity: the time it was read at does not make it another document. */
    @Override
    public boolean equals(Object o) {
      return o instanceof DocV d && d.id == id && d.coll.equals(coll) && java.util.Objects.equals(d.name, name);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(coll, id, name);
    }

    @Override
    public String toString() {
      return "DocV[coll=" + coll + ", id=" + id + ", name=" + name + (atMicros == 0 ? "" : ", atMicros=" + atMicros) + "]";
    }
  }

  // ---- open kinds (implemented by the evaluator) ----------------------------------------------

  /** A callable: lambda closure, native function, user-defined function. */
  non-sealed interface FuncV extends Value {
    /** Display form: {@code [function <lambda>]} or {@code [function abs()]}. */
    String display();
  }

  /** A module or singleton object: Math, Time, Collection, a user collection, ... */
  non-sealed interface ModuleV extends Value {
    String name();
  }

  /** A lazy set (collection scan, index range, array.toSet(), Set.sequence, ...). */
  non-sealed interface SetV extends Value {}

  /** An event source (stream token) over a set. */
  non-sealed interface EventSourceV extends Value {
    String token();
  }

  // ---- materialized forms (only in query results) ---------------------------------------------

  /** A document read for output: fields in render order (id/name, coll, ts, ttl, user fields...). */
  record MatDocV(DocV ref, ObjectV fields) implements Value {}

  /** A document that does not exist; cause is "not found", "deleted", "permission denied", ... */
  record MatNullDocV(DocV ref, String cause) implements Value {}

  /** First page of a returned set; {@code after} is null on the last page. */
  record MatSetV(List<Value> data, String after) implements Value {}

  /** A set nested too deep to expand: rendered as its cursor. */
  record MatSetCursorV(String cursor) implements Value {}
}
