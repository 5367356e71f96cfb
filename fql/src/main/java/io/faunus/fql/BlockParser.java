package io.faunus.fql;

import io.faunus.fql.ExprParser.ShortMode;
import io.faunus.fql.ast.Expr;
import io.faunus.fql.ast.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Statement sequences (query body, blocks), {@code let}, and object literals (spec §3.2). */
final class BlockParser {
  private static final Set<String> INVALID_VARIABLES;

  static {
    var s = new java.util.HashSet<>(ExprParser.KEYWORDS);
    s.add("FQL");
    s.add("_");
    INVALID_VARIABLES = Set.copyOf(s);
  }

  private final ExprParser exprs;
  private final Cursor c;

  BlockParser(ExprParser exprs) {
    this.exprs = exprs;
    this.c = exprs.c;
  }

  /** {@code {}} or {@code { key: …}} is an object; any other brace is a block. */
  Expr objectOrBlock() {
    int s = c.pos;
    c.pos++;
    c.skipNl();
    if (c.eat("}")) return new Expr.ObjectLit(List.of(), new Span(s, c.pos));
    if (atObjectKey()) return object(s);
    List<Stmt> body = statements(false);
    c.skipNl();
    c.expect("}");
    return new Expr.Block(body, new Span(s, c.pos));
  }

  private boolean atObjectKey() {
    int save = c.pos;
    try {
      return key() != null && skipWsThen(':');
    } catch (ParseException notAKey) { // e.g. a block starting with a string that is not a valid key
      return false;
    } finally {
      c.pos = save;
    }
  }

  private boolean skipWsThen(char ch) {
    c.skipWs();
    return c.peek() == ch;
  }

  /** An object key: identifier (keywords allowed) or quoted string; null if none starts here. */
  private Expr key() {
    char ch = c.peek();
    if (ch == '\'') return exprs.literals.singleQuoted();
    if (ch == '"') return exprs.string();
    int s = c.pos;
    String name = c.scanIdent();
    return name == null ? null : new Expr.StrLit(name, new Span(s, c.pos));
  }

  private Expr object(int start) {
    List<Expr.Field> fields = new ArrayList<>();
    Map<String, Span> seen = new HashMap<>();
    while (!c.eat("}")) {
      Expr.Field f = field();
      Span first = seen.putIfAbsent(f.key(), f.keySpan());
      if (first != null) {
        c.report("Duplicate key", f.keySpan(), new Diagnostic.Hint("Key originally used here", c.loc(first)));
      }
      fields.add(f);
      c.skipNl();
      if (c.eat(",")) c.skipNl();
      else if (c.peek() != '}') throw c.failHere("Expected `}`");
    }
    return new Expr.ObjectLit(List.copyOf(fields), new Span(start, c.pos));
  }

  private Expr.Field field() {
    Expr key = key();
    String name = switch (key) {
      case Expr.StrLit s -> s.value();
      case Expr.StrTemplate t -> throw c.fail("Object keys do not support interpolation", t.span(),
          new Diagnostic.Hint("Use Object.fromEntries if you need a dynamic key", c.loc(t.span())));
      case null -> throw c.failHere("Expected identifier or string");
      default -> throw new IllegalStateException();
    };
    c.skipWs();
    c.expect(":");
    c.skipNl();
    Expr value = exprs.expr0(ShortMode.DENY);
    return new Expr.Field(name, key.span(), value);
  }

  /**
   * Statements separated by {@code ;}, newlines or line comments, up to (not including) the end of the query or
   * the closing brace. The last statement must be an expression.
   */
  List<Stmt> statements(boolean query) {
    List<Stmt> stmts = new ArrayList<>();
    skipSeparators();
    if (atBodyEnd(query)) {
      String what = query ? "query" : "block";
      throw c.fail("Unexpected end of " + what + ". Expected statement or expression", new Span(c.pos, c.pos + 1));
    }
    do {
      stmts.add(statement());
    } while (separator() && !atBodyEnd(query));
    if (stmts.get(stmts.size() - 1) instanceof Stmt.Let let) {
      c.skipNl();
      throw c.fail("Missing return expression", new Span(c.pos, c.pos + 1),
          Diagnostic.Hint.cause("Statement does not return a value", c.loc(let.span())));
    }
    return List.copyOf(stmts);
  }

  private boolean atBodyEnd(boolean query) {
    return c.eof() || (!query && c.peek() == '}');
  }

  private void skipSeparators() {
    while (true) {
      c.skipNl();
      if (!c.eat(";")) return;
    }
  }

  /** Consumes a statement separator run; false if the next thing is on the same line without {@code ;}. */
  private boolean separator() {
    boolean any = false;
    while (true) {
      c.skipWs();
      char ch = c.peek();
      if (ch == ';' || ch == '\n' || ch == '\r') {
        c.pos++;
        any = true;
      } else if (c.at("//")) {
        c.skipLineComment();
        any = true;
      } else {
        return any;
      }
    }
  }

  private Stmt statement() {
    if (c.atKeyword("let")) return let();
    return new Stmt.ExprStmt(exprs.expr0(ShortMode.DENY));
  }

  private Stmt let() {
    int start = c.pos;
    c.pos += 3;
    c.skipNl();
    int s = c.pos;
    String name = c.scanIdent();
    if (name == null) throw c.failHere("Expected identifier");
    Span nameSpan = new Span(s, c.pos);
    if (INVALID_VARIABLES.contains(name)) throw c.fail("Invalid identifier", nameSpan);
    c.skipNl();
    String type = null;
    if (c.eat(":")) {
      c.skipNl();
      type = typeText();
    }
    if (c.at("==") || !c.eat("=")) throw c.failHere("Expected `=`");
    c.skipNl();
    Expr value = exprs.expr0(ShortMode.DENY);
    return new Stmt.Let(name, nameSpan, type, value, new Span(start, value.span().end()));
  }

  /**
   * Source text of a type annotation, up to the {@code =} of the let. Types are not checked yet, so this only
   * tracks brackets and strings to find that {@code =} ({@code =>} inside function types is skipped).
   */
  private String typeText() {
    int s = c.pos;
    int depth = 0;
    while (!c.eof()) {
      char ch = c.peek();
      if (c.at("=>")) {
        c.pos += 2;
        continue;
      }
      if (ch == '=' && depth == 0) break;
      if (ch == '"' || ch == '\'') {
        skipQuoted(ch);
        continue;
      }
      if ("([{<".indexOf(ch) >= 0) depth++;
      else if (")]}>".indexOf(ch) >= 0) depth--;
      c.pos++;
    }
    String type = c.text.substring(s, c.pos).strip();
    if (type.isEmpty()) throw c.failHere("Expected type");
    return type;
  }

  private void skipQuoted(char quote) {
    c.pos++;
    while (!c.eof() && c.peek() != quote) c.pos += c.peek() == '\\' ? 2 : 1;
    c.pos = Math.min(c.pos + 1, c.text.length());
  }
}
