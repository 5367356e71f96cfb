package io.faunus.fql.fsl;

import io.faunus.fql.Span;
import java.util.List;

/** One statement of a {@code migrations} block (schema-v10.md §4.2). */
public sealed interface Migration {
  Span span();

  record Add(Path field, Span span) implements Migration {}

  record Backfill(Path field, Fql value, Span span) implements Migration {}

  record Drop(Path field, Span span) implements Migration {}

  record Split(Path field, List<Path> to, Span span) implements Migration {}

  record Move(Path field, Path to, Span span) implements Migration {}

  record MoveConflicts(Path into, Span span) implements Migration {}

  record MoveWildcard(Path into, Span span) implements Migration {}

  record AddWildcard(Span span) implements Migration {}
}
