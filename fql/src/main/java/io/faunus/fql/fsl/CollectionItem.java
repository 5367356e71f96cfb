package io.faunus.fql.fsl;

import io.faunus.fql.Span;
import java.util.List;

/**
 * {@code collection Name { … }} (schema-v10.md §3.2). Optional members are null when absent; lists keep source
 * order. {@code migrations} is null without a {@code migrations} block.
 */
public record CollectionItem(Name name, Name alias, List<Field> fields, Wildcard wildcard, List<Computed> computed,
                             List<Index> indexes, List<Constraint> constraints, Setting<Long> historyDays,
                             Setting<Long> ttlDays, Setting<Boolean> documentTtls, Migrations migrations, Span span)
    implements Item {

  public CollectionItem {
    fields = List.copyOf(fields);
    computed = List.copyOf(computed);
    indexes = List.copyOf(indexes);
    constraints = List.copyOf(constraints);
  }

  @Override
  public Kind kind() {
    return Kind.COLLECTION;
  }

  /** {@code name: Type [= default]}; {@code defaultValue} may be null. */
  public record Field(Name name, FslType type, Fql defaultValue, Span span) {}

  /** {@code *: Type}. */
  public record Wildcard(FslType type, Span span) {}

  /** {@code compute name [: Type] = (lambda)}; {@code type} may be null. */
  public record Computed(Name name, FslType type, Fql body, Span span) {}

  /** {@code index name { terms […]; values […] }}; absent lists are null. */
  public record Index(Name name, List<Term> terms, List<Value> values, Span span) {}

  /** A field path in an index or constraint, {@code mva(…)} for multi-valued arrays. */
  public record Term(Path path, boolean mva) {}

  /** An index value: {@code desc(…)} orders descending. */
  public record Value(Path path, boolean desc, boolean mva) {}

  /** {@code unique […]} or {@code check name (lambda)}, in source order. */
  public sealed interface Constraint {
    Span span();
  }

  public record Unique(List<Term> terms, Span span) implements Constraint {}

  public record Check(Name name, Fql body, Span span) implements Constraint {}

  /** {@code history_days 3}, {@code ttl_days 7}, {@code document_ttls true}. */
  public record Setting<T>(T value, Span span) {}

  /** {@code migrations { … }}. */
  public record Migrations(List<Migration> statements, Span span) {}
}
