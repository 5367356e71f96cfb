package io.faunus.model.typer;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr;
import io.faunus.fql.ast.Stmt;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Type inference over one FQL expression (schema-v10.md §6). Every node gets a type; where the library or
 * the schema is not modelled the type is {@link Type.Unknown}, which never causes an error. Errors are
 * reported only where the query would certainly fail at runtime too, or where Fauna's documented signature
 * rejects the argument (Collection.create, Function.create): the typechecker must not reject queries
 * Fauna accepts.
 */
final class Typer {
  /** Names in scope, innermost first. */
  private record Scope(String name, Type type, Scope next) {
    Type lookup(String n) {
      for (Scope s = this; s != null; s = s.next) if (n.equals(s.name)) return s.type;
      return null;
    }
  }

  private final Source source;
  private final Globals globals;
  private final Map<Expr, Type> types = new IdentityHashMap<>();
  final List<Diagnostic> errors = new ArrayList<>();
  final List<Diagnostic> warnings = new ArrayList<>();

  Typer(Source source, Globals globals) {
    this.source = source;
    this.globals = globals;
  }

  /**
   * {@code locals}: names bound before the query (its arguments, a UDF's parameters) with their types. A query
   * whose value is a function gets the warning "Function is not called." (as Fauna gives it).
   */
  Type infer(Expr e, Map<String, Type> locals) {
    Scope s = null;
    for (Map.Entry<String, Type> l : locals.entrySet()) s = new Scope(l.getKey(), l.getValue(), s);
    Type t = infer(e, s);
    if (e instanceof Expr.Block b && Subtyping.resolve(t) instanceof Type.Fn
        && b.stmts().get(b.stmts().size() - 1) instanceof Stmt.ExprStmt last) {
      Span span = last.expr().span();
      warnings.add(new Diagnostic(Diagnostic.Severity.WARNING, "Function is not called.", at(span), List.of(),
          List.of(Diagnostic.Hint.insert("Call the function.", at(new Span(span.end(), span.end())), "()"))));
    }
    return t;
  }

  private Type typeOf(Expr e) {
    return types.getOrDefault(e, Type.UNKNOWN);
  }

  private Type infer(Expr e, Scope env) {
    Type t = compute(e, env);
    types.put(e, t);
    return t;
  }

  private Type compute(Expr e, Scope env) {
    return switch (e) {
      case Expr.NullLit n -> Type.NULL;
      case Expr.BoolLit b -> new Type.Lit(String.valueOf(b.value()), (Type.Named) Type.BOOLEAN);
      case Expr.NumLit n -> number(n.value(), false);
      case Expr.StrLit s -> new Type.Lit(quote(s.value()), (Type.Named) Type.STRING);
      case Expr.StrTemplate t -> {
        for (Expr p : t.parts()) infer(p, env);
        yield Type.STRING;
      }
      case Expr.ArrayLit a -> new Type.Tuple(a.elems().stream().map(x -> infer(x, env)).toList());
      case Expr.ObjectLit o -> {
        Map<String, Type> fields = new LinkedHashMap<>();
        for (Expr.Field f : o.fields()) fields.put(f.key(), infer(f.value(), env));
        yield new Type.Obj(fields, null);
      }
      case Expr.Ident i -> {
        Type local = env == null ? null : env.lookup(i.name());
        Type t = local != null ? local : globals.lookup(i.name());
        if (t == null) errors.add(Diagnostic.error("Unbound variable `" + i.name() + "`", at(i.span())));
        yield t == null ? Type.UNKNOWN : t;
      }
      case Expr.Placeholder p -> Type.UNKNOWN;
      case Expr.Block b -> block(b, env);
      case Expr.If i -> {
        infer(i.cond(), env);
        Type then = infer(i.then(), env);
        yield i.orElse() == null ? Type.union(List.of(then, Type.NULL)) : Type.union(List.of(then, infer(i.orElse(), env)));
      }
      case Expr.At a -> {
        infer(a.time(), env);
        yield infer(a.body(), env);
      }
      case Expr.Lambda l -> lambda(l, env);
      case Expr.Unary u -> unary(u, env);
      case Expr.Binary b -> binary(b, env);
      case Expr.Select s -> select(s, env);
      case Expr.Call c -> call(c, env);
      case Expr.Index i -> index(i, env);
      case Expr.NonNull n -> withoutNull(infer(n.operand(), env));
      case Expr.OptChain o -> infer(o.chain(), env);
      case Expr.Project p -> project(Subtyping.resolve(infer(p.receiver(), env)), p.fields(), env);
    };
  }

  /**
   * {@code recv { a, b: expr, c { d } }}: an object of the picked fields, mapped over arrays and sets, Null kept
   * (Fauna: {@code Author.all() { id }} is {@code Set<{ id: ID }>}, {@code Author.byId(x) { name }} is
   * {@code { name: Any } | Null}). Receivers of other types give Unknown; the fields' values are inferred anyway.
   */
  private Type project(Type recv, List<Expr.ProjField> fields, Scope env) {
    Type r = Subtyping.resolve(recv);
    Type elem = Methods.element(r);
    if (elem != null) {
      Type inner = project(elem, fields, env);
      return r instanceof Type.Cons c && c.name().equals("Set") ? Type.set(inner)
          : Subtyping.vague(Subtyping.resolve(inner)) ? Type.UNKNOWN : Type.array(inner);
    }
    if (isRef(r) || r instanceof Type.Union u && u.members().contains(Type.NULL)) {
      Type inner = project(withoutNull(r), fields, env);
      return Subtyping.vague(Subtyping.resolve(inner)) ? inner : Type.nullable(inner);
    }
    Scope self = new Scope(Expr.Lambda.SHORT_PARAM, r, env);
    Map<String, Type> out = new LinkedHashMap<>();
    for (Expr.ProjField f : fields) {
      Type field = f.value() != null ? infer(f.value(), self) : fieldOf(r, f.name());
      if (f.sub() != null) field = project(field, f.sub(), env);
      out.put(f.name(), field);
    }
    boolean known = r instanceof Type.Obj || r instanceof Type.Named n && globals.documentField(n.name(), "id") != null;
    return known ? new Type.Obj(out, null) : Type.UNKNOWN;
  }

  /** A field read by a projection: an object's field, a document's field; Unknown otherwise. */
  private Type fieldOf(Type recv, String name) {
    return switch (recv) {
      case Type.Obj o -> o.fields().getOrDefault(name, o.wildcard() == null ? Type.UNKNOWN : o.wildcard());
      case Type.Named n when globals.documentField(n.name(), name) != null -> globals.documentField(n.name(), name);
      default -> Type.UNKNOWN;
    };
  }

  private Type block(Expr.Block b, Scope env) {
    Type last = Type.NULL;
    for (Stmt st : b.stmts()) {
      switch (st) {
        case Stmt.Let l -> {
          Type v = infer(l.value(), env);
          Type declared = l.type() == null ? null : globals.typeText(l.type());
          // The value must fit the annotation, and the name then has the annotated type (Fauna's rule).
          if (declared != null) errors.addAll(ArgCheck.check(source, this::typeOf, l.value(), declared));
          env = new Scope(l.name(), declared == null ? v : declared, env);
          last = Type.NULL;
        }
        case Stmt.ExprStmt x -> last = infer(x.expr(), env);
      }
    }
    return last;
  }

  private Type lambda(Expr.Lambda l, Scope env) {
    return lambda(l, env, List.of());
  }

  /** {@code given}: the types a library method passes to the lambda's first parameters (may be shorter). */
  private Type lambda(Expr.Lambda l, Scope env, List<Type> given) {
    List<Type> params = new ArrayList<>();
    Scope inner = env;
    for (String p : l.params()) {
      Type.Var v = new Type.Var();
      if (params.size() < given.size()) v.bound = given.get(params.size());
      params.add(v);
      if (p != null) inner = new Scope(p, v, inner);
    }
    if (l.rest() != null) inner = new Scope(l.rest(), Type.UNKNOWN, inner);
    Type body = infer(l.body(), inner);
    if (l.rest() != null) return Type.UNKNOWN; // variadic function types are not modelled
    return new Type.Fn(params, null, body);
  }

  private Type unary(Expr.Unary u, Scope env) {
    Type t = infer(u.operand(), env);
    return switch (u.op()) {
      case NEG -> {
        if (u.operand() instanceof Expr.NumLit n) yield number(n.value(), true);
        if (Subtyping.resolve(t) instanceof Type.Var v) v.bound = Type.NUMBER;
        operand(u.operand(), t, Type.NUMBER, true);
        yield numeric(t) ? Type.NUMBER : Type.UNKNOWN;
      }
      case NOT -> {
        operand(u.operand(), t, Type.BOOLEAN, false);
        yield Type.BOOLEAN;
      }
      case BIT_NOT -> Type.UNKNOWN;
    };
  }

  /**
   * An operand that certainly is not {@code expected}: "Type `String` is not a subtype of `Number`" where it
   * stands (schema-v10.md §6.4), literals widened to their scalar as Fauna prints them ({@code 3} → {@code Int}).
   * Only single, concrete types are judged: unions and anything vague pass, and {@code Null} only where
   * {@code nullFails} (arithmetic on null fails at runtime too).
   */
  private void operand(Expr e, Type t, Type expected, boolean nullFails) {
    Type r = Subtyping.resolve(t);
    boolean concrete = switch (r) {
      case Type.Named n -> nullFails || !n.equals(Type.NULL);
      case Type.Lit l -> true;
      case Type.Obj o -> true;
      case Type.Tuple tu -> true;
      case Type.Module m -> true;
      case Type.Fn f -> true;
      case Type.Cons c -> c.name().equals("Array") || c.name().equals("Set");
      default -> false;
    };
    if (concrete && !Subtyping.isSub(r, expected)) {
      errors.add(Diagnostic.error("Type `" + TypeDisplay.show(ArgCheck.widen(r)) + "` is not a subtype of `"
          + TypeDisplay.show(expected) + "`", at(e.span())));
    }
  }

  private Type binary(Expr.Binary b, Scope env) {
    Type l = infer(b.left(), env), r = infer(b.right(), env);
    return switch (b.op()) {
      case ADD -> {
        if (Subtyping.resolve(l) instanceof Type.Var || Subtyping.resolve(r) instanceof Type.Var) yield arithmetic(l, r);
        // `+` also joins strings; a number on the left leaves only the numeric overload (Fauna: `2 + "a"`).
        if (numeric(l)) operand(b.right(), r, Type.NUMBER, true);
        if (numeric(l) && numeric(r)) yield Type.NUMBER;
        if (stringy(l) && stringy(r)) yield Type.STRING;
        yield Type.UNKNOWN;
      }
      case SUB, MUL, DIV, MOD, POW -> {
        operand(b.left(), l, Type.NUMBER, true);
        operand(b.right(), r, Type.NUMBER, true);
        yield arithmetic(l, r);
      }
      case EQ, NE, LT, GT, LE, GE, MATCH, NOT_MATCH, ISA -> Type.BOOLEAN;
      case AND, OR -> {
        operand(b.left(), l, Type.BOOLEAN, false);
        operand(b.right(), r, Type.BOOLEAN, false);
        yield Subtyping.vague(Subtyping.resolve(l)) || Subtyping.vague(Subtyping.resolve(r)) ? Type.UNKNOWN : Type.BOOLEAN;
      }
      case COALESCE -> Type.union(List.of(withoutNull(l), r));
      case BIT_OR, BIT_XOR, BIT_AND -> Type.UNKNOWN;
    };
  }

  /** An unbound parameter used with a number becomes a Number ({@code x => x + 2} is {@code Number => Number}). */
  private static Type arithmetic(Type l, Type r) {
    Type a = Subtyping.resolve(l), b = Subtyping.resolve(r);
    if (a instanceof Type.Var v && numeric(b)) v.bound = Type.NUMBER;
    if (b instanceof Type.Var v && numeric(a)) v.bound = Type.NUMBER;
    return numeric(Subtyping.resolve(l)) && numeric(Subtyping.resolve(r)) ? Type.NUMBER : Type.UNKNOWN;
  }

  private Type select(Expr.Select s, Scope env) {
    return member(Subtyping.resolve(infer(s.receiver(), env)), s);
  }

  /** What a reference to a missing document ({@code NullPerson}) answers besides what Null does. */
  private static final java.util.Set<String> NULL_DOC_MEMBERS = java.util.Set.of("exists", "coll", "id", "toString");

  private Type member(Type recv, Expr.Select s) {
    if (!s.optional() && (recv.equals(Type.NULL) || isRef(recv) && !NULL_DOC_MEMBERS.contains(s.name()))) {
      // Fauna: a reference may name a missing document, so its fields need `!` or `?.` first.
      errors.add(new Diagnostic(Diagnostic.Severity.ERROR, "Type `Null` does not have field `" + s.name() + "`",
          at(s.nameSpan()), List.of(), List.of(Diagnostic.Hint.insert("Use the ! or ?. operator to handle the null case",
              at(new Span(s.receiver().span().end(), s.receiver().span().end())), "!"))));
      return Type.UNKNOWN;
    }
    if (isRef(recv) && !s.optional()) return s.name().equals("exists") ? new Type.Fn(List.of(), null, Type.BOOLEAN) : Type.UNKNOWN;
    if (recv instanceof Type.Obj o && o.wildcard() == null && !o.fields().containsKey(s.name()) && !s.optional()
        && s.receiver() instanceof Expr.ObjectLit) {
      errors.add(Diagnostic.error("Type `" + TypeDisplay.show(o) + "` does not have field `" + s.name() + "`", at(s.nameSpan())));
      return Type.UNKNOWN;
    }
    Type member = switch (withoutNull(recv)) {
      case Type.Module m -> {
        Type t = m.members().get(s.name());
        if (t == null && m.closed()) {
          errors.add(Diagnostic.error("Type `" + m.name() + "` does not have field `" + s.name() + "`", at(s.nameSpan())));
        }
        yield t == null ? Type.UNKNOWN : t;
      }
      case Type.Obj o -> o.fields().getOrDefault(s.name(), o.wildcard() == null ? Type.UNKNOWN : o.wildcard());
      case Type.Named n when globals.documentField(n.name(), s.name()) != null -> globals.documentField(n.name(), s.name());
      default -> Methods.property(withoutNull(recv), s.name());
    };
    return s.optional() ? orNull(member) : member;
  }

  private Type call(Expr.Call c, Scope env) {
    Type callee;
    if (c.callee() instanceof Expr.Select sel) {
      Type recv = Subtyping.resolve(infer(sel.receiver(), env));
      Type elem = Methods.element(withoutNull(recv));
      if ((elem != null || Methods.isString(withoutNull(recv))) && !isRef(recv)) {
        List<Type> args = new ArrayList<>();
        for (Expr a : c.args()) {
          args.add(a instanceof Expr.Lambda l ? lambda(l, env, Methods.callbackParams(sel.name(), elem, args)) : infer(a, env));
        }
        if (elem != null) callbackArity(sel.name(), c.args());
        for (int i = 0; i < args.size(); i++) types.put(c.args().get(i), args.get(i));
        types.put(sel, Type.UNKNOWN);
        Type r = Methods.call(withoutNull(recv), elem, sel.name(), args);
        return sel.optional() || c.optional() ? orNull(r) : r;
      }
      callee = Subtyping.resolve(member(recv, sel));
      types.put(sel, callee);
    } else {
      callee = Subtyping.resolve(infer(c.callee(), env));
    }
    List<Type> args = new ArrayList<>();
    for (Expr a : c.args()) args.add(infer(a, env));
    if (!(withoutNull(callee) instanceof Type.Fn f)) return Type.UNKNOWN;
    arity(f, c);
    for (int i = 0; i < Math.min(f.params().size(), c.args().size()); i++) {
      // A lambda's parameter types are guesses from its body (x + 2 could also join strings): never checked.
      if (f.params().get(i) instanceof Type.Var) continue;
      errors.addAll(ArgCheck.check(source, this::typeOf, c.args().get(i), f.params().get(i)));
    }
    Type ret = hasFreeVar(f.ret()) ? Type.UNKNOWN : f.ret();
    return c.optional() ? orNull(ret) : ret;
  }

  /**
   * A call with another number of arguments than the function takes fails (at runtime too): "Function was
   * called with too many arguments. Expected 1, received 2" on the argument list. Too few is an error only
   * when a missing parameter does not admit null.
   */
  private void arity(Type.Fn f, Expr.Call c) {
    if (!f.arityKnown()) return;
    int expected = f.params().size(), received = c.args().size();
    boolean tooFew = false;
    // A lambda's parameters are all required; a declared one may be left out when it admits null.
    for (int i = received; i < expected; i++) {
      tooFew |= f.params().get(i) instanceof Type.Var || !Subtyping.acceptsNull(f.params().get(i));
    }
    if (received > expected) {
      errors.add(Diagnostic.error("Function was called with too many arguments. Expected " + expected
          + ", received " + received, at(c.argsSpan())));
    } else if (tooFew) {
      errors.add(Diagnostic.error("Function was not called with enough arguments. Expected " + expected
          + ", received " + received, at(c.argsSpan())));
    }
  }

  /** Array and Set methods that call their function argument with one element (FQL v10 §4). */
  private static final java.util.Set<String> ONE_ARG_CALLBACKS = java.util.Set.of("map", "flatMap", "filter", "where",
      "forEach", "every", "any", "firstWhere", "lastWhere", "takeWhile", "dropWhile");

  /** A lambda without parameters passed where the library calls it with arguments (FQL2ArraySpec: `filter`). */
  private void callbackArity(String method, List<Expr> args) {
    int given = method.equals("reduce") || method.equals("reduceRight") ? 2 : ONE_ARG_CALLBACKS.contains(method) ? 1 : 0;
    if (given == 0 || args.size() != 1 || !(args.get(0) instanceof Expr.Lambda l)) return;
    if (l.params().isEmpty() && l.rest() == null) {
      errors.add(Diagnostic.error("Function was called with too many arguments. Expected 0, received " + given,
          at(l.span())));
    }
  }

  private Type index(Expr.Index i, Scope env) {
    Type recv = Subtyping.resolve(infer(i.receiver(), env));
    infer(i.index(), env);
    Type result = Type.UNKNOWN;
    Long at = intLiteral(i.index());
    if (recv instanceof Type.Tuple t && at != null) {
      int n = t.elems().size();
      if (at < 0 || at >= n) {
        errors.add(Diagnostic.error("Index " + at + " out of bounds for length " + n, at(i.index().span())));
      } else {
        result = t.elems().get(at.intValue());
      }
    }
    return i.optional() ? orNull(result) : result;
  }

  private static Long intLiteral(Expr e) {
    if (e instanceof Expr.NumLit n && !(n.value() instanceof Double)) return n.value().longValue();
    if (e instanceof Expr.Unary u && u.op() == Expr.UnOp.NEG && u.operand() instanceof Expr.NumLit n
        && !(n.value() instanceof Double)) {
      return -n.value().longValue();
    }
    return null;
  }

  private static Type number(Number n, boolean negate) {
    String text = negate ? "-" + n : String.valueOf(n);
    Type base = n instanceof Integer ? Type.INT : n instanceof Long ? Type.LONG : Type.DOUBLE;
    return new Type.Lit(text, (Type.Named) base);
  }

  private static boolean numeric(Type t) {
    Type r = Subtyping.resolve(t);
    return !Subtyping.vague(r) && Subtyping.isSub(r, Type.NUMBER);
  }

  private static boolean stringy(Type t) {
    Type r = Subtyping.resolve(t);
    return !Subtyping.vague(r) && Subtyping.isSub(r, Type.STRING);
  }

  private static boolean isRef(Type t) {
    return Subtyping.resolve(t) instanceof Type.Cons c && c.name().equals("Ref");
  }

  /** Without Null; a reference without Null is its document ({@code Person.byId(1)!} is a {@code Person}). */
  private static Type withoutNull(Type t) {
    Type r = Subtyping.resolve(t);
    if (r instanceof Type.Cons c && c.name().equals("Ref") && c.args().size() == 1) return c.args().get(0);
    if (!(r instanceof Type.Union u)) return r.equals(Type.NULL) ? Type.NEVER : r;
    return Type.union(u.members().stream().filter(m -> !m.equals(Type.NULL)).toList());
  }

  private static Type orNull(Type t) {
    return Subtyping.vague(Subtyping.resolve(t)) ? t : Type.nullable(t);
  }

  private static boolean hasFreeVar(Type t) {
    return switch (Subtyping.resolve(t)) {
      case Type.Var v -> true;
      case Type.Union u -> u.members().stream().anyMatch(Typer::hasFreeVar);
      case Type.Tuple tu -> tu.elems().stream().anyMatch(Typer::hasFreeVar);
      case Type.Cons c -> c.args().stream().anyMatch(Typer::hasFreeVar);
      case Type.Obj o -> o.fields().values().stream().anyMatch(Typer::hasFreeVar);
      case Type.Fn f -> f.params().stream().anyMatch(Typer::hasFreeVar) || hasFreeVar(f.ret());
      default -> false;
    };
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private Diagnostic.Location at(Span span) {
    return new Diagnostic.Location(source, span);
  }
}
