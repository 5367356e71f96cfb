package io.faunus.model.set;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.eval.Fn;
import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value;
import io.faunus.model.value.Values;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * {@code set.flatMap(fn)}: fn returns a Set for each element; the results are concatenated lazily.
 * Reversing reverses the outer set and every inner set ({@code reversed}).
 */
public final class FlatMappedSet extends LazySet {
  private final LazySet source;
  private final Fn fn;
  private final Span site;
  private final boolean reversed;

  public FlatMappedSet(LazySet source, Fn fn, Span site) {
    this(source, fn, site, false);
  }

  /** {@code reversed}: every inner set is reversed too (the outer one already is). */
  public FlatMappedSet(LazySet source, Fn fn, Span site, boolean reversed) {
    this.source = source;
    this.fn = fn;
    this.site = site;
    this.reversed = reversed;
  }

  @Override
  public Iterator<Value> iterator(Interp in) {
    Iterator<Value> outer = source.iterator(in);
    return new Iterator<>() {
      private Iterator<Value> inner = Collections.emptyIterator();

      // Asks the inner iterator once per call: asking twice made nested flatMaps cost 2^depth.
      public boolean hasNext() {
        while (!inner.hasNext()) {
          if (!outer.hasNext()) return false;
          inner = innerSet(in, outer.next()).iterator(in);
        }
        return true;
      }

      public Value next() {
        if (!hasNext()) throw new NoSuchElementException();
        return inner.next();
      }
    };
  }

  private LazySet innerSet(Interp in, Value elem) {
    Value r = in.call(fn, List.of(elem), site);
    if (!(r instanceof LazySet s)) {
      throw in.error(ErrorCode.TYPE_MISMATCH, "expected type: Set<Any>, received " + Values.typeName(r), site);
    }
    return reversed ? s.reverse() : s;
  }

  @Override
  public LazySet reverse() {
    return new FlatMappedSet(source.reverse(), fn, site, !reversed);
  }

  public LazySet source() {
    return source;
  }

  public Fn fn() {
    return fn;
  }

  public boolean reversed() {
    return reversed;
  }

  @Override
  public String streamUnsupportedReason() {
    return "streaming is not supported on `.flatMap()` sets.";
  }
}
