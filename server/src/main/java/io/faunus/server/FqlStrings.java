package io.faunus.server;

/** Writes FQL double-quoted string literals (spec §3.1) for template object keys. */
final class FqlStrings {
  private FqlStrings() {}

  static void appendQuoted(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '#' -> out.append("\\#"); // "#{" would start an interpolation
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (mustEscape(c)) out.append("\\u{").append(Integer.toHexString(c)).append('}');
          else out.append(c);
        }
      }
    }
    out.append('"');
  }

  /** Characters the lexer refuses unescaped (spec §3.1), plus lone surrogates which cannot be escaped. */
  private static boolean mustEscape(char c) {
    return c < 0x20 || c == 0x7f || (c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f)
        || (c >= 0x2060 && c <= 0x206f) || c == 0xfeff || c >= 0xfff0;
  }
}
