package io.faunus.fql.print;

import io.faunus.fql.Scanner;

/** How canonical FQL and FSL text spells strings and names. */
public final class Strings {
  private Strings() {}

  /**
   * A double-quoted FQL string literal that reads back as {@code s}: quotes, backslashes and {@code #{} (which
   * would interpolate) are escaped, and so is every character the scanner refuses raw (controls, bidi marks).
   */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '#' -> sb.append(i + 1 < s.length() && s.charAt(i + 1) == '{' ? "\\#" : "#");
        default -> {
          if (displayable(ch)) sb.append(ch);
          else sb.append("\\u{").append(Integer.toHexString(ch).toUpperCase()).append('}');
        }
      }
    }
    return sb.append('"').toString();
  }

  /** What FQL's scanner accepts raw inside a string (io.faunus.fql.Literals#isDisplay). */
  private static boolean displayable(char ch) {
    return !(ch <= '\u0008' || (ch >= '\u000b' && ch <= '\u001f') || ch == '\u007f'
        || (ch >= '\u2000' && ch <= '\u200f') || (ch >= '\u2028' && ch <= '\u202f')
        || (ch >= '\u2060' && ch <= '\u206f') || ch == '\ufeff' || ch >= '\ufff0');
  }

  /** {@code [A-Za-z_][A-Za-z0-9_]*}: a name that needs no quotes as an object key or field name. */
  public static boolean isIdentifier(String s) {
    if (s.isEmpty() || !Scanner.isIdentStart(s.charAt(0))) return false;
    for (int i = 1; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (!Scanner.isIdentStart(ch) && !(ch >= '0' && ch <= '9')) return false;
    }
    return true;
  }
}
