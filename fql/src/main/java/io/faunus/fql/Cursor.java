package io.faunus.fql;

import java.util.ArrayList;
import java.util.List;

/**
 * Character-level position in the source plus the whitespace rules every parser piece shares. FQL's newlines are
 * significant (they end statements), so there are two skips: {@link #skipWs} for spaces, tabs and block
 * comments, and {@link #skipNl} which also eats newlines and line comments where a newline cannot matter.
 */
final class Cursor {
  /** Deeper nesting than this is rejected so recursive descent can never overflow the Java stack. */
  static final int MAX_DEPTH = 128;

  final Source source;
  final String text;
  int pos;
  private int depth;
  /** Errors that do not stop parsing (Fauna reports them together); fatal ones are thrown at once. */
  final List<Diagnostic> errors = new ArrayList<>();

  Cursor(Source source) {
    this.source = source;
    this.text = source.text();
  }

  boolean eof() {
    return pos >= text.length();
  }

  char peek() {
    return peek(0);
  }

  /** The char k ahead, or NUL past the end (NUL never starts a valid token except the placeholder sigil). */
  char peek(int k) {
    int i = pos + k;
    return i < text.length() ? text.charAt(i) : '\0';
  }

  boolean at(String s) {
    return text.startsWith(s, pos);
  }

  boolean eat(String s) {
    if (!at(s)) return false;
    pos += s.length();
    return true;
  }

  void expect(String s) {
    if (!eat(s)) throw failHere("Expected `" + s + "`");
  }

  /** Keyword {@code kw} at the cursor, not followed by identifier chars (so {@code iffy} is not {@code if}). */
  boolean atKeyword(String kw) {
    return at(kw) && !isIdentPart(peek(kw.length()));
  }

  static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  /** Fauna tolerates {@code '} inside identifiers after the first char. */
  static boolean isIdentPart(char c) {
    return isIdentStart(c) || (c >= '0' && c <= '9') || c == '\'';
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Spaces, tabs and (nested) block comments: whitespace that never separates statements. */
  void skipWs() {
    while (!eof()) {
      char c = peek();
      if (c == ' ' || c == '\t') pos++;
      else if (at("/*")) skipBlockComment();
      else return;
    }
  }

  /** Whitespace including newlines and line comments: used where a statement cannot end. */
  void skipNl() {
    while (!eof()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') pos++;
      else if (at("/*")) skipBlockComment();
      else if (at("//")) skipLineComment();
      else return;
    }
  }

  void skipLineComment() {
    while (!eof() && peek() != '\n') pos++;
  }

  /** Block comments nest; counted iteratively so a million nested openers cannot recurse. */
  private void skipBlockComment() {
    int start = pos;
    int level = 0;
    do {
      if (eof()) throw fail("Expected `*/`", new Span(start, start + 2));
      if (at("/*")) {
        level++;
        pos += 2;
      } else if (at("*/")) {
        level--;
        pos += 2;
      } else {
        pos++;
      }
    } while (level > 0);
  }

  /** Identifier chars at the cursor (no keyword check), or null. */
  String scanIdent() {
    if (!isIdentStart(peek())) return null;
    int s = pos;
    while (isIdentPart(peek())) pos++;
    return text.substring(s, pos);
  }

  void enter() {
    if (++depth > MAX_DEPTH) throw fail("Query is too deeply nested", new Span(pos, Math.min(pos + 1, text.length())));
  }

  void leave() {
    depth--;
  }

  Diagnostic.Location loc(Span span) {
    return new Diagnostic.Location(source, span);
  }

  ParseException fail(String message, Span span, Diagnostic.Hint... hints) {
    List<Diagnostic> all = new ArrayList<>(errors);
    all.add(new Diagnostic(Diagnostic.Severity.ERROR, message, loc(span), List.of(), List.of(hints)));
    return new ParseException(all);
  }

  /** Fatal error pointing at the single char under the cursor, like Fauna's "Expected …" failures. */
  ParseException failHere(String message) {
    return fail(message, new Span(pos, pos + 1));
  }

  /**
   * Non-fatal errors kept before parsing gives up: a large garbage input (an FSL file of 100 000 bad lines) must
   * not produce, and render, a diagnostic per line; nobody reads past the first screenful anyway.
   */
  static final int ERRORS_MAX = 25;

  void report(String message, Span span, Diagnostic.Hint... hints) {
    errors.add(new Diagnostic(Diagnostic.Severity.ERROR, message, loc(span), List.of(), List.of(hints)));
    if (errors.size() >= ERRORS_MAX) throw new ParseException(errors);
  }
}
