package io.faunus.fql.fsl;

import io.faunus.fql.Scanner;
import io.faunus.fql.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code role} (schema-v10.md §3.4) and {@code access provider} (§3.5) bodies, after the name. */
final class RoleParser {
  /** Actions a privilege may grant. */
  static final Set<String> ACTIONS = Set.of("create", "create_with_id", "delete", "read", "write", "history_read",
      "history_write", "unrestricted_read", "call");

  private final Reader r;
  private final Scanner s;

  RoleParser(Reader r) {
    this.r = r;
    this.s = r.s;
  }

  RoleItem role(int start, Item.Name name) {
    if (name.text().equals("admin") || name.text().equals("server")) {
      s.report("The identifier `" + name.text() + "` is reserved.", name.span());
    }
    List<RoleItem.Privileges> privileges = new ArrayList<>();
    List<RoleItem.Membership> membership = new ArrayList<>();
    Reader.Seen privNames = r.new Seen(), memberNames = r.new Seen();
    r.open();
    while (!r.close()) {
      int at = s.pos();
      String word = s.ident();
      if ("privileges".equals(word)) {
        Item.Name resource = r.name();
        List<RoleItem.Action> actions = actions();
        if (privNames.add(resource.text(), resource.span(), "Duplicate privileges `" + resource.text() + "`")) {
          privileges.add(new RoleItem.Privileges(resource, actions, r.from(at)));
        }
      } else if ("membership".equals(word)) {
        Item.Name resource = r.name();
        Fql predicate = optionalPredicate();
        if (memberNames.add(resource.text(), resource.span(), "Duplicate membership `" + resource.text() + "`")) {
          membership.add(new RoleItem.Membership(resource, predicate, r.from(at)));
        }
      } else {
        r.skipRest();
        s.report("Invalid member" + (word == null ? "" : " `" + word + "`"), r.from(at));
      }
      r.endMember();
    }
    return new RoleItem(name, privileges, membership, r.from(start));
  }

  /** {@code { read; create { predicate (…) } }} (absent: no actions). */
  private List<RoleItem.Action> actions() {
    List<RoleItem.Action> out = new ArrayList<>();
    s.skipWs();
    if (s.peek() != '{') return out;
    Reader.Seen seen = r.new Seen();
    r.open();
    while (!r.close()) {
      int at = s.pos();
      String action = s.ident();
      if (action == null || !ACTIONS.contains(action)) {
        r.skipRest();
        s.report("Invalid action" + (action == null ? "" : " `" + action + "`"), r.from(at));
        r.endMember();
        continue;
      }
      Span name = r.from(at);
      Fql predicate = optionalPredicate();
      if (seen.add(action, name, "Duplicate action `" + action + "`")) {
        out.add(new RoleItem.Action(action, predicate, r.from(at)));
      }
      r.endMember();
    }
    return out;
  }

  /** {@code { predicate (lambda) }} on the same line, or nothing. */
  Fql optionalPredicate() {
    int save = s.pos();
    s.skipWs();
    if (s.peek() != '{') {
      s.pos(save);
      return null;
    }
    int start = s.pos();
    r.open();
    Fql predicate = null;
    int count = 0;
    while (!r.close()) {
      int at = s.pos();
      String word = s.ident();
      if (!"predicate".equals(word)) {
        r.skipRest();
        s.report("Expecting a predicate", r.from(at));
      } else {
        Fql p = r.lambda(false, "Expected lambda predicate", null);
        if (predicate == null) predicate = p;
      }
      count++;
      r.endMember();
    }
    if (count != 1) s.report("Expected a single predicate member", r.from(start));
    return predicate;
  }

  AccessProviderItem accessProvider(int start, Item.Name name) {
    String issuer = null, jwks = null;
    boolean sawIssuer = false, sawJwks = false;
    List<AccessProviderItem.Role> roles = new ArrayList<>();
    r.open();
    while (!r.close()) {
      int at = s.pos();
      String word = s.ident();
      switch (word == null ? "" : word) {
        case "issuer" -> {
          String v = r.string();
          if (sawIssuer) s.report("Duplicate issuer", r.from(at));
          sawIssuer = true;
          issuer = v;
        }
        case "jwks_uri" -> {
          String v = r.string();
          if (sawJwks) s.report("Duplicate jwks uri", r.from(at));
          sawJwks = true;
          jwks = v;
        }
        case "role" -> {
          Item.Name role = r.name();
          if (Set.of("admin", "server", "server-readonly", "client").contains(role.text())) {
            s.report("Builtin role `" + role.text() + "` is not allowed", role.span());
          }
          roles.add(new AccessProviderItem.Role(role, optionalPredicate(), r.from(at)));
        }
        default -> {
          r.skipRest();
          s.report("Invalid member" + (word == null ? "" : " `" + word + "`"), r.from(at));
        }
      }
      r.endMember();
    }
    if (!sawIssuer) s.report("Missing issuer", name.span());
    if (!sawJwks) s.report("Missing jwks uri", name.span());
    return new AccessProviderItem(name, issuer, jwks, roles, r.from(start));
  }
}
