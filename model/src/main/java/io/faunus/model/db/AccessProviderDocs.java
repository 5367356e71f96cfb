package io.faunus.model.db;

import io.faunus.model.doc.Keys;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AccessProvider documents (fql-v10.md §4.10), written by schema pushes (schema-v10.md §3.5). Stored and
 * validated for shape. TODO(JWT auth): issue tokens for JWTs of the provider.
 */
final class AccessProviderDocs {
  private AccessProviderDocs() {}

  private static final Set<String> FIELDS = Set.of("name", "issuer", "jwks_uri", "roles", "data");

  static final NamedKind KIND = new NamedKind("AccessProvider", Keys.ACCESS_PROVIDER) {
    @Override
    Map<String, Value> validate(DbContext ctx, ObjectV def, Failures f, String currentName) {
      return AccessProviderDocs.validate(ctx, def, f, currentName);
    }
  };

  private static Map<String, Value> validate(DbContext ctx, ObjectV obj, Failures f, String currentName) {
    Map<String, Value> out = new LinkedHashMap<>();
    f.unexpected(obj, FIELDS);
    Value name = obj.get("name");
    if (f.expect(List.of("name"), name, StrV.class, "String", false)) {
      String n = ((StrV) name).value();
      String err = Names.identifier(n);
      if (err == null && !n.equals(currentName) && NamedDocs.read(ctx, Keys.ACCESS_PROVIDER, n) != null) {
        err = "An AccessProvider already exists with the name `" + n + "`";
      }
      if (err != null) f.add(List.of("name"), err);
      out.put("name", name);
    }
    for (String k : List.of("issuer", "jwks_uri")) {
      Value v = obj.get(k);
      if (f.expect(List.of(k), v, StrV.class, "String", false)) out.put(k, v);
    }
    Value roles = obj.get("roles");
    if (roles instanceof ArrayV || roles instanceof StrV || roles instanceof ObjectV) out.put("roles", roles);
    else if (!(roles instanceof NullV)) f.add(List.of("roles"), "Expected Array<Any> | String | { *: Any } | Null, provided " + Failures.typeOf(roles));
    Value data = obj.get("data");
    if (f.expect(List.of("data"), data, ObjectV.class, "{ *: Any }", true)) out.put("data", data);
    return out;
  }
}
