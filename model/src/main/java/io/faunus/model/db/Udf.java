package io.faunus.model.db;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.ParseException;
import io.faunus.fql.cache.ParseCache;
import io.faunus.fql.Span;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Env;
import io.faunus.model.eval.Fn;
import io.faunus.model.eval.Interp;
import io.faunus.model.schema.FunctionDef;
import io.faunus.model.value.Value;
import java.util.List;

/**
 * A user-defined function (spec §4.10): its body is FQL source for a lambda, parsed and evaluated on first
 * use in a query. Errors inside it are located in the {@code *udf:Name*} source.
 */
public final class Udf implements Fn {
  private final DbContext ctx;
  private final FunctionDef def;
  private Fn body;

  Udf(DbContext ctx, FunctionDef def) {
    this.ctx = ctx;
    this.def = def;
  }

  private Fn body(Interp in, Span site) {
    if (body == null) {
      try {
        // Parsed once per body text in the process (a body is parsed again only when its text changes).
        var parsed = ParseCache.shared().expr("*udf:" + def.name() + "*", def.body());
        Value v = in.evalIn(parsed.source(), parsed.tree(), Env.EMPTY);
        if (!(v instanceof Fn f)) {
          throw in.error(ErrorCode.INVALID_FUNCTION_INVOCATION, "The function `" + def.name() + "` has a body that is not a function.", site);
        }
        body = f;
      } catch (ParseException e) {
        throw in.error(ErrorCode.INVALID_FUNCTION_INVOCATION, "The function `" + def.name() + "` could not be parsed.", site);
      }
    }
    return body;
  }

  @Override
  public Arity arity() {
    return body != null ? body.arity() : Arity.atLeast(0);
  }

  @Override
  public Value invoke(Interp in, List<Value> args, Span site) {
    ctx.perms.requireCall(ctx, in, def.name(), args, site);
    Fn fn = body(in, site);
    if (def.role() == null) return fn.invoke(in, args, site);
    // The body runs with the function's role (spec §7.5); what it returns is the caller's again.
    return ctx.runAs(Permissions.of(Auth.roleName(def.role())), () -> fn.invoke(in, args, site));
  }

  @Override
  public String display() {
    return "[function " + def.name() + "]";
  }

  public String name() {
    return def.name();
  }
}
