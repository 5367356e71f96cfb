package io.faunus.model.events;

import io.faunus.model.schema.FieldPath;
import io.faunus.model.set.LazySet;
import io.faunus.model.value.Value.EventSourceV;
import java.util.List;

/**
 * An event source while its query runs (spec §4.12): the watched set and, for {@code eventsOn()}, the field
 * paths whose changes count. It gets its token when the result is materialized ({@link EventToken}), signed
 * with the set and the query's time, so nothing about it is kept on the node.
 */
public record EventSource(LazySet set, List<FieldPath> watched) implements EventSourceV {
  public EventSource {
    watched = List.copyOf(watched);
  }

  /** Not issued yet: the materializer replaces this value by an {@link EventToken}. */
  @Override
  public String token() {
    throw new IllegalStateException("an event source gets its token when the result is materialized");
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
