package io.faunus.model.engine;

import io.faunus.fql.ParseException;
import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr;
import io.faunus.fql.ast.Expr.Lambda;
import io.faunus.fql.ast.Expr.Project;
import io.faunus.model.db.DocSet;
import io.faunus.model.db.KeyRange;
import io.faunus.model.db.Udf;
import io.faunus.model.doc.BoundedBytes;
import io.faunus.model.doc.ValueSerde;
import io.faunus.model.eval.Access;
import io.faunus.model.eval.Closure;
import io.faunus.model.eval.Env;
import io.faunus.model.eval.Fn;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.eval.NativeFn;
import io.faunus.model.eval.ProjectionFn;
import io.faunus.model.set.*;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import io.faunus.storage.Cf;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of a set inside a cursor: a tag per set kind followed by its fields, and the values it
 * captures. Persistable values use {@link ValueSerde}; functions are written as their source text plus
 * the captured variables their text reads (template values become captured variables too); natives,
 * user functions and modules by name, resolved again in the query that replays the cursor. A set,
 * closure or projection met twice is written once and referred back to, so shared sub-sets stay linear.
 *
 * <p>Spans are not written: errors raised by the replayed set's own machinery point at the
 * {@code Set.paginate()} call that replays it; errors inside a replayed function point into its text.
 */
final class SetCodec {
  private SetCodec() {}

  /** The set captures a value that cannot be carried (an event source, a test-only function). */
  static final class Unencodable extends RuntimeException {
    Unencodable(String what) {
      super(what, null, false, false);
    }
  }

  /** Malformed input (a MAC-checked cursor from another version, a name that no longer resolves). */
  static final class Corrupt extends RuntimeException {
    Corrupt(String what) {
      super(what, null, false, false);
    }
  }

  private static final int REF = 1;
  // sets
  private static final int ARRAY_SET = 10, SEQUENCE = 11, SINGLE = 12, MAPPED = 13, WHERE = 14, FLAT_MAPPED = 15,
      TAKE = 16, DROP = 17, PAGED = 18, CONCAT = 19, REVERSED = 20, DISTINCT = 21, ORDERED = 22, DOCS = 23,
      TIMED = 24;
  // values
  private static final int PLAIN = 40, ARRAY = 41, OBJECT = 42, CLOSURE = 43, SHORT_CLOSURE = 44, PROJECTION = 45,
      NATIVE = 46, UDF = 47, MODULE = 48;
  // key ranges
  private static final int NO_RANGE = 0, ID_RANGE = 1, VALUE_RANGE = 2;
  /** Nesting of sets and values met while writing; deeper is refused rather than risking the stack. */
  private static final int DEPTH_MAX = 512;

  /** {@code header} followed by the encoded set; {@link BoundedBytes.Full} past {@code maxBytes} in all. */
  static byte[] encode(Interp in, byte[] header, LazySet set, int maxBytes) {
    BoundedBytes bytes = new BoundedBytes(256, maxBytes);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(header);
      new Writer(in, out, bytes).set(set);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The set encoded in {@code b[off, off+len)}, rebuilt in the replaying query {@code in}. */
  static LazySet decode(Interp in, byte[] b, int off, int len, Span site) {
    try (DataInputStream data = new DataInputStream(new ByteArrayInputStream(b, off, len))) {
      LazySet s = new Reader(in, data, site).set();
      if (data.available() != 0) throw new Corrupt("trailing bytes");
      return s;
    } catch (IOException e) {
      throw new Corrupt("truncated: " + e);
    }
  }

  // ---- writing --------------------------------------------------------------------------------------

  private static final class Writer {
    private final Interp in;
    private final DataOutputStream out;
    private final BoundedBytes bytes;
    private final IdentityHashMap<Object, Integer> seen = new IdentityHashMap<>();
    private final java.util.function.Predicate<Value> persistable = Values.persistableCheck();
    private int depth;

    Writer(Interp in, DataOutputStream out, BoundedBytes bytes) {
      this.in = in;
      this.out = out;
      this.bytes = bytes;
    }

    private boolean ref(Object o) throws IOException {
      Integer i = seen.get(o);
      if (i == null) return false;
      out.writeByte(REF);
      out.writeInt(i);
      return true;
    }

    private void remember(Object o) {
      seen.put(o, seen.size());
    }

    private void enter() {
      in.tick();
      if (++depth > DEPTH_MAX) throw new BoundedBytes.Full(bytes.size());
    }

    void set(LazySet s) throws IOException {
      if (ref(s)) return;
      enter();
      switch (s) {
        case ArraySet a -> {
          out.writeByte(ARRAY_SET);
          values(a.elems());
        }
        case SequenceSet q -> {
          out.writeByte(SEQUENCE);
          out.writeLong(q.from());
          out.writeLong(q.until());
          out.writeBoolean(q.reversed());
        }
        case SingleSet x -> {
          out.writeByte(SINGLE);
          value(x.value());
        }
        case MappedSet m -> {
          out.writeByte(MAPPED);
          set(m.source());
          value(m.fn());
        }
        case WhereSet w -> {
          out.writeByte(WHERE);
          set(w.source());
          value(w.predicate());
        }
        case FlatMappedSet f -> {
          out.writeByte(FLAT_MAPPED);
          set(f.source());
          value(f.fn());
          out.writeBoolean(f.reversed());
        }
        case TakeSet t -> {
          out.writeByte(TAKE);
          set(t.source());
          out.writeLong(t.limit());
        }
        case DropSet d -> {
          out.writeByte(DROP);
          set(d.source());
          out.writeLong(d.count());
        }
        case PagedSet p -> {
          out.writeByte(PAGED);
          set(p.source());
          out.writeInt(p.pageSize());
        }
        case ConcatSet c -> {
          out.writeByte(CONCAT);
          set(c.first());
          set(c.second());
        }
        case ReversedSet r -> {
          out.writeByte(REVERSED);
          set(r.source());
        }
        case DistinctSet d -> {
          out.writeByte(DISTINCT);
          set(d.source());
        }
        case TimedSet t -> {
          out.writeByte(TIMED);
          out.writeLong(t.micros());
          set(t.source());
        }
        case OrderedSet o -> {
          out.writeByte(ORDERED);
          set(o.source());
          out.writeInt(o.orderings().size());
          for (Ordering ord : o.orderings()) {
            out.writeBoolean(ord.accessor() != null);
            if (ord.accessor() != null) value(ord.accessor());
            out.writeBoolean(ord.ascending());
          }
        }
        case DocSet d -> {
          out.writeByte(DOCS);
          string(d.coll());
          string(d.cf().name());
          bytes(d.prefix());
          bytes(d.partitionKey());
          range(d.range());
          out.writeBoolean(d.reversed());
          out.writeBoolean(d.everReversed());
        }
        default -> throw new Unencodable("a set of kind " + s.getClass().getSimpleName());
      }
      depth--;
      remember(s);
    }

    private void range(KeyRange r) throws IOException {
      switch (r) {
        case null -> out.writeByte(NO_RANGE);
        case KeyRange.Ids ids -> {
          out.writeByte(ID_RANGE);
          nullableLong(ids.from());
          nullableLong(ids.to());
        }
        case KeyRange.Values vals -> {
          out.writeByte(VALUE_RANGE);
          nullableBytes(vals.from());
          nullableBytes(vals.to());
        }
      }
    }

    private void values(List<Value> vs) throws IOException {
      out.writeInt(vs.size());
      for (Value v : vs) value(v);
    }

    void value(Value v) throws IOException {
      switch (v) {
        case LazySet s -> set(s);
        case Closure c -> closure(c);
        case ProjectionFn p -> projection(p);
        case NativeFn f -> {
          out.writeByte(NATIVE);
          string(f.name());
          out.writeBoolean(f.self() != null);
          if (f.self() != null) value(f.self());
        }
        case Udf u -> {
          out.writeByte(UDF);
          string(u.name());
        }
        case ModuleV m -> {
          out.writeByte(MODULE);
          string(m.name());
        }
        case ArrayV a when !persistable.test(a) -> {
          enter();
          out.writeByte(ARRAY);
          values(a.elems());
          depth--;
        }
        case ObjectV o when !persistable.test(o) -> {
          enter();
          out.writeByte(OBJECT);
          out.writeInt(o.fields().size());
          for (var e : o.fields().entrySet()) {
            string(e.getKey());
            value(e.getValue());
          }
          depth--;
        }
        default -> {
          if (!persistable.test(v)) throw new Unencodable(Values.typeName(v) + " values");
          out.writeByte(PLAIN);
          bytes(ValueSerde.encode(v, bytes.remaining())); // a value sharing its parts stops at the limit
        }
      }
    }

    private void closure(Closure c) throws IOException {
      if (ref(c)) return;
      enter();
      Lambda l = c.lambda();
      out.writeByte(l.isShort() ? SHORT_CLOSURE : CLOSURE);
      string(c.source().name());
      function(c.source().slice(l.span()), FreeNames.of(l), c.env());
      depth--;
      remember(c);
    }

    /** The projection's field block after a stand-in receiver: {@code x { a, b: .c }}. */
    private void projection(ProjectionFn p) throws IOException {
      if (ref(p)) return;
      enter();
      Project root = p.root();
      String src = p.source().text();
      int from = root.receiver().span().end(), end = Math.min(root.span().end(), src.length());
      int brace = src.indexOf('{', from);
      if (brace < 0 || brace >= end || !src.substring(from, brace).matches("[\\s)]*")) {
        throw new Unencodable("this projection");
      }
      out.writeByte(PROJECTION);
      string(p.source().name());
      out.writeInt(p.path().size());
      for (int i : p.path()) out.writeInt(i);
      function("x" + src.substring(brace, end), FreeNames.of(p.fields()), p.env());
      depth--;
      remember(p);
    }

    /**
     * A function's text and the variables it reads. Template values it uses ({@code PLACEHOLDER i>} in
     * the text) are renamed to fresh identifiers and captured with their values, so the replayed text
     * does not depend on the replaying query's template values.
     */
    private void function(String text, FreeNames free, Env env) throws IOException {
      List<Map.Entry<String, Value>> captured = new ArrayList<>();
      if (!free.placeholders.isEmpty()) {
        String prefix = "tv_";
        for (int k = 0; text.contains(prefix); k++) prefix = "tv" + k + "_";
        for (int i : free.placeholders) {
          text = renamePlaceholder(text, i, prefix + i);
          captured.add(new SimpleEntry<>(prefix + i, in.ctx().placeholder(i)));
        }
      }
      for (String name : free.names) {
        Value v = env.lookup(name);
        if (v != null) captured.add(new SimpleEntry<>(name, v));
      }
      string(text);
      out.writeInt(captured.size());
      for (var e : captured) {
        string(e.getKey());
        value(e.getValue());
      }
    }

    private void string(String s) throws IOException {
      bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private void bytes(byte[] b) throws IOException {
      out.writeInt(b.length);
      out.write(b);
    }

    private void nullableBytes(byte[] b) throws IOException {
      out.writeBoolean(b != null);
      if (b != null) bytes(b);
    }

    private void nullableLong(Long l) throws IOException {
      out.writeBoolean(l != null);
      if (l != null) out.writeLong(l);
    }
  }

  /** Replaces template value {@code i} by identifier {@code name}, keeping it a separate token. */
  static String renamePlaceholder(String text, int i, String name) {
    String ph = Parser.PLACEHOLDER + i + ">";
    StringBuilder sb = new StringBuilder(text.length());
    int from = 0;
    for (int at; (at = text.indexOf(ph, from)) >= 0; ) {
      sb.append(text, from, at);
      if (at > 0 && identChar(text.charAt(at - 1))) sb.append(' ');
      sb.append(name);
      from = at + ph.length();
      if (from < text.length() && identChar(text.charAt(from))) sb.append(' ');
    }
    return sb.append(text, from, text.length()).toString();
  }

  private static boolean identChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '\'';
  }

  // ---- reading --------------------------------------------------------------------------------------

  private static final class Reader {
    private final Interp in;
    private final DataInputStream data;
    private final Span site;
    private final List<Object> refs = new ArrayList<>();

    Reader(Interp in, DataInputStream data, Span site) {
      this.in = in;
      this.data = data;
      this.site = site;
    }

    private <T> T remember(T o) {
      refs.add(o);
      return o;
    }

    LazySet set() throws IOException {
      return set(data.readUnsignedByte());
    }

    private LazySet set(int tag) throws IOException {
      if (tag == REF) return ref(LazySet.class);
      LazySet s = switch (tag) {
        case ARRAY_SET -> new ArraySet(values());
        case SEQUENCE -> SequenceSet.of(data.readLong(), data.readLong(), data.readBoolean());
        case SINGLE -> new SingleSet(value());
        case MAPPED -> new MappedSet(set(), fn(), site);
        case WHERE -> new WhereSet(set(), fn(), site);
        case FLAT_MAPPED -> new FlatMappedSet(set(), fn(), site, data.readBoolean());
        case TAKE -> new TakeSet(set(), data.readLong());
        case TIMED -> {
          long micros = data.readLong();
          yield new TimedSet(set(), micros);
        }
        case DROP -> new DropSet(set(), data.readLong());
        case PAGED -> new PagedSet(set(), data.readInt());
        case CONCAT -> new ConcatSet(set(), set());
        case REVERSED -> new ReversedSet(set());
        case DISTINCT -> new DistinctSet(set(), site);
        case ORDERED -> {
          LazySet source = set();
          int n = count();
          List<Ordering> ords = new ArrayList<>(n);
          for (int i = 0; i < n; i++) ords.add(new Ordering(data.readBoolean() ? fn() : null, data.readBoolean()));
          yield new OrderedSet(source, ords, site);
        }
        case DOCS -> new DocSet(string(), Cf.valueOf(string()), bytes(), bytes(), range(), data.readBoolean(),
            data.readBoolean());
        default -> throw new Corrupt("set tag " + tag);
      };
      return remember(s);
    }

    private KeyRange range() throws IOException {
      int tag = data.readUnsignedByte();
      return switch (tag) {
        case NO_RANGE -> null;
        case ID_RANGE -> new KeyRange.Ids(nullableLong(), nullableLong());
        case VALUE_RANGE -> new KeyRange.Values(nullableBytes(), nullableBytes());
        default -> throw new Corrupt("range tag " + tag);
      };
    }

    private <T> T ref(Class<T> type) throws IOException {
      int i = data.readInt();
      if (i < 0 || i >= refs.size() || !type.isInstance(refs.get(i))) throw new Corrupt("reference " + i);
      return type.cast(refs.get(i));
    }

    private Fn fn() throws IOException {
      if (value() instanceof Fn f) return f;
      throw new Corrupt("expected a function");
    }

    private List<Value> values() throws IOException {
      int n = count();
      List<Value> out = new ArrayList<>(Math.min(n, 1024));
      for (int i = 0; i < n; i++) out.add(value());
      return out;
    }

    Value value() throws IOException {
      int tag = data.readUnsignedByte();
      return switch (tag) {
        case REF -> ref(Value.class);
        case PLAIN -> ValueSerde.decode(bytes(), null);
        case ARRAY -> new ArrayV(values());
        case OBJECT -> {
          int n = count();
          Map<String, Value> out = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) out.put(string(), value());
          yield new ObjectV(out);
        }
        case CLOSURE, SHORT_CLOSURE -> remember(closure(tag == SHORT_CLOSURE));
        case PROJECTION -> remember(projection());
        case NATIVE -> {
          String name = string();
          Value self = data.readBoolean() ? value() : null;
          if (self == null) {
            if (in.ctx().global(in, name) instanceof NativeFn f) yield f;
            throw new Corrupt("no global function " + name);
          }
          if (Access.member(in, self, name) instanceof Member.Method m) yield m.bind(self);
          throw new Corrupt("no method " + name);
        }
        case UDF -> {
          String name = string();
          if (in.ctx().global(in, name) instanceof Fn f) yield f;
          throw new Corrupt("no function " + name);
        }
        case MODULE -> {
          String name = string();
          if (in.ctx().global(in, name) instanceof ModuleV m) yield m;
          throw new Corrupt("no module " + name);
        }
        default -> set(tag);
      };
    }

    private Closure closure(boolean isShort) throws IOException {
      String name = string();
      String text = string();
      Env env = env();
      try {
        if (isShort) {
          // A short lambda (.name) only parses in argument position.
          Source src = new Source(name, "f(" + text + "\n)");
          if (Parser.parseExpr(src) instanceof Expr.Call c && c.args().size() == 1 && c.args().get(0) instanceof Lambda l) {
            return new Closure(l, env, src);
          }
        } else {
          Source src = new Source(name, text);
          if (Parser.parseExpr(src) instanceof Lambda l) return new Closure(l, env, src);
        }
      } catch (ParseException e) {
        throw new Corrupt("function text does not parse");
      }
      throw new Corrupt("function text is not a function");
    }

    private ProjectionFn projection() throws IOException {
      String name = string();
      int n = count();
      List<Integer> path = new ArrayList<>(n);
      for (int i = 0; i < n; i++) path.add(data.readInt());
      String text = string();
      Env env = env();
      Source src = new Source(name, text);
      try {
        if (Parser.parseExpr(src) instanceof Project p) {
          ProjectionFn fn = new ProjectionFn(p, path, env, src);
          fn.fields(); // checks the path
          return fn;
        }
      } catch (ParseException | IndexOutOfBoundsException | NullPointerException e) {
        throw new Corrupt("projection text does not parse");
      }
      throw new Corrupt("projection text is not a projection");
    }

    private Env env() throws IOException {
      int n = count();
      Env env = Env.EMPTY;
      for (int i = 0; i < n; i++) {
        String name = string();
        env = env.bind(name, value());
      }
      return env;
    }

    private int count() throws IOException {
      int n = data.readInt();
      if (n < 0 || n > data.available()) throw new Corrupt("count " + n);
      return n;
    }

    private String string() throws IOException {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    private byte[] bytes() throws IOException {
      return data.readNBytes(count());
    }

    private byte[] nullableBytes() throws IOException {
      return data.readBoolean() ? bytes() : null;
    }

    private Long nullableLong() throws IOException {
      return data.readBoolean() ? data.readLong() : null;
    }
  }
}
