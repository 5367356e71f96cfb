package io.faunus.model.events;

import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr.Lambda;
import io.faunus.model.db.DbContext;
import io.faunus.model.db.DocSet;
import io.faunus.model.eval.Closure;
import io.faunus.model.eval.Interp;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.schema.FieldPath;
import io.faunus.model.set.LazySet;
import io.faunus.model.set.SingleSet;
import io.faunus.model.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code set.eventSource()} / {@code toStream()} and {@code set.eventsOn(.f, …)} / {@code changesOn(…)}
 * (spec §4.12): which sets can be watched, with Fauna's rejections.
 */
public final class EventSources {
  private EventSources() {}

  /** {@code set.<method>()}: an event source over every change of the set. */
  public static Value of(Interp in, LazySet set, String method, Span site) {
    checkStreamable(in, set, method, site);
    return new EventSource(set, List.of());
  }

  /** {@code set.<method>(.f1, .f2…)}: only updates that change one of the paths (adds and removes always). */
  public static Value on(Interp in, LazySet set, List<Value> args, String method, Span site) {
    checkStreamable(in, set, method, site);
    List<FieldPath> paths = new ArrayList<>(args.size());
    for (int i = 0; i < args.size(); i++) {
      FieldPath p = fieldPath(args.get(i));
      if (p == null) {
        throw in.error(ErrorCode.INVALID_ARGUMENT, "invalid argument `" + i + "`: invalid field path given", site);
      }
      paths.add(p);
    }
    switch (set) {
      case DocSet d -> d.checkCovers(in, paths, site);
      case SingleSet s -> {}
      default -> throw in.error(ErrorCode.INVALID_RECEIVER,
          "can't call `.changesOn()` because it was not called on the source set.", site);
    }
    return new EventSource(set, paths);
  }

  /** {@code source.where(pred)} / {@code source.map(fn)} on an event source: the same source, filtered or mapped. */
  public static Value wrap(EventSource source, LazySet wrapped) {
    return new EventSource(wrapped, source.watched());
  }

  private static void checkStreamable(Interp in, LazySet set, String method, Span site) {
    String reason = set.streamUnsupportedReason();
    if (reason == null && in.ctx().docs() instanceof DbContext db && db.historicalRead()) {
      reason = "streaming is not supported on sets created inside `at()`.";
    }
    if (reason != null) throw in.error(ErrorCode.INVALID_RECEIVER, "can't call `." + method + "()` because " + reason, site);
    if (Pipeline.of(set).root() instanceof DocSet d) d.checkWatchable(in, site);
  }

  /** A short lambda that is a field path ({@code .a}, {@code .a.b}, {@code .[0]}, {@code .["k"]}), or null. */
  private static FieldPath fieldPath(Value v) {
    if (!(v instanceof Closure c) || !c.lambda().isShort()) return null;
    Lambda l = c.lambda();
    String text = c.source().slice(l.span()).strip();
    if (!text.startsWith(".")) return null;
    return FieldPath.parse(text);
  }
}
