package io.faunus.model.schema;

import java.util.List;

/**
 * A user index (spec §5.3) or the hidden index behind a unique constraint. {@code id} keys its entries in
 * storage; it changes whenever terms or values change, so a redefined index never reads stale entries.
 */
public record IndexDef(String name, long id, List<Term> terms, List<Val> values, boolean queryable, boolean unique) {
  public record Term(FieldPath path, boolean mva) {}

  public record Val(FieldPath path, boolean desc, boolean mva) {}

  public List<Boolean> descFlags() {
    return values.stream().map(Val::desc).toList();
  }
}
