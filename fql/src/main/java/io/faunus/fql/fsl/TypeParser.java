package io.faunus.fql.fsl;

import io.faunus.fql.ParseException;
import io.faunus.fql.Scanner;
import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr;
import io.faunus.fql.print.Strings;
import java.util.ArrayList;
import java.util.List;

/**
 * Type expressions (schema-v10.md §5.1). Precedence, loosest first: {@code =>}, {@code |}, {@code &}, postfix
 * {@code ?}. Newlines are allowed inside brackets only, so a field's type ends at the end of its line.
 * Defaults inside object types ({@code { country: String = "US" }}) are accepted when {@code defaults}.
 */
final class TypeParser {
  private final Reader r;
  private final Scanner s;
  private final boolean defaults;

  TypeParser(Reader r, boolean defaults) {
    this.r = r;
    this.s = r.s;
    this.defaults = defaults;
  }

  /** Parses a whole signature text ({@code "(x: Number) => Number"}, as definitions store them). */
  static FslType parse(Source source) {
    Scanner s = new Scanner(source);
    s.skipNl();
    FslType t = new TypeParser(new Reader(s), true).type();
    s.skipNl();
    if (!s.eof()) throw s.failHere("Expected end-of-input");
    if (!s.errors().isEmpty()) throw new ParseException(s.errors());
    return t;
  }

  FslType type() {
    s.enter();
    try {
      int start = s.pos();
      FslType left = union();
      s.skipWs();
      if (!s.at("=>")) return left;
      s.pos(s.pos() + 2);
      s.skipNl();
      FslType result = type();
      return new FslType.Func(List.of(new FslType.Param(null, left, false)), result, r.from(start));
    } finally {
      s.leave();
    }
  }

  private FslType union() {
    int start = s.pos();
    List<FslType> members = new ArrayList<>();
    members.add(intersection());
    while (nextOp('|')) members.add(intersection());
    return members.size() == 1 ? members.get(0) : new FslType.Union(members, r.from(start));
  }

  private FslType intersection() {
    int start = s.pos();
    List<FslType> members = new ArrayList<>();
    members.add(postfix());
    while (nextOp('&')) members.add(postfix());
    return members.size() == 1 ? members.get(0) : new FslType.Intersect(members, r.from(start));
  }

  /** A binary type operator on the same line (consumed with the blanks after it). */
  private boolean nextOp(char op) {
    int save = s.pos();
    s.skipWs();
    if (s.peek() == op && s.peek(1) != op) {
      s.pos(s.pos() + 1);
      s.skipNl();
      return true;
    }
    s.pos(save);
    return false;
  }

  private FslType postfix() {
    int start = s.pos();
    FslType t = primary();
    while (true) {
      int save = s.pos();
      s.skipWs();
      if (!s.eat("?")) {
        s.pos(save);
        return t;
      }
      t = new FslType.Nullable(t, r.from(start));
    }
  }

  private FslType primary() {
    int start = s.pos();
    char ch = s.peek();
    if (ch == '"' || ch == '\'') {
      Expr e = s.string();
      if (!(e instanceof Expr.StrLit lit)) throw s.fail("Cannot interpolate values in a string literal", e.span());
      return new FslType.Literal(Strings.quote(lit.value()), lit.span());
    }
    if (s.atNumber()) {
      Expr.NumLit n = s.number();
      return new FslType.Literal(s.source().slice(n.span()).replaceAll("\\s+", ""), n.span());
    }
    if (ch == '{') return object();
    if (ch == '[') return new FslType.Tuple(list('[', ']'), r.from(start));
    if (ch == '(') return parens();
    String name = s.ident();
    if (name == null) throw s.fail(s.eof() ? "Unexpected end of input. Expected type" : "Expected type",
        new Span(start, start + 1));
    if (name.equals("true") || name.equals("false")) return new FslType.Literal(name, r.from(start));
    if (name.equals("null")) return new FslType.Named("Null", r.from(start));
    int save = s.pos();
    s.skipWs();
    if (s.peek() == '<') return new FslType.Cons(name, list('<', '>'), r.from(start));
    s.pos(save);
    return new FslType.Named(name, r.from(start));
  }

  /** {@code open type, type, … close}, newlines allowed, trailing comma allowed. */
  private List<FslType> list(char open, char close) {
    s.expect(String.valueOf(open));
    s.skipNl();
    List<FslType> items = new ArrayList<>();
    while (!s.eat(String.valueOf(close))) {
      items.add(type());
      s.skipNl();
      if (s.eat(",")) s.skipNl();
      else if (s.peek() != close) throw s.failHere("Expected `" + close + "`");
    }
    return items;
  }

  private FslType object() {
    int start = s.pos();
    s.expect("{");
    s.skipNl();
    List<FslType.ObjField> fields = new ArrayList<>();
    FslType wildcard = null;
    Reader.Seen seen = r.new Seen();
    while (!s.eat("}")) {
      if (wildcard != null) throw s.failHere("Expected `}`"); // the wildcard comes last
      int fieldStart = s.pos();
      if (s.eat("*")) {
        colon();
        wildcard = type();
      } else {
        Item.Name name = r.nameOrNull(false);
        if (name == null) throw s.failHere("Expected field name");
        colon();
        FslType type = type();
        Fql dflt = null;
        s.skipWs();
        if (s.peek() == '=' && s.peek(1) != '>' && s.peek(1) != '=') {
          s.pos(s.pos() + 1);
          s.skipNl();
          dflt = r.expr();
          if (!defaults) s.report("Default values are not allowed here", new Span(fieldStart, s.pos()));
        }
        if (seen.add(name.text(), name.span(), "Duplicate field")) {
          fields.add(new FslType.ObjField(name.text(), name.span(), type, dflt == null ? null : dflt.expr(),
              dflt == null ? null : dflt.source()));
        }
      }
      s.skipNl();
      if (s.eat(",")) s.skipNl();
      else if (s.peek() != '}') throw s.failHere("Expected `}`");
    }
    return new FslType.Obj(fields, wildcard, r.from(start));
  }

  private void colon() {
    s.skipWs();
    s.expect(":");
    s.skipNl();
  }

  /**
   * {@code (T)} groups; {@code ()} and {@code (A, B)} are tuples; followed by {@code =>} the list is a function's
   * parameters, which may be named ({@code (x: A)}) and end with a variadic one ({@code ...rest: B}).
   */
  private FslType parens() {
    int start = s.pos();
    s.expect("(");
    s.skipNl();
    List<FslType.Param> params = new ArrayList<>();
    boolean named = false;
    while (!s.eat(")")) {
      boolean variadic = s.eat("...");
      if (variadic) s.skipWs();
      String name = null;
      int save = s.pos();
      String id = s.ident();
      s.skipWs();
      if (id != null && s.peek() == ':') {
        s.pos(s.pos() + 1);
        s.skipNl();
        name = id;
        named = true;
      } else {
        s.pos(save);
      }
      if (s.eat("...")) {
        variadic = true;
        s.skipWs();
      }
      params.add(new FslType.Param(name, type(), variadic));
      s.skipNl();
      if (s.eat(",")) s.skipNl();
      else if (s.peek() != ')') throw s.failHere("Expected `)`");
    }
    int save = s.pos();
    s.skipWs();
    if (s.at("=>")) {
      s.pos(s.pos() + 2);
      s.skipNl();
      FslType result = type();
      return new FslType.Func(params, result, r.from(start));
    }
    s.pos(save);
    boolean plain = !named && params.stream().noneMatch(FslType.Param::variadic);
    if (!plain) throw s.failHere("Expected `=>`");
    if (params.size() == 1) return params.get(0).type();
    return new FslType.Tuple(params.stream().map(FslType.Param::type).toList(), r.from(start));
  }
}
