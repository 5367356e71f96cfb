package io.faunus.server.client;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Whether the shell's input so far is a whole query or continues on the next line: it continues while a
 * bracket, a string (with its {@code #{...}} interpolations) or a block comment is open. A closing bracket
 * that matches nothing ends the input, so the node reports the mistake rather than the shell waiting for
 * more. Heredoc strings ({@code <<+END}) are not tracked: end such a query with its closing line.
 */
final class Completeness {

  private Completeness() {}

  /** What is open at a point of the scan; the innermost is on top of the stack. */
  private enum Open { PAREN, BRACKET, BRACE, INTERPOLATION, DOUBLE_QUOTED, SINGLE_QUOTED, BLOCK_COMMENT }

  static boolean complete(String text) {
    Deque<Open> open = new ArrayDeque<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      char next = i + 1 < n ? text.charAt(i + 1) : '\0';
      Open top = open.peek();
      if (top == Open.BLOCK_COMMENT) {
        if (c == '*' && next == '/') {
          open.pop();
          i += 2;
        } else if (c == '/' && next == '*') { // FQL block comments nest
          open.push(Open.BLOCK_COMMENT);
          i += 2;
        } else {
          i++;
        }
        continue;
      }
      if (top == Open.DOUBLE_QUOTED || top == Open.SINGLE_QUOTED) {
        if (c == '\\') {
          i += 2; // the escaped character, whatever it is
        } else if (c == (top == Open.DOUBLE_QUOTED ? '"' : '\'')) {
          open.pop();
          i++;
        } else if (top == Open.DOUBLE_QUOTED && c == '#' && next == '{') {
          open.push(Open.INTERPOLATION);
          i += 2;
        } else {
          i++;
        }
        continue;
      }
      switch (c) {
        case '"' -> open.push(Open.DOUBLE_QUOTED);
        case '\'' -> open.push(Open.SINGLE_QUOTED);
        case '(' -> open.push(Open.PAREN);
        case '[' -> open.push(Open.BRACKET);
        case '{' -> open.push(Open.BRACE);
        case ')', ']', '}' -> {
          if (!closes(top, c)) return true; // unbalanced: the node says where
          open.pop();
        }
        case '/' -> {
          if (next == '/') { // line comment: skip to the end of the line
            int eol = text.indexOf('\n', i);
            i = eol < 0 ? n : eol;
            continue;
          }
          if (next == '*') {
            open.push(Open.BLOCK_COMMENT);
            i += 2;
            continue;
          }
        }
        default -> { }
      }
      i++;
    }
    return open.isEmpty();
  }

  private static boolean closes(Open top, char c) {
    if (top == null) return false;
    return switch (c) {
      case ')' -> top == Open.PAREN;
      case ']' -> top == Open.BRACKET;
      default -> top == Open.BRACE || top == Open.INTERPOLATION; // '}' ends an interpolation too
    };
  }
}
