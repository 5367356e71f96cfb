package io.faunus.model.db;

import io.faunus.model.doc.Keys;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AccessProvider documents (spec §4.10, §7): an identity provider whose JWTs act with {@code roles}. The
 * JWT's {@code iss} must equal {@code issuer}, its {@code aud} this document's {@code audience} (which names
 * the database), and its signature verify with a key of the JWKS at {@code jwks_uri} (keys come from the
 * node's configuration, see {@link Jwks}).
 */
final class AccessProviderDocs {
  private AccessProviderDocs() {}

  private static final Set<String> FIELDS = Set.of("name", "issuer", "jwks_uri", "roles", "data", "audience");
  /** The audience prefix; the rest is the database's global id. */
  static final String AUDIENCE_PREFIX = "https://db.fauna.com/db/";

  static final NamedKind KIND = NamedKind.of("AccessProvider", Keys.ACCESS_PROVIDER, AccessProviderDocs::validate);

  private static Map<String, Value> validate(DbContext ctx, ObjectV obj, Failures f, String currentName) {
    Map<String, Value> out = new LinkedHashMap<>();
    f.unexpected(obj, FIELDS);
    NamedDocs.checkName(ctx, Keys.ACCESS_PROVIDER, "an AccessProvider", obj, f, currentName, out);
    for (String k : List.of("issuer", "jwks_uri")) {
      Value v = obj.get(k);
      if (f.expect(List.of(k), v, StrV.class, "String", false)) out.put(k, v);
    }
    Value roles = obj.get("roles");
    if (roles != null && !(roles instanceof NullV)) {
      for (Value r : roles instanceof ArrayV a ? a.elems() : List.of(roles)) {
        String role = r instanceof StrV s ? s.value() : r instanceof ObjectV o && o.get("role") instanceof StrV s ? s.value() : null;
        if (role == null) f.add(List.of("roles"), "Expected a role name or { role, predicate }, provided " + Failures.typeOf(r));
        else if (NamedDocs.read(ctx, Keys.ROLE, role) == null) f.add(List.of("roles"), "Role `" + role + "` does not exist.");
      }
      out.put("roles", roles);
    }
    out.put("audience", new StrV(AUDIENCE_PREFIX + ctx.db));
    Value data = obj.get("data");
    if (f.expect(List.of("data"), data, ObjectV.class, "{ *: Any }", true)) out.put("data", data);
    return out;
  }
}
