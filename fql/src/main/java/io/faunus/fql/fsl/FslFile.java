package io.faunus.fql.fsl;

import io.faunus.fql.Source;
import java.util.List;

/** A parsed {@code .fsl} file: its items in source order, and the source their spans point into. */
public record FslFile(Source source, List<Item> items) {
  public FslFile {
    items = List.copyOf(items);
  }
}
