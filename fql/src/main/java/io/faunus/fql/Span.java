package io.faunus.fql;

/** A half-open range [start, end) of character offsets into a {@link Source}'s text. */
public record Span(int start, int end) {
  public static final Span NONE = new Span(0, 0);

  public Span {
    assert start >= 0 && end >= start : "bad span " + start + ".." + end;
  }

  public Span to(Span other) {
    return new Span(Math.min(start, other.start), Math.max(end, other.end));
  }

  public int length() {
    return end - start;
  }
}
