package io.faunus.fql.fsl;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.Scanner;
import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr;
import java.util.HashMap;
import java.util.Map;

/**
 * What every FSL declaration parser shares: the scanner, names, literals, lambdas, member separators and error
 * recovery. Errors a declaration can survive are reported and parsing goes on, so one push lists all of them
 * (Fauna converts a tolerant tree and reports every conversion error); a malformed expression or type is fatal
 * for its file.
 */
final class Reader {
  final Scanner s;

  Reader(Scanner s) {
    this.s = s;
  }

  Span from(int start) {
    return new Span(start, Math.max(start, s.pos()));
  }

  Diagnostic.Hint hint(String message, Span at) {
    return new Diagnostic.Hint(message, s.loc(at));
  }

  /** Newlines, {@code ;} and comments between members or items. */
  void skipSeparators() {
    while (true) {
      s.skipNl();
      if (!s.eat(";")) return;
    }
  }

  /**
   * After a member: the rest of its line must be empty (or a {@code ;}, or the closing brace). Otherwise the
   * member is reported and the rest of it skipped.
   */
  void endMember() {
    s.skipWs();
    if (s.eof() || s.peek() == ';' || s.peek() == '\n' || s.peek() == '\r' || s.peek() == '}' || s.at("//")) return;
    int start = s.pos();
    skipRest();
    s.report("Expected end of line or `;`", new Span(start, Math.max(start + 1, s.pos())));
  }

  /**
   * Skips to the end of the current member (a newline or {@code ;} outside brackets, or the brace that closes
   * the enclosing block), stepping over strings and balanced brackets: error recovery.
   */
  void skipRest() {
    int depth = 0;
    while (!s.eof()) {
      char ch = s.peek();
      if (depth == 0 && (ch == '\n' || ch == ';' || ch == '}')) return;
      if (ch == '"' || ch == '\'') {
        skipString(ch);
        continue;
      }
      if (s.at("//")) {
        while (!s.eof() && s.peek() != '\n') s.pos(s.pos() + 1);
        continue;
      }
      if (s.at("/*")) {
        s.skipWs();
        continue;
      }
      if (ch == '{' || ch == '(' || ch == '[') depth++;
      else if (ch == '}' || ch == ')' || ch == ']') depth--;
      s.pos(s.pos() + 1);
    }
  }

  private void skipString(char quote) {
    s.pos(s.pos() + 1);
    while (!s.eof() && s.peek() != quote && s.peek() != '\n') s.pos(s.pos() + (s.peek() == '\\' ? 2 : 1));
    if (!s.eof() && s.peek() == quote) s.pos(s.pos() + 1);
  }

  /** An identifier or a quoted legacy name; null (nothing consumed) if neither starts here. */
  Item.Name nameOrNull() {
    return nameOrNull(true);
  }

  /** {@code legacy}: a quoted name must use legacy-name characters (item names; not object-type keys). */
  Item.Name nameOrNull(boolean legacy) {
    int start = s.pos();
    if (s.peek() == '"' || s.peek() == '\'') {
      Expr e = s.string();
      if (!(e instanceof Expr.StrLit lit)) {
        throw s.fail("Cannot interpolate values in a string literal", e.span());
      }
      if (!legacy) return new Item.Name(lit.value(), lit.span());
      for (char c : lit.value().toCharArray()) {
        if (!Names.legacyChar(c)) {
          s.report("Invalid identifier `" + lit.value() + "`", lit.span());
          break;
        }
      }
      if (lit.value().isEmpty()) s.report("Invalid identifier ``", lit.span());
      return new Item.Name(lit.value(), lit.span());
    }
    String id = s.ident();
    if (id == null) return null;
    // FQL tolerates `'` inside identifiers; FSL names are plain identifiers (or quoted legacy names).
    if (id.indexOf('\'') >= 0) s.report("Invalid identifier `" + id + "`", from(start));
    return new Item.Name(id, from(start));
  }

  /** A required name; "Missing required name" when there is none. */
  Item.Name name() {
    s.skipWs();
    Item.Name n = nameOrNull();
    if (n == null) throw s.fail("Missing required name", new Span(s.pos(), s.pos() + 1));
    return n;
  }

  /** An identifier (index and check names may not be quoted). */
  Item.Name identifier() {
    s.skipWs();
    Item.Name n = name();
    boolean reported = n.text().indexOf('\'') >= 0;
    if (!reported && (!io.faunus.fql.print.Strings.isIdentifier(n.text()) || Scanner.isKeyword(n.text()))) {
      s.report("Invalid identifier `" + n.text() + "`", n.span());
    }
    return n;
  }

  /** The {@code {} of a required block (it may start on the next line). */
  void open() {
    s.skipNl();
    if (s.peek() != '{') throw s.fail("Expected a block", new Span(s.pos(), s.pos() + 1));
    s.pos(s.pos() + 1);
  }

  /** True (and the brace consumed) at the {@code }} that closes a member block; fails at the end of input. */
  boolean close() {
    skipSeparators();
    if (s.eat("}")) return true;
    if (s.eof()) throw s.fail("Expected `}`", new Span(s.pos(), s.pos() + 1));
    return false;
  }

  /** A non-negative integer literal. */
  Long integer() {
    s.skipWs();
    int start = s.pos();
    if (s.atNumber()) {
      Expr.NumLit n = s.number();
      if ((n.value() instanceof Integer || n.value() instanceof Long) && n.value().longValue() >= 0) {
        return n.value().longValue();
      }
      s.report("Expected integer literal", n.span());
      return null;
    }
    skipRest();
    s.report("Expected integer literal", new Span(start, Math.max(start + 1, s.pos())));
    return null;
  }

  Boolean bool() {
    s.skipWs();
    int start = s.pos();
    if (s.atKeyword("true") || s.atKeyword("false")) return s.ident().equals("true");
    skipRest();
    s.report("Expected boolean literal", new Span(start, Math.max(start + 1, s.pos())));
    return null;
  }

  /** A string literal without interpolation. */
  String string() {
    s.skipWs();
    int start = s.pos();
    if (s.peek() == '"' || s.peek() == '\'') {
      Expr e = s.string();
      if (e instanceof Expr.StrLit lit) return lit.value();
      s.report("Cannot interpolate values in a string literal", e.span());
      return null;
    }
    skipRest();
    s.report("Expected string literal", new Span(start, Math.max(start + 1, s.pos())));
    return null;
  }

  /** An embedded FQL expression. */
  Fql expr() {
    s.skipWs();
    return new Fql(s.expr(), s.source());
  }

  /**
   * A lambda, which must be in parentheses when {@code parens} ({@code check n ((doc) => …)}). Reports
   * {@code message} (with {@code hint}, if any) and returns null when the expression is not a lambda.
   */
  Fql lambda(boolean parens, String message, String hint) {
    s.skipWs();
    int start = s.pos();
    Expr e = s.expr();
    boolean wrapped = s.source().text().charAt(start) == '(' && e.span().start() > start;
    if (e instanceof Expr.Lambda l && !l.isShort() && (wrapped || !parens)) return new Fql(e, s.source());
    Span span = new Span(start, Math.max(start + 1, e.span().end()));
    if (hint == null) s.report(message, span);
    else s.report(message, span, hint(hint, span));
    return null;
  }

  /** First-seen spans by name, reporting later duplicates as {@code message} with Fauna's hint. */
  final class Seen {
    private final Map<String, Span> first = new HashMap<>();

    boolean add(String key, Span span, String message) {
      Span prior = first.putIfAbsent(key, span);
      if (prior == null) return true;
      s.report(message, span, hint("Originally defined here", prior));
      return false;
    }
  }
}
