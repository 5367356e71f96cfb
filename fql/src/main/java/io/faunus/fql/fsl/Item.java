package io.faunus.fql.fsl;

import io.faunus.fql.Span;

/**
 * One top-level FSL declaration (schema-v10.md §3): a collection, function, role or access provider. Its span
 * runs from its first annotation (or keyword) through its closing brace.
 */
public sealed interface Item permits CollectionItem, FunctionItem, RoleItem, AccessProviderItem {
  Name name();

  Span span();

  Kind kind();

  /** The four kinds, in the order diffs list them. */
  enum Kind {
    COLLECTION("collection"), FUNCTION("function"), ROLE("role"), ACCESS_PROVIDER("access provider");

    /** How FSL and diff texts name the kind. */
    public final String word;

    Kind(String word) {
      this.word = word;
    }
  }

  /**
   * An item, resource or role name: an identifier, or a quoted legacy name ({@code collection "0Foo$" {}}).
   * {@link #print()} quotes only when needed.
   */
  record Name(String text, Span span) {
    public String print() {
      return Names.print(text);
    }
  }
}
