package io.faunus.model.set;

/**
 * A set made from one other set ({@code map}, {@code where}, {@code take}, {@code drop}, {@code pageSize},
 * {@code at}): it pages like its source and can be streamed when its source can, unless the operation says
 * otherwise by overriding.
 */
public abstract class SourcedSet extends LazySet {
  final LazySet source;

  SourcedSet(LazySet source) {
    this.source = source;
  }

  public final LazySet source() {
    return source;
  }

  @Override
  public int pageSize() {
    return source.pageSize();
  }

  @Override
  public String streamUnsupportedReason() {
    return source.streamUnsupportedReason();
  }
}
