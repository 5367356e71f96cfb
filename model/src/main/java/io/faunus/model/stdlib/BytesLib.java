package io.faunus.model.stdlib;

import io.faunus.fql.Span;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.eval.NativeImpl;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.BytesV;
import io.faunus.model.value.Value.StrV;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Bytes (spec §4.9): {@code Bytes(b64)}, {@code Bytes.fromBase64(b64)}, {@code bytes.toBase64()}. */
final class BytesLib {
  private BytesLib() {}

  static TypeMembers members() {
    return new TypeMembers()
        .method("toBase64", Arity.exactly(0), (in, self, args, site) -> {
          byte[] bytes = ((BytesV) self).value();
          in.chargeBytes(bytes.length);
          return new StrV(Base64.getEncoder().encodeToString(bytes));
        });
  }

  static void register(Map<String, Value> globals) {
    NativeImpl decode = BytesLib::fromBase64;
    TypeMembers statics = new TypeMembers().method("fromBase64", Arity.exactly(1), decode);
    GlobalLib.module(globals, "Bytes", statics, v -> v instanceof BytesV,
        new Member.Method("Bytes", Arity.exactly(1), decode));
  }

  /**
   * Standard Base64 with padding. Fauna fails with an internal error on bad input; Faunus reports it as an
   * invalid argument instead.
   */
  private static Value fromBase64(Interp in, Value self, List<Value> args, Span site) {
    String encoded = Args.str(in, args, 0, "encoded", site);
    in.chargeBytes(encoded.length());
    try {
      return new BytesV(Base64.getDecoder().decode(encoded));
    } catch (IllegalArgumentException e) {
      throw ArgErrors.invalid(in, "encoded", "expected a Base64 string", site);
    }
  }
}
