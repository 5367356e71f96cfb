package io.faunus.model.engine;

import io.faunus.model.query.ErrorCode;

import io.faunus.model.eval.DocAccess;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Limits;
import io.faunus.model.eval.QueryError;
import io.faunus.model.events.EventSource;
import io.faunus.model.events.EventToken;
import io.faunus.model.set.LazySet;
import io.faunus.model.set.Pages;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a query's result into what the codecs encode (spec §2.2): documents met in the result are read
 * and emitted whole, documents inside documents stay references, sets become their first page (nested
 * sets up to depth 10, then cursors).
 *
 * <p>A result may share sub-values: {@code fold({a: 1}, (o, _) => {x: o, y: o})} is 24 objects in memory
 * and 2^24 leaves as text. Each distinct array or object is materialized once and its copy shared the same
 * way, so the work and the memory follow the graph; the size of the text it encodes to is counted as the
 * tree, every occurrence of a shared part again, against the query's held-bytes budget
 * ({@link Interp#hold}), so such a result fails with value_too_large before anything large is built or
 * encoded.
 */
public final class Materializer {
  /** Estimated text of a document reference or a missing document. */
  private static final int REF_BYTES = 64;

  private final Interp in;
  private final long snapshotMicros;
  /** Tokens issued by this materializer, with their sources (by identity), for {@link #reissueTokens}. */
  private final IdentityHashMap<EventToken, EventSource> tokens = new IdentityHashMap<>();
  /** Arrays and objects already materialized at a given set depth, by identity. */
  private final IdentityHashMap<Value, Done> done = new IdentityHashMap<>();

  /** A materialized value, the bytes of its text and how many containers deep it nests. */
  private record Done(Value value, long bytes, int height, int setDepth) {}

  public Materializer(Interp in, long snapshotMicros) {
    this.in = in;
    this.snapshotMicros = snapshotMicros;
  }

  public Value materialize(Value v) {
    return mat(v, 0, 0).value();
  }

  private Done mat(Value v, int setDepth, int nesting) {
    in.tick();
    if (v instanceof ArrayV || v instanceof ObjectV) {
      Done seen = done.get(v);
      if (seen != null && seen.setDepth() == setDepth) {
        checkNesting(nesting + seen.height());
        in.hold(seen.bytes());
        return seen;
      }
      checkNesting(nesting + 1);
      Done d = container(v, setDepth, nesting);
      done.put(v, d);
      return d;
    }
    return switch (v) {
      case DocV d -> doc(d, setDepth, nesting);
      case SetV s -> set((LazySet) s, setDepth, nesting);
      case EventSource e -> {
        // Issued now, created at the query's time: a stream of it replays what commits after that.
        EventToken token = issue(e, snapshotMicros);
        tokens.put(token, e);
        yield scalar(token, 16L + token.token().length());
      }
      default -> scalar(v, Values.ownTextBytes(v));
    };
  }

  private EventToken issue(EventSource e, long createdMicros) {
    return new EventToken(in.ctx().cursors().issueSource(in, e.set(),
        e.watched().stream().map(io.faunus.model.schema.FieldPath::source).toList(), createdMicros));
  }

  /** True when the result holds event-source tokens, which {@link #reissueTokens} makes again. */
  public boolean issuedTokens() {
    return !tokens.isEmpty();
  }

  /**
   * The materialized {@code v} with the event-source tokens this materializer issued made again as created
   * at {@code createdMicros}: a query that writes learns its commit time, which is its tokens' creation time
   * (spec §1.7: a stream replays what commits after the query that made the token), only after it
   * materialized its result.
   */
  public Value reissueTokens(Value v, long createdMicros) {
    if (tokens.isEmpty()) return v;
    IdentityHashMap<Value, Value> replace = new IdentityHashMap<>();
    tokens.forEach((t, e) -> {
      try {
        replace.put(t, issue(e, createdMicros));
      } catch (QueryError x) {
        // The query has committed: a deadline met now keeps the token created at the snapshot.
      }
    });
    return new Replacer(replace).resolve(v);
  }

  private Done scalar(Value v, long bytes) {
    in.hold(bytes);
    return new Done(v, bytes, 0, 0);
  }

  /** An array or an object met for the first time: its own text is held here, its elements' by them. */
  private Done container(Value v, int setDepth, int nesting) {
    long bytes = Values.ownTextBytes(v);
    in.hold(bytes);
    int height = 0;
    Value out;
    if (v instanceof ArrayV a) {
      List<Value> elems = new ArrayList<>(a.elems().size());
      for (Value x : a.elems()) {
        Done c = mat(x, setDepth, nesting + 1);
        elems.add(c.value());
        bytes += c.bytes();
        height = Math.max(height, c.height());
      }
      out = new ArrayV(elems);
    } else {
      Map<String, Value> fields = ((ObjectV) v).fields();
      Map<String, Value> copy = new LinkedHashMap<>();
      for (var e : fields.entrySet()) {
        Done c = mat(e.getValue(), setDepth, nesting + 1);
        copy.put(e.getKey(), c.value());
        bytes += c.bytes();
        height = Math.max(height, c.height());
      }
      out = new ObjectV(copy);
    }
    return new Done(out, bytes, height + 1, setDepth);
  }

  private void checkNesting(int nesting) {
    if (nesting > Limits.RESULT_NESTING_MAX) {
      throw Interp.fail(ErrorCode.VALUE_TOO_LARGE, "Value too large: the result nests deeper than "
          + Limits.RESULT_NESTING_MAX + " levels.");
    }
  }

  private Done doc(DocV d, int setDepth, int nesting) {
    DocAccess docs = in.ctx().docs();
    ObjectV fields = docs.read(in, d);
    if (fields == null) return scalar(new MatNullDocV(d, docs.missingCause(in, d)), REF_BYTES);
    // Computed fields may hold what no stored field can: a set (`orders: Set<Order>`) is returned as a page
    // of its own, like a set anywhere else in a result (documents inside stay references).
    Map<String, Value> computed = null;
    long extra = 0;
    for (Map.Entry<String, Value> e : fields.fields().entrySet()) {
      if (e.getValue() instanceof SetV) {
        if (computed == null) computed = new java.util.LinkedHashMap<>(fields.fields());
        Done page = mat(e.getValue(), setDepth, nesting + 1);
        computed.put(e.getKey(), page.value());
        extra += page.bytes();
      }
    }
    if (computed != null) fields = new ObjectV(computed);
    // Stored fields are bounded by the document size limit; what counts here is how many times they repeat.
    long bytes = Values.expandedBytes(fields, in, Limits.QUERY_HELD_BYTES_MAX + 1);
    in.hold(bytes);
    return new Done(new MatDocV(d, fields), bytes + extra, 0, 0);
  }

  private Done set(LazySet s, int depth, int nesting) {
    int size = s.pageSize();
    if (depth >= Limits.SET_NESTING_MAX) {
      String cursor = in.ctx().cursors().issue(in, s, 0, size, snapshotMicros);
      return scalar(new MatSetCursorV(cursor), 2L + cursor.length());
    }
    checkNesting(nesting + 2); // {data: [...]}
    Pages.Page page = Pages.page(in, s, 0, size);
    List<Value> data = new ArrayList<>(page.data().size());
    long bytes = 16L + page.data().size();
    in.hold(bytes);
    int height = 0;
    for (Value x : page.data()) {
      Done c = mat(x, depth + 1, nesting + 2);
      data.add(c.value());
      bytes += c.bytes();
      height = Math.max(height, c.height());
    }
    String after = page.hasMore() ? in.ctx().cursors().issue(in, s, size, size, snapshotMicros) : null;
    if (after != null) {
      in.hold(after.length());
      bytes += after.length();
    }
    return new Done(new MatSetV(data, after), bytes, height + 2, depth);
  }

  /**
   * Replaces {@code TransactionTime()} placeholders by the commit time once it is known. Parts without one
   * are returned as they are, and a part shared in the input stays shared in the output.
   */
  public static Value resolveTxnTime(Value v, Instant commit) {
    return new Replacer(commit).resolve(v);
  }

  /** Replaces TransactionTime() placeholders, or given values by identity, through a materialized value. */
  private static final class Replacer {
    private final Instant commit; // null: leave TransactionTime() alone
    private final IdentityHashMap<Value, Value> replace;
    private final IdentityHashMap<Value, Value> resolved = new IdentityHashMap<>();

    Replacer(Instant commit) {
      this.commit = commit;
      this.replace = new IdentityHashMap<>();
    }

    Replacer(IdentityHashMap<Value, Value> replace) {
      this.commit = null;
      this.replace = replace;
    }

    Value resolve(Value v) {
      Value r0 = replace.get(v);
      if (r0 != null) return r0;
      return switch (v) {
        case TxnTimeV t when commit != null -> new TimeV(commit);
        case ArrayV a -> {
          Value r = resolved.get(a);
          if (r == null) {
            List<Value> out = resolveAll(a.elems());
            r = out == a.elems() ? a : new ArrayV(out);
            resolved.put(a, r);
          }
          yield r;
        }
        case ObjectV o -> {
          Value r = resolved.get(o);
          if (r == null) {
            r = resolveFields(o);
            resolved.put(o, r);
          }
          yield r;
        }
        case MatDocV d -> {
          ObjectV fields = (ObjectV) resolve(d.fields());
          yield fields == d.fields() ? d : new MatDocV(d.ref(), fields);
        }
        case MatSetV s -> {
          List<Value> data = resolveAll(s.data());
          yield data == s.data() ? s : new MatSetV(data, s.after());
        }
        default -> v;
      };
    }

    /** {@code vs} itself when no element changes. */
    private List<Value> resolveAll(List<Value> vs) {
      List<Value> out = null;
      for (int i = 0; i < vs.size(); i++) {
        Value x = vs.get(i), r = resolve(x);
        if (r != x && out == null) out = new ArrayList<>(vs.subList(0, i));
        if (out != null) out.add(r);
      }
      return out == null ? vs : out;
    }

    private ObjectV resolveFields(ObjectV o) {
      Map<String, Value> out = null;
      for (var e : o.fields().entrySet()) {
        Value r = resolve(e.getValue());
        if (r != e.getValue() && out == null) {
          out = new LinkedHashMap<>();
          for (var f : o.fields().entrySet()) {
            if (f.getKey().equals(e.getKey())) break;
            out.put(f.getKey(), f.getValue());
          }
        }
        if (out != null) out.put(e.getKey(), r);
      }
      return out == null ? o : new ObjectV(out);
    }
  }
}
