package io.faunus.model.schema;

import java.util.List;
import java.util.Map;

/** A user collection as defined by its Collection document (spec §5.1). */
public record CollectionDef(String name, String alias, long id, List<IndexDef> indexes, List<IndexDef> uniques,
                            List<Check> checks, Map<String, String> computedFields, long historyDays,
                            Long ttlDays, DefinedFields fields) {
  public record Check(String name, String body) {}

  public IndexDef index(String indexName) {
    for (IndexDef i : indexes) if (i.name().equals(indexName)) return i;
    return null;
  }

  /** Every index whose entries must be maintained on writes: user indexes and unique constraints. */
  public List<IndexDef> maintained() {
    return java.util.stream.Stream.concat(indexes.stream(), uniques.stream()).toList();
  }
}
