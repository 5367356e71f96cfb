package io.faunus.fql.fsl;

import io.faunus.fql.Span;
import java.util.List;

/** {@code role name { privileges R { … }; membership C [{ predicate (…) }] }} (schema-v10.md §3.4). */
public record RoleItem(Name name, List<Privileges> privileges, List<Membership> membership, Span span)
    implements Item {
  public RoleItem {
    privileges = List.copyOf(privileges);
    membership = List.copyOf(membership);
  }

  @Override
  public Kind kind() {
    return Kind.ROLE;
  }

  /** The actions granted on a collection, function or native collection. */
  public record Privileges(Name resource, List<Action> actions, Span span) {}

  /** {@code read}, or {@code create { predicate ((doc) => …) }}; {@code predicate} may be null. */
  public record Action(String name, Fql predicate, Span span) {}

  /** Documents of {@code resource} that hold the role (when {@code predicate} allows; it may be null). */
  public record Membership(Name resource, Fql predicate, Span span) {}
}
