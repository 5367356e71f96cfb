package io.faunus.fql.fsl;

import io.faunus.fql.Span;
import java.util.List;

/** {@code access provider Name { issuer "…"; jwks_uri "…"; role r [{ predicate (…) }] }} (schema-v10.md §3.5). */
public record AccessProviderItem(Name name, String issuer, String jwksUri, List<Role> roles, Span span)
    implements Item {
  public AccessProviderItem {
    roles = List.copyOf(roles);
  }

  @Override
  public Kind kind() {
    return Kind.ACCESS_PROVIDER;
  }

  /** A role JWTs of this provider get, when {@code predicate} (may be null) allows. */
  public record Role(Name role, Fql predicate, Span span) {}
}
