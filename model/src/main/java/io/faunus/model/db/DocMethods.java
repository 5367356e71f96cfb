package io.faunus.model.db;

import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Member;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.stdlib.Args;
import io.faunus.model.value.Value.*;

/** Methods of document values (spec §4.2): exists, update, replace, delete and their *Data forms. */
final class DocMethods {
  private DocMethods() {}

  static Member member(DbContext ctx, DocV doc, String name) {
    if (name.equals("exists")) {
      return new Member.Method(name, Arity.exactly(0), (in, self, args, site) -> BoolV.of(ctx.state(doc, in) != null));
    }
    if (Natives.nativeId(doc.coll()) != null) return ctx.natives.docMember(doc, name);
    CollectionDef def = ctx.schema().collection(doc.coll());
    if (def == null) return null;
    return switch (name) {
      case "update", "replace", "updateData", "replaceData" -> new Member.Method(name, Arity.exactly(1),
          (in, self, args, site) -> UserDocs.write(ctx, in, def, doc, Args.object(in, args, 0, "data", site),
              name.startsWith("replace"), name.endsWith("Data"), site));
      case "delete" -> new Member.Method(name, Arity.exactly(0),
          (in, self, args, site) -> UserDocs.delete(ctx, in, def, doc, site));
      default -> null;
    };
  }
}
