package io.faunus.fql.fsl;

import io.faunus.fql.Scanner;
import io.faunus.fql.Span;
import java.util.ArrayList;
import java.util.List;

/** {@code function name(params) [: Result] { body }} (schema-v10.md §3.3), after the name. */
final class FunctionParser {
  private final Reader r;
  private final Scanner s;

  FunctionParser(Reader r) {
    this.r = r;
    this.s = r.s;
  }

  FunctionItem parse(int start, Item.Name name, Item.Name alias, Item.Name role) {
    s.skipWs();
    s.expect("(");
    s.skipNl();
    List<FunctionItem.Param> params = new ArrayList<>();
    FunctionItem.Param variadic = null;
    while (!s.eat(")")) {
      int at = s.pos();
      boolean rest = s.eat("...");
      Item.Name p = r.name();
      FslType type = null;
      s.skipWs();
      if (s.eat(":")) {
        s.skipWs();
        type = new TypeParser(r, false).type();
      }
      if (variadic != null) s.report("Variadic argument must be the last argument.", variadic.name().span());
      FunctionItem.Param param = new FunctionItem.Param(p, type, rest);
      if (rest) variadic = param;
      params.add(param);
      s.skipNl();
      if (s.eat(",")) s.skipNl();
      else if (s.peek() != ')') throw s.failHere("Expected `)`");
      if (at == s.pos()) throw s.failHere("Expected `)`");
    }
    Span paramsEnd = r.from(start);
    FslType result = null;
    s.skipWs();
    if (s.eat(":")) {
      s.skipWs();
      result = new TypeParser(r, false).type();
    }
    checkTypes(params, result, name.span(), paramsEnd);
    s.skipNl();
    if (s.peek() != '{') throw s.failHere("Expected `{`");
    Fql body = new Fql(s.block(), s.source());
    return new FunctionItem(name, alias, role, params, result, body, r.from(start));
  }

  /** Parameters are typed all or none, and a result type goes with typed parameters only. */
  private void checkTypes(List<FunctionItem.Param> params, FslType result, Span name, Span header) {
    long typed = params.stream().filter(p -> p.type() != null).count();
    if (typed > 0 && typed < params.size()) {
      s.report("All or no arguments must have a type", header);
    } else if (typed > 0 && result == null) {
      s.report("Return type is required when arguments have a type", header);
    } else if (typed == 0 && !params.isEmpty() && result != null) {
      s.report("Return type is not allowed when arguments do not have a type", result.span());
    }
  }
}
