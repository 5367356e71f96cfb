package io.faunus.model.schema;

import java.util.List;
import java.util.Map;

/**
 * A user collection as defined by its Collection document (spec §5.1). {@code staged} are the indexes a staged
 * schema adds or redefines (schema-v10.md §1.4): maintained by writes and built in the background so that the
 * commit finds them ready, but invisible to queries until then.
 */
public record CollectionDef(String name, String alias, long id, List<IndexDef> indexes, List<IndexDef> uniques,
                            List<Check> checks, Map<String, String> computedFields, long historyDays,
                            Long ttlDays, DefinedFields fields, List<IndexDef> staged) {
  public record Check(String name, String body) {}

  /** A collection without staged indexes. */
  public CollectionDef(String name, String alias, long id, List<IndexDef> indexes, List<IndexDef> uniques,
                       List<Check> checks, Map<String, String> computedFields, long historyDays, Long ttlDays,
                       DefinedFields fields) {
    this(name, alias, id, indexes, uniques, checks, computedFields, historyDays, ttlDays, fields, List.of());
  }

  public IndexDef index(String indexName) {
    for (IndexDef i : indexes) if (i.name().equals(indexName)) return i;
    return null;
  }

  /** Every index whose entries must be maintained on writes: user indexes, unique constraints, staged indexes. */
  public List<IndexDef> maintained() {
    return java.util.stream.Stream.of(indexes, uniques, staged).flatMap(List::stream).toList();
  }
}
