package io.faunus.fql;

import io.faunus.fql.ast.Expr;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Scanners for number and string literals (spec §3.1). Interpolated strings call back into the expression parser
 * through {@code interpolation}, which parses {@code expr} after {@code #{} and leaves the cursor on the closing
 * brace.
 */
final class Literals {
  private final Cursor c;
  private final Supplier<Expr> interpolation;

  Literals(Cursor c, Supplier<Expr> interpolation) {
    this.c = c;
    this.interpolation = interpolation;
  }

  // ---- numbers --------------------------------------------------------------------------------

  /**
   * True if a signed or unsigned number literal starts at the cursor. The sign belongs to the literal, and
   * spaces/tabs/block comments (never newlines) may separate it from the digits.
   */
  boolean atNumber() {
    char ch = c.peek();
    if (Cursor.isDigit(ch)) return true;
    if (ch != '-' && ch != '+') return false;
    int save = c.pos;
    c.pos++;
    c.skipWs();
    boolean digit = Cursor.isDigit(c.peek());
    c.pos = save;
    return digit;
  }

  Expr.NumLit number() {
    int start = c.pos;
    boolean negative = c.peek() == '-';
    if (c.peek() == '-' || c.peek() == '+') {
      c.pos++;
      c.skipWs();
    }
    Number value = c.peek() == '0' && "xXoObB".indexOf(c.peek(1)) >= 0 ? radixInteger(negative) : decimal(negative);
    return new Expr.NumLit(value, new Span(start, c.pos));
  }

  private Number radixInteger(boolean negative) {
    int radix = switch (c.peek(1)) {
      case 'x', 'X' -> 16;
      case 'o', 'O' -> 8;
      default -> 2;
    };
    c.pos += 2;
    int s = c.pos;
    while (c.peek() == '_' || Character.digit(c.peek(), radix) >= 0) c.pos++;
    String digits = c.text.substring(s, c.pos).replace("_", "");
    if (digits.isEmpty()) throw c.failHere(radix == 16 ? "Expected hex digit" : "Expected digit");
    // BigInteger parsing is quadratic: a value of more than 2048 bits is infinite as a Double anyway.
    int bitsPerDigit = radix == 16 ? 4 : radix == 8 ? 3 : 1;
    if ((long) digits.replaceFirst("^0+", "").length() * bitsPerDigit > 2048) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    BigInteger v = new BigInteger(digits, radix);
    return integer(negative ? v.negate() : v);
  }

  private Number decimal(boolean negative) {
    int s = c.pos;
    if (c.peek() == '0') c.pos++;
    else skipDigits();
    boolean isFloat = false;
    if (c.peek() == '.' && Cursor.isDigit(c.peek(1))) { // `1.foo` is a select, so a digit must follow the dot
      isFloat = true;
      c.pos++;
      skipDigits();
    }
    if ((c.peek() == 'e' || c.peek() == 'E') && exponentFollows()) {
      isFloat = true;
      c.pos++;
      if (c.peek() == '+' || c.peek() == '-') c.pos++;
      skipDigits();
    }
    String text = (negative ? "-" : "") + c.text.substring(s, c.pos).replace("_", "");
    return isFloat ? (Number) floating(text) : integer(text);
  }

  /**
   * BigDecimal and BigInteger parsing is quadratic in the number of digits and BigDecimal rejects exponents past
   * an int, so long texts go through Double.parseDouble, which rounds the same way (correctly). An integer of
   * 20 or more digits (no leading zeros) is past Long, so a Double.
   */
  private static Number integer(String text) {
    int digits = text.length() - (text.startsWith("-") ? 1 : 0);
    return digits > 19 ? Double.parseDouble(text) : integer(new BigInteger(text));
  }

  private static double floating(String text) {
    if (text.length() <= 64) {
      try {
        return new BigDecimal(text).doubleValue();
      } catch (NumberFormatException e) { // exponent out of int range: fall through
      }
    }
    double d = Double.parseDouble(text);
    // BigDecimal reads an all-zero mantissa ("-0.0") as +0.0 but an underflow ("-1e-400") as -0.0; keep that.
    int e = Math.max(text.indexOf('e'), text.indexOf('E'));
    String mantissa = e < 0 ? text : text.substring(0, e);
    return d == 0 && mantissa.chars().noneMatch(ch -> ch >= '1' && ch <= '9') ? 0.0 : d;
  }

  private boolean exponentFollows() {
    int k = 1;
    if (c.peek(k) == '+' || c.peek(k) == '-') k++;
    return Cursor.isDigit(c.peek(k));
  }

  private void skipDigits() {
    while (Cursor.isDigit(c.peek()) || c.peek() == '_') c.pos++;
  }

  /** Int if it fits 32 bits, else Long, else Double (spec §2.4). */
  static Number integer(BigInteger v) {
    if (v.bitLength() < 32) return v.intValue();
    if (v.bitLength() < 64) return v.longValue();
    return v.doubleValue();
  }

  // ---- quoted strings -------------------------------------------------------------------------

  /** {@code '…'}: no interpolation. */
  Expr.StrLit singleQuoted() {
    int start = c.pos;
    c.pos++;
    StringBuilder sb = new StringBuilder();
    while (c.peek() != '\'' || c.eof()) {
      if (c.eof()) throw c.fail("Expected `'`", new Span(c.pos, c.pos + 1));
      charOrEscape(sb);
    }
    c.pos++;
    return new Expr.StrLit(sb.toString(), new Span(start, c.pos));
  }

  /** {@code "…"}: {@code #{expr}} interpolates, a bare {@code #} is literal. */
  Expr doubleQuoted() {
    int start = c.pos;
    c.pos++;
    Parts parts = new Parts();
    while (c.peek() != '"' || c.eof()) {
      if (c.eof()) throw c.fail("Expected `\"`", new Span(c.pos, c.pos + 1));
      if (c.at("#{")) parts.add(interpolated());
      else charOrEscape(parts.text);
    }
    c.pos++;
    return parts.build(new Span(start, c.pos));
  }

  private Expr interpolated() {
    c.pos += 2;
    Expr e = interpolation.get();
    c.expect("}");
    return e;
  }

  private void charOrEscape(StringBuilder sb) {
    char ch = c.peek();
    if (ch == '\\') {
      escape(sb);
    } else if (isDisplay(ch)) {
      sb.append(ch);
      c.pos++;
    } else {
      throw c.fail("Invalid character in string; control characters must be escaped", new Span(c.pos, c.pos + 1));
    }
  }

  private void escape(StringBuilder sb) {
    int start = c.pos;
    c.pos++;
    char e = c.peek();
    c.pos++;
    switch (e) {
      case '\\', '\'', '"', '#' -> sb.append(e);
      case '0' -> sb.append('\0');
      case 'n' -> sb.append('\n');
      case 'r' -> sb.append('\r');
      case 'v' -> sb.append('\u000b');
      case 't' -> sb.append('\t');
      case 'b' -> sb.append('\b');
      case 'f' -> sb.append('\f');
      case 'x' -> codepoint(sb, hex(2, 2, start), start);
      case 'u' -> {
        boolean braced = c.eat("{");
        int cp = braced ? hex(1, 6, start) : hex(4, 4, start);
        if (braced && !c.eat("}")) throw invalidEscape(start, "expected `}`");
        codepoint(sb, cp, start);
      }
      default -> throw invalidEscape(start, "unknown escape");
    }
  }

  private int hex(int min, int max, int escStart) {
    int s = c.pos;
    while (c.pos - s < max && Character.digit(c.peek(), 16) >= 0) c.pos++;
    if (c.pos - s < min) throw invalidEscape(escStart, "expected hex digit");
    return Integer.parseInt(c.text.substring(s, c.pos), 16);
  }

  private void codepoint(StringBuilder sb, int cp, int escStart) {
    if (cp > 0x10FFFF) throw invalidEscape(escStart, "outside of valid unicode range");
    if (cp >= 0xD800 && cp <= 0xDFFF) throw invalidEscape(escStart, "surrogates are disallowed");
    sb.appendCodePoint(cp);
  }

  /** The reason goes nowhere yet: Fauna shows it as an annotation after the carets, which we do not render. */
  private ParseException invalidEscape(int start, String reason) {
    return c.fail("Invalid escape", new Span(start, c.pos));
  }

  /** Characters that may appear unescaped in strings; the rest could hide code from a reader (CVE-2021-42574). */
  static boolean isDisplay(char ch) {
    return !(ch <= '\u0008' || (ch >= '\u000e' && ch <= '\u001f') || ch == '\u007f'
        || (ch >= '\u2000' && ch <= '\u200f') || (ch >= '\u2028' && ch <= '\u202f')
        || (ch >= '\u2060' && ch <= '\u206f') || ch == '\ufeff' || ch >= '\ufff0');
  }

  // ---- heredocs -------------------------------------------------------------------------------

  /** {@code <<-NAME} (raw) or {@code <<+NAME} (interpolating) up to a line holding only NAME. */
  Expr heredoc() {
    int start = c.pos;
    boolean interpolating = c.peek(2) == '+';
    c.pos += 3;
    c.skipWs();
    String delim = c.scanIdent();
    if (delim == null) throw c.failHere("Expected identifier");
    if (!newlines()) throw c.failHere("Expected newline");
    List<List<Object>> lines = new ArrayList<>(); // each line: String / Expr parts, then its newline run last
    while (!atTerminator(delim)) {
      if (c.eof()) throw c.failHere("Expected `" + delim + "`");
      lines.add(heredocLine(interpolating));
    }
    return unindent(lines, new Span(start, c.pos));
  }

  /** One or more newline runs separated by trailing spaces, as allowed after the heredoc header. */
  private boolean newlines() {
    boolean any = false;
    while (true) {
      int save = c.pos;
      c.skipWs();
      if (c.peek() != '\n' && c.peek() != '\r') {
        c.pos = save;
        return any;
      }
      while (c.peek() == '\n' || c.peek() == '\r') c.pos++;
      any = true;
    }
  }

  private boolean atTerminator(String delim) {
    int save = c.pos;
    c.skipWs();
    if (c.atKeyword(delim)) {
      c.pos += delim.length();
      return true;
    }
    c.pos = save;
    return false;
  }

  private List<Object> heredocLine(boolean interpolating) {
    List<Object> parts = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    while (!c.eof() && c.peek() != '\n' && c.peek() != '\r') {
      if (interpolating && c.at("#{")) {
        if (!sb.isEmpty()) parts.add(sb.toString());
        sb.setLength(0);
        parts.add(interpolated());
      } else if (isDisplay(c.peek())) {
        sb.append(c.peek());
        c.pos++;
      } else {
        throw c.fail("Invalid character in string; control characters must be escaped", new Span(c.pos, c.pos + 1));
      }
    }
    if (!sb.isEmpty()) parts.add(sb.toString());
    int nl = c.pos;
    while (c.peek() == '\n' || c.peek() == '\r') c.pos++;
    if (nl == c.pos) throw c.failHere("Expected newline");
    parts.add(c.text.substring(nl, c.pos));
    return parts;
  }

  /** Removes the indentation common to all lines; a line starting with an interpolation has none. */
  private static Expr unindent(List<List<Object>> lines, Span span) {
    int indent = Integer.MAX_VALUE;
    for (List<Object> line : lines) {
      indent = Math.min(indent, line.size() > 1 && line.get(0) instanceof String s ? leadingBlanks(s) : 0);
    }
    Parts out = new Parts();
    for (List<Object> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        Object part = line.get(i);
        if (part instanceof String s) out.text.append(i == 0 && line.size() > 1 ? s.substring(indent) : s);
        else out.add((Expr) part);
      }
    }
    return out.build(span);
  }

  private static int leadingBlanks(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
    return i;
  }

  /** Accumulates template pieces, merging adjacent text (text pieces take the span of what follows them). */
  private static final class Parts {
    final StringBuilder text = new StringBuilder();
    final List<Expr> parts = new ArrayList<>();
    void add(Expr e) {
      flush(e.span());
      parts.add(e);
    }

    private void flush(Span at) {
      if (!text.isEmpty()) parts.add(new Expr.StrLit(text.toString(), at));
      text.setLength(0);
    }

    Expr build(Span span) {
      if (parts.isEmpty()) return new Expr.StrLit(text.toString(), span);
      flush(span);
      return new Expr.StrTemplate(List.copyOf(parts), span);
    }
  }
}
