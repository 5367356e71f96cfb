package io.faunus.model.set;

import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.DocV;
import java.util.Iterator;

/**
 * A set that left an {@code at (t) { ... }} expression: it is still read as of t wherever it is iterated
 * later (in the result, by {@code paginate()}, inside another set), and the documents it yields keep that
 * time ({@link DocV#readAt}), as FaunaDB's sets and documents carry their read time.
 */
public final class TimedSet extends SourcedSet {
  private final long micros;

  public TimedSet(LazySet source, long micros) {
    super(source instanceof TimedSet t ? t.source : source);
    this.micros = source instanceof TimedSet t ? t.micros : micros;
  }

  @Override
  public Iterator<Value> iterator(Interp in) {
    return iterator(in, 0);
  }

  @Override
  public Iterator<Value> iterator(Interp in, long offset) {
    Iterator<Value> it = in.ctx().readingAt(micros, () -> source.iterator(in, offset));
    return new Iterator<>() {
      public boolean hasNext() {
        return in.ctx().readingAt(micros, it::hasNext);
      }

      public Value next() {
        Value v = in.ctx().readingAt(micros, it::next);
        return v instanceof DocV d ? d.readAt(micros) : v;
      }
    };
  }

  @Override
  public String streamUnsupportedReason() {
    return "streaming is not supported on sets returned from `at()`.";
  }

  /** The time the set is read at, in microseconds since the epoch. */
  public long micros() {
    return micros;
  }
}
