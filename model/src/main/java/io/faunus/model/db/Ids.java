package io.faunus.model.db;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.eval.Interp;
import io.faunus.model.stdlib.Args;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;

/** Document id arguments: an ID, a non-negative integer, or a decimal string (spec §6.1). */
final class Ids {
  private Ids() {}

  static long parse(Interp in, Value v, Span site) {
    return switch (v) {
      case IdV i -> i.value();
      case NumV n when Numbers.isIntegral(n) && Numbers.asLong(n) >= 0 -> Numbers.asLong(n);
      case StrV s when s.value().matches("[0-9]{1,19}") && !s.value().startsWith("-") -> parseOrFail(in, s.value(), site);
      // As FaunaDB's ID argument cast: a string that is not a 64-bit integer is not an ID at all (invalid_argument);
      // one that is, but negative, is an invalid ID.
      case StrV s when !isLong(s.value()) -> throw Args.type(in, "id", "ID", v, site);
      case StrV s -> throw in.error(ErrorCode.INVALID_ID, "The ID `" + s.value() + "` is invalid.", site);
      case NumV n -> throw in.error(ErrorCode.INVALID_ID, "The ID `" + Numbers.display(n) + "` is invalid.", site);
      default -> throw Args.type(in, "id", "ID", v, site);
    };
  }

  private static boolean isLong(String s) {
    if (!s.matches("[+-]?[0-9]{1,19}")) return false;
    try {
      Long.parseLong(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static long parseOrFail(Interp in, String s, Span site) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw in.error(ErrorCode.INVALID_ID, "The ID `" + s + "` is invalid.", site);
    }
  }
}
