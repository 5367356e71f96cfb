package io.faunus.model.stdlib;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;

/** Fauna's generic argument failure: invalid_argument "invalid argument `name`: reason". */
final class ArgErrors {
  private ArgErrors() {}

  static QueryError invalid(Interp in, String name, String reason, Span site) {
    return in.error(ErrorCode.INVALID_ARGUMENT, "invalid argument `" + name + "`: " + reason, site);
  }
}
