package io.faunus.model.stdlib;

import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Display;
import io.faunus.model.value.Value.StrV;

/** Members every value type has except objects and documents (spec §4: toString). */
final class CommonLib {
  private CommonLib() {}

  static TypeMembers members() {
    return new TypeMembers()
        .method("toString", Arity.exactly(0), (in, self, args, site) -> new StrV(Display.display(in, self)));
  }
}
