package io.faunus.model.fsl;

import io.faunus.fql.Source;
import io.faunus.fql.fsl.Item;

/** An item with the file it was declared in, for diff titles ({@code main.fsl:3:1}) and diagnostics. */
record Located(Item item, Source source) {
  Key key() {
    return new Key(item.kind(), item.name().text());
  }

  String file() {
    return source.name();
  }

  /** {@code file:line:col} of the item's start. */
  String where() {
    int at = item.span().start();
    return source.name() + ":" + source.line(at) + ":" + source.column(at);
  }

  /** Items are matched by kind and name; collections and functions share a namespace only for duplicates. */
  record Key(Item.Kind kind, String name) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = kind.compareTo(o.kind);
      return c != 0 ? c : name.compareTo(o.name);
    }
  }
}
