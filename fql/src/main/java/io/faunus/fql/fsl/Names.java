package io.faunus.fql.fsl;

import io.faunus.fql.Scanner;
import io.faunus.fql.print.Strings;
import java.util.Set;

/** FSL naming rules (schema-v10.md §3.1). */
final class Names {
  private Names() {}

  /** Field names that documents reserve for metadata and methods: "Invalid reserved name `x`". */
  static final Set<String> RESERVED_FIELDS = Set.of("id", "coll", "ts", "data", "delete", "update", "replace",
      "updateData", "replaceData", "exists", "ttl");

  /** Identifiers print bare; anything else (a legacy name, a keyword) is quoted. */
  static String print(String name) {
    return Strings.isIdentifier(name) && !Scanner.isKeyword(name) ? name : Strings.quote(name);
  }

  /** Characters of quoted legacy names. */
  static boolean legacyChar(char c) {
    return Character.isLetterOrDigit(c) && c < 128 || ";@+$-_.!~%".indexOf(c) >= 0;
  }
}
