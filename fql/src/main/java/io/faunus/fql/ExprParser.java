package io.faunus.fql;

import io.faunus.fql.ast.Expr;
import io.faunus.fql.ast.Expr.BinOp;
import io.faunus.fql.ast.Expr.UnOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expressions (spec §3.3-§3.8). Recursion only happens through {@link #expr0}, which counts nesting depth; operator
 * chains, prefix operators and postfix chains are loops, so long flat inputs cannot overflow the stack.
 */
final class ExprParser {
  static final Set<String> KEYWORDS =
      Set.of("if", "else", "at", "match", "case", "let", "null", "true", "false", "isa", "join", "on", "of");

  /** What an expression that turned out to be a short lambda ({@code .name …}) becomes at its boundary. */
  enum ShortMode {
    /** Argument position: wrap into {@code x => …}. */
    ALLOW,
    /** Anywhere else: report "Invalid anonymous field access". */
    DENY,
    /** Projection value: keep the body; the evaluator binds {@link Expr.Lambda#SHORT_PARAM} itself. */
    BIND
  }

  final Cursor c;
  final Literals literals;
  final BlockParser blocks;
  /** Set when a short-lambda start is parsed; saved/restored around each nested expression. */
  private boolean sawShort;
  /** Whether the expression {@link #expr0Raw} just returned contained a short-lambda start. */
  private boolean lastShort;
  /**
   * Double-quoted strings by start offset. Deciding object-vs-block parses a leading string key and may backtrack;
   * reusing the result keeps nested {@code {"#{{"#{…}"}}"}} linear instead of exponential.
   */
  private final Map<Integer, Expr> strings = new HashMap<>();
  private final Map<Integer, Integer> stringEnds = new HashMap<>();

  ExprParser(Cursor c) {
    this.c = c;
    this.literals = new Literals(c, this::interpolation);
    this.blocks = new BlockParser(this);
  }

  // ---- expression entry points ----------------------------------------------------------------

  Expr expr0(ShortMode mode) {
    Expr e = expr0Raw();
    if (!lastShort) return e;
    return switch (mode) {
      case ALLOW -> shortLambda(e);
      case DENY -> {
        c.report("Invalid anonymous field access", e.span());
        yield shortLambda(e);
      }
      case BIND -> e;
    };
  }

  private static Expr shortLambda(Expr body) {
    return new Expr.Lambda(List.of(Expr.Lambda.SHORT_PARAM), null, body, body.span());
  }

  /** Parses one expression with its own short-lambda scope; the verdict is left in {@link #lastShort}. */
  private Expr expr0Raw() {
    c.enter();
    boolean outer = sawShort;
    sawShort = false;
    try {
      Expr e = exprInner();
      lastShort = sawShort;
      return e;
    } finally {
      sawShort = outer;
      c.leave();
    }
  }

  private Expr exprInner() {
    if (c.atKeyword("if")) return ifExpr();
    if (c.atKeyword("at")) return atExpr();
    if (c.atKeyword("match")) throw c.fail("match expr not supported", new Span(c.pos, c.pos + 5));
    Expr lambda = tryLambda();
    if (lambda != null) return lambda;
    return projection(binaryChain());
  }

  private Expr interpolation() {
    c.skipNl();
    Expr e = expr0(ShortMode.DENY);
    c.skipNl();
    return e;
  }

  // ---- if / at --------------------------------------------------------------------------------

  private Expr ifExpr() {
    int start = c.pos;
    c.pos += 2;
    Expr cond = parenthesized();
    Expr then = expr0(ShortMode.DENY);
    int save = c.pos;
    c.skipNl(); // `else` may start the next line
    if (c.atKeyword("else")) {
      c.pos += 4;
      c.skipNl();
      Expr orElse = expr0(ShortMode.DENY);
      return new Expr.If(cond, then, orElse, new Span(start, orElse.span().end()));
    }
    c.pos = save;
    return new Expr.If(cond, then, null, new Span(start, then.span().end()));
  }

  private Expr atExpr() {
    int start = c.pos;
    c.pos += 2;
    Expr time = parenthesized();
    Expr body = expr0(ShortMode.DENY);
    return new Expr.At(time, body, new Span(start, body.span().end()));
  }

  /** {@code ( expr )} after {@code if}/{@code at}; newlines may appear anywhere inside and after. */
  private Expr parenthesized() {
    c.skipNl();
    c.expect("(");
    c.skipNl();
    Expr e = expr0(ShortMode.DENY);
    c.skipNl();
    c.expect(")");
    c.skipNl();
    return e;
  }

  // ---- lambdas --------------------------------------------------------------------------------

  private record Param(String name, Span span) {}

  /** {@code x => e}, {@code (a, _, ...rest) => e}, or null (cursor unchanged) if no lambda starts here. */
  private Expr tryLambda() {
    int start = c.pos;
    List<Param> params = new ArrayList<>();
    Param[] rest = new Param[1];
    if (!scanParams(params, rest)) {
      c.pos = start;
      return null;
    }
    c.skipWs();
    if (!c.at("=>")) {
      c.pos = start;
      return null;
    }
    c.pos += 2;
    checkParams(params, rest[0]);
    c.skipNl();
    Expr body = expr0(ShortMode.DENY);
    List<String> names = new ArrayList<>();
    for (Param p : params) names.add(p.name.equals("_") ? null : p.name);
    String restName = rest[0] == null || rest[0].name.equals("_") ? null : rest[0].name;
    return new Expr.Lambda(java.util.Collections.unmodifiableList(names), restName, body,
        new Span(start, body.span().end()));
  }

  /** Scans a single identifier or a parenthesised parameter list; false if the text is not one. */
  private boolean scanParams(List<Param> params, Param[] rest) {
    if (Cursor.isIdentStart(c.peek())) {
      Param p = param();
      if (KEYWORDS.contains(p.name)) return false;
      params.add(p);
      return true;
    }
    if (!c.eat("(")) return false;
    c.skipNl();
    while (!c.eat(")")) {
      if (c.eat("...")) {
        c.skipNl();
        if (!Cursor.isIdentStart(c.peek())) return false;
        rest[0] = param();
        c.skipNl();
        return c.eat(")");
      }
      if (!Cursor.isIdentStart(c.peek())) return false;
      params.add(param());
      c.skipNl();
      if (c.eat(",")) c.skipNl();
      else if (c.peek() != ')') return false;
    }
    return true;
  }

  private Param param() {
    int s = c.pos;
    String name = c.scanIdent();
    return new Param(name, new Span(s, c.pos));
  }

  private void checkParams(List<Param> params, Param rest) {
    List<Param> all = new ArrayList<>(params);
    if (rest != null) all.add(rest);
    Map<String, Param> seen = new HashMap<>();
    for (Param p : all) {
      if (KEYWORDS.contains(p.name)) throw c.fail("Invalid identifier", p.span);
      if (p.name.equals("_")) continue;
      Param first = seen.putIfAbsent(p.name, p);
      if (first != null) {
        c.report("Duplicate lambda argument", p.span,
            new Diagnostic.Hint("Argument originally defined here", c.loc(first.span)));
      }
    }
  }

  // ---- binary operators -----------------------------------------------------------------------

  private record Op(BinOp op, Span span) {
    int prec() {
      return op.precedence();
    }
  }


  /** Operator-precedence (shunting-yard) loop: no recursion per operator, {@code **} right-associative. */
  private Expr binaryChain() {
    List<Expr> operands = new ArrayList<>();
    List<Op> ops = new ArrayList<>();
    operands.add(unaryTerm());
    Op op;
    while ((op = binaryOp()) != null) {
      c.skipNl(); // a binary operator may end a line
      Expr rhs = unaryTerm();
      while (!ops.isEmpty() && binds(ops.get(ops.size() - 1), op)) reduce(operands, ops);
      ops.add(op);
      operands.add(rhs);
    }
    while (!ops.isEmpty()) reduce(operands, ops);
    return operands.get(0);
  }

  private static boolean binds(Op top, Op next) {
    return top.prec() > next.prec() || (top.prec() == next.prec() && top.op != BinOp.POW);
  }

  private static void reduce(List<Expr> operands, List<Op> ops) {
    Op op = ops.remove(ops.size() - 1);
    Expr right = operands.remove(operands.size() - 1);
    Expr left = operands.remove(operands.size() - 1);
    operands.add(new Expr.Binary(op.op, left, right, op.span, left.span().to(right.span())));
  }

  private static final String[] SAME_LINE_OPS =
      {"**", "==", "!=", "=~", "!~", ">=", "<=", "??", "||", "&&", ">", "<", "+", "-", "*", "/", "%", "|", "^", "&"};
  private static final String[] NEXT_LINE_OPS = {"??", "||", "&&", "|", "^", "&"};

  /** The operator after an operand: any operator on the same line, or one of {@code ?? || && | ^ &} on the next. */
  private Op binaryOp() {
    Op op = matchOp(SAME_LINE_OPS);
    if (op != null) return op;
    int save = c.pos;
    c.skipNl();
    op = matchOp(NEXT_LINE_OPS);
    if (op == null) c.pos = save;
    return op;
  }

  private Op matchOp(String[] candidates) {
    if (c.at("//") || c.at("/*") || c.at("->") || c.at("=>")) return null;
    int s = c.pos;
    if (candidates == SAME_LINE_OPS && c.atKeyword("isa")) {
      c.pos += 3;
      return new Op(BinOp.ISA, new Span(s, c.pos));
    }
    for (String sym : candidates) {
      if (c.at(sym)) {
        c.pos += sym.length();
        return new Op(binOp(sym), new Span(s, c.pos));
      }
    }
    return null;
  }

  private static BinOp binOp(String sym) {
    for (BinOp op : BinOp.values()) if (op.symbol.equals(sym)) return op;
    throw new IllegalArgumentException(sym);
  }

  // ---- prefix and postfix ---------------------------------------------------------------------

  /** Prefix operators applied to a postfix chain; a sign directly before digits belongs to the literal. */
  private Expr unaryTerm() {
    List<Integer> starts = new ArrayList<>();
    List<UnOp> ops = new ArrayList<>();
    while (!literals.atNumber()) {
      UnOp op = switch (c.peek()) {
        case '-' -> UnOp.NEG;
        case '!' -> UnOp.NOT;
        case '~' -> UnOp.BIT_NOT;
        default -> null;
      };
      if (op == null) break;
      starts.add(c.pos);
      ops.add(op);
      c.pos++;
      c.skipWs();
    }
    Expr e = postfixTerm();
    for (int i = ops.size() - 1; i >= 0; i--) {
      e = new Expr.Unary(ops.get(i), e, new Span(starts.get(i), e.span().end()));
    }
    return e;
  }

  /**
   * A primary followed by {@code .f ?.f (…) ?.(…) […] ?.[…] !}. A chain containing {@code ?.} is wrapped in
   * {@link Expr.OptChain} at its end, or just before a {@code !}, so {@code !} still sees the null.
   */
  private Expr postfixTerm() {
    Expr cur = primary();
    int start = cur.span().start();
    c.skipWs();
    boolean optional = false;
    while (true) {
      int save = c.pos;
      char ch = c.peek();
      if (ch == '(') {
        cur = call(cur, start, false);
      } else if (ch == '[') {
        cur = index(cur, start, false);
      } else if (ch == '!' && c.peek(1) != '=' && c.peek(1) != '~') {
        if (optional) cur = new Expr.OptChain(cur, cur.span());
        optional = false;
        c.pos++;
        cur = new Expr.NonNull(cur, new Span(start, c.pos));
      } else {
        c.skipNl(); // `.` and `?.` may continue a chain on the next line
        if (c.eat("?.")) {
          c.skipNl();
          cur = optionalLink(cur, start);
          optional = true;
        } else if (c.peek() == '.' && c.peek(1) != '.') {
          c.pos++;
          c.skipNl();
          cur = select(cur, start, false);
        } else {
          c.pos = save;
          break;
        }
      }
      c.skipWs();
    }
    return optional ? new Expr.OptChain(cur, cur.span()) : cur;
  }

  private Expr optionalLink(Expr recv, int start) {
    return switch (c.peek()) {
      case '(' -> call(recv, start, true);
      case '[' -> index(recv, start, true);
      default -> select(recv, start, true);
    };
  }

  private Expr select(Expr recv, int start, boolean optional) {
    int s = c.pos;
    String name = c.scanIdent();
    if (name == null) {
      // After an integer literal the dot could still have started a float (`3.5`), as Fauna reports it.
      boolean intDot = !optional && recv instanceof Expr.NumLit n && !(n.value() instanceof Double);
      throw c.failHere(intDot ? "Expected digit or identifier" : "Expected identifier");
    }
    return new Expr.Select(recv, name, new Span(s, c.pos), optional, new Span(start, c.pos));
  }

  private Expr call(Expr callee, int start, boolean optional) {
    int s = c.pos;
    List<Expr> args = list(")", ShortMode.ALLOW);
    return new Expr.Call(callee, args, new Span(s, c.pos), optional, new Span(start, c.pos));
  }

  private Expr index(Expr recv, int start, boolean optional) {
    int s = c.pos;
    List<Expr> args = list("]", ShortMode.ALLOW);
    Span brackets = new Span(s, c.pos);
    if (args.size() != 1) throw c.fail("Expected exactly one index expression", brackets);
    return new Expr.Index(recv, args.get(0), brackets, optional, new Span(start, c.pos));
  }

  /** {@code open e, e, … close} with an optional trailing comma and newlines anywhere between items. */
  private List<Expr> list(String close, ShortMode mode) {
    c.pos++; // the opener, already checked by the caller
    c.skipNl();
    List<Expr> items = new ArrayList<>();
    while (!c.eat(close)) {
      items.add(expr0(mode));
      c.skipNl();
      if (c.eat(",")) c.skipNl();
      else if (!c.at(close)) throw c.failHere("Expected `" + close + "`");
    }
    return List.copyOf(items);
  }

  // ---- primaries ------------------------------------------------------------------------------

  private Expr primary() {
    char ch = c.peek();
    if (c.at(Parser.PLACEHOLDER)) return placeholder();
    if (literals.atNumber()) return literals.number();
    if (c.at("<<-") || c.at("<<+")) return literals.heredoc();
    return switch (ch) {
      case '"' -> string();
      case '\'' -> literals.singleQuoted();
      case '{' -> blocks.objectOrBlock();
      case '[' -> array();
      case '(' -> parens();
      case '.' -> shortLambdaStart();
      default -> Cursor.isIdentStart(ch) ? identifier() : unexpected();
    };
  }

  private Expr unexpected() {
    throw c.failHere(c.eof() ? "Unexpected end of query. Expected expression" : "Expected expression");
  }

  /** Double-quoted string, parsed once per offset (see {@link #strings}). */
  Expr string() {
    int s = c.pos;
    Expr e = strings.get(s);
    if (e != null) {
      c.pos = stringEnds.get(s);
      return e;
    }
    e = literals.doubleQuoted();
    strings.put(s, e);
    stringEnds.put(s, c.pos);
    return e;
  }

  private Expr placeholder() {
    int s = c.pos;
    c.pos += Parser.PLACEHOLDER.length();
    int d = c.pos;
    while (Cursor.isDigit(c.peek())) c.pos++;
    // More than 9 digits cannot be an index of a template's values (and may not fit an int).
    if (d == c.pos || c.pos - d > 9 || c.peek() != '>') {
      throw c.fail("Invalid template placeholder", new Span(s, c.pos));
    }
    int index = Integer.parseInt(c.text.substring(d, c.pos));
    c.pos++;
    return new Expr.Placeholder(index, new Span(s, c.pos));
  }

  private Expr identifier() {
    int s = c.pos;
    String name = c.scanIdent();
    Span span = new Span(s, c.pos);
    return switch (name) {
      case "null" -> new Expr.NullLit(span);
      case "true" -> new Expr.BoolLit(true, span);
      case "false" -> new Expr.BoolLit(false, span);
      default -> {
        if (KEYWORDS.contains(name)) throw c.fail("Invalid identifier", span);
        yield new Expr.Ident(name, span);
      }
    };
  }

  private Expr array() {
    int s = c.pos;
    List<Expr> elems = list("]", ShortMode.DENY);
    return new Expr.ArrayLit(elems, new Span(s, c.pos));
  }

  /**
   * {@code ()} and {@code (a, b)} are arrays; {@code (a)} is grouping. A short lambda inside grouping parentheses
   * belongs to the enclosing expression: {@code (.a) > 1} is one lambda.
   */
  private Expr parens() {
    int s = c.pos;
    c.pos++;
    c.skipNl();
    if (c.eat(")")) return new Expr.ArrayLit(List.of(), new Span(s, c.pos));
    Expr first = expr0Raw();
    boolean firstShort = lastShort;
    c.skipNl();
    if (c.eat(",")) c.skipNl();
    if (c.eat(")")) {
      if (firstShort) sawShort = true;
      return first;
    }
    List<Expr> elems = new ArrayList<>();
    elems.add(firstShort ? shortLambda(first) : first);
    while (!c.eat(")")) {
      elems.add(expr0(ShortMode.ALLOW));
      c.skipNl();
      if (c.eat(",")) c.skipNl();
      else if (c.peek() != ')') throw c.failHere("Expected `)`");
    }
    return new Expr.ArrayLit(List.copyOf(elems), new Span(s, c.pos));
  }

  /** {@code .name}, {@code .(args)}, {@code .[i]}: the receiver is the implicit short-lambda parameter. */
  private Expr shortLambdaStart() {
    int s = c.pos;
    c.pos++;
    c.skipNl();
    sawShort = true;
    Expr self = new Expr.Ident(Expr.Lambda.SHORT_PARAM, new Span(s, s));
    return switch (c.peek()) {
      case '(' -> call(self, s, false);
      case '[' -> index(self, s, false);
      default -> select(self, s, false);
    };
  }

  // ---- projection -----------------------------------------------------------------------------

  /** {@code e { a, b { c }, d: expr }} on the same line as the end of e. */
  private Expr projection(Expr receiver) {
    if (c.peek() != '{') return receiver;
    List<Expr.ProjField> fields = projFields();
    Expr e = new Expr.Project(receiver, fields, new Span(receiver.span().start(), c.pos));
    c.skipWs();
    return e;
  }

  private List<Expr.ProjField> projFields() {
    c.enter();
    int s = c.pos;
    c.pos++;
    c.skipNl();
    if (c.eat("*")) {
      c.skipNl();
      c.expect("}");
      throw c.fail("project expr not supported", new Span(s, c.pos));
    }
    List<Expr.ProjField> fields = new ArrayList<>();
    while (!c.eat("}")) {
      fields.add(projField());
      c.skipNl();
      if (c.eat(",")) c.skipNl();
      else if (c.peek() != '}') throw c.failHere("Expected `}`");
    }
    if (fields.isEmpty()) throw c.fail("Expected identifier", new Span(c.pos - 1, c.pos));
    c.leave();
    return List.copyOf(fields);
  }

  private Expr.ProjField projField() {
    int s = c.pos;
    String name = c.scanIdent();
    if (name == null) throw c.failHere("Expected identifier");
    Span nameSpan = new Span(s, c.pos);
    if (KEYWORDS.contains(name)) throw c.fail("Invalid identifier", nameSpan);
    c.skipWs();
    if (c.eat(":")) {
      c.skipNl();
      return new Expr.ProjField(name, nameSpan, null, expr0(ShortMode.BIND));
    }
    if (c.peek() == '{') return new Expr.ProjField(name, nameSpan, projFields(), null);
    return new Expr.ProjField(name, nameSpan, null, null);
  }
}
