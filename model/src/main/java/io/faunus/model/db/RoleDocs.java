package io.faunus.model.db;

import io.faunus.model.doc.Keys;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Role documents (spec §7.5), validated for shape; {@link RolePermissions} enforces their privileges.
 * TODO(step 7): membership (identities from tokens) is stored but not used until tokens exist.
 */
final class RoleDocs {
  private RoleDocs() {}

  private static final Set<String> FIELDS = Set.of("name", "privileges", "membership", "data");

  static final NamedKind KIND = NamedKind.of("Role", Keys.ROLE, RoleDocs::validate);

  private static Map<String, Value> validate(DbContext ctx, ObjectV obj, Failures f, String currentName) {
    Map<String, Value> out = new LinkedHashMap<>();
    f.unexpected(obj, FIELDS);
    NamedDocs.checkName(ctx, Keys.ROLE, "a Role", obj, f, currentName, out);
    for (String k : List.of("privileges", "membership")) {
      Value v = obj.get(k);
      if (v instanceof ObjectV || v instanceof ArrayV) out.put(k, v);
      else if (v != null && !(v instanceof NullV)) f.add(List.of(k), "Expected Array<Any> | { *: Any } | Null, provided " + Failures.typeOf(v));
    }
    Value data = obj.get("data");
    if (f.expect(List.of("data"), data, ObjectV.class, "{ *: Any }", true)) out.put("data", data);
    return out;
  }
}
