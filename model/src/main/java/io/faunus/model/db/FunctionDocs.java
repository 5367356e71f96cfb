package io.faunus.model.db;

import io.faunus.model.doc.Keys;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Function (UDF) definition documents (spec §4.10): create, update, replace, delete. */
final class FunctionDocs {
  private FunctionDocs() {}

  private static final Set<String> FIELDS = Set.of("name", "alias", "body", "signature", "role", "data");
  private static final Set<String> BUILTIN_ROLES = Set.of("admin", "server", "server-readonly", "client");

  static final NamedKind KIND = NamedKind.of("Function", Keys.FUNCTION, FunctionDocs::validate);

  private static Map<String, Value> validate(DbContext ctx, ObjectV obj, Failures f, String currentName) {
    Map<String, Value> out = new LinkedHashMap<>();
    f.unexpected(obj, FIELDS);
    NamedDocs.nameAndAlias(ctx, obj, f, out, "Function", currentName);
    Value body = obj.get("body");
    if (f.expect(List.of("body"), body, StrV.class, "String", false)) {
      CollectionDocs.parseBody(((StrV) body).value(), List.of("body"), f);
      out.put("body", body);
    }
    for (String k : List.of("signature", "role")) {
      Value v = obj.get(k);
      if (f.expect(List.of(k), v, StrV.class, "String", true)) out.put(k, v);
    }
    if (obj.get("role") instanceof StrV r && !BUILTIN_ROLES.contains(r.value())
        && NamedDocs.read(ctx, Keys.ROLE, r.value()) == null) {
      f.add(List.of("role"), "Field refers to an unknown role name `" + r.value() + "`.");
    }
    if (obj.get("role") instanceof StrV r && r.value().equals("admin") && !ctx.perms.admin()) {
      f.add(List.of("role"), currentName == null ? "Cannot create a function with admin permissions using the server role."
          : "Cannot grant a function admin permissions using the server role.");
    }
    Value data = obj.get("data");
    if (f.expect(List.of("data"), data, ObjectV.class, "{ *: Any }", true)) out.put("data", data);
    return out;
  }
}
