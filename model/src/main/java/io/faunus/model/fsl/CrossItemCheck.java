package io.faunus.model.fsl;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.fsl.AccessProviderItem;
import io.faunus.fql.fsl.CollectionItem;
import io.faunus.fql.fsl.FunctionItem;
import io.faunus.fql.fsl.Item;
import io.faunus.fql.fsl.RoleItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Names one item gives another (schema-v10.md §3.4, §3.5), checked against the schema being pushed, typechecked
 * database or not, as Fauna's schema type validator does: a role's privileges name a collection, a function or
 * a native collection ("Resource `X` does not exist"), its memberships a collection or a native one; an access
 * provider's roles are roles of the schema ("Role `x` does not exist"). Aliases count as names. Errors point at
 * the name in its file.
 */
final class CrossItemCheck {
  private CrossItemCheck() {}

  /** Native collections a role may name; {@code Credentials} is Fauna's legacy alias of {@code Credential}. */
  static final Set<String> NATIVE = Set.of("Key", "Token", "Credential", "Credentials", "Database", "Collection",
      "Function", "Role", "AccessProvider");
  /** Built-in roles: the parser already refuses them in an access provider ("Builtin role `admin` is not allowed"). */
  static final Set<String> BUILT_IN_ROLES = Set.of("admin", "server", "server-readonly", "client");

  /** Throws a 400 {@link SchemaFailure} listing every dangling name. */
  static void check(FileSchema schema) {
    Set<String> collections = new HashSet<>(NATIVE), functions = new HashSet<>(), roles = new HashSet<>();
    for (Located l : schema.items) {
      switch (l.item()) {
        case CollectionItem c -> addNameAndAlias(collections, c.name(), c.alias());
        case FunctionItem f -> addNameAndAlias(functions, f.name(), f.alias());
        case RoleItem r -> roles.add(r.name().text());
        default -> {}
      }
    }
    List<Diagnostic> errors = new ArrayList<>();
    for (Located l : schema.items) {
      switch (l.item()) {
        case RoleItem r -> {
          for (RoleItem.Membership m : r.membership()) {
            if (!collections.contains(m.resource().text())) errors.add(missing(l, "Resource", m.resource()));
          }
          for (RoleItem.Privileges p : r.privileges()) {
            String n = p.resource().text();
            if (!collections.contains(n) && !functions.contains(n)) errors.add(missing(l, "Resource", p.resource()));
          }
        }
        case AccessProviderItem ap -> {
          for (AccessProviderItem.Role role : ap.roles()) {
            if (!roles.contains(role.role().text()) && !BUILT_IN_ROLES.contains(role.role().text())) {
              errors.add(missing(l, "Role", role.role()));
            }
          }
        }
        default -> {}
      }
    }
    if (!errors.isEmpty()) throw SchemaFailure.badRequest(FileSchema.render(errors));
  }

  private static void addNameAndAlias(Set<String> into, Item.Name name, Item.Name alias) {
    into.add(name.text());
    if (alias != null) into.add(alias.text());
  }

  private static Diagnostic missing(Located l, String what, Item.Name name) {
    return Diagnostic.error(what + " `" + name.text() + "` does not exist", new Diagnostic.Location(l.source(), name.span()));
  }
}
