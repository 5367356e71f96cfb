package io.faunus.storage;

/** Column families; the in-memory engine mirrors them as separate sorted maps. */
public enum Cf {
  /** {@code (logical key, ~ts)} → document state or tombstone, see {@link Mvcc}. */
  VERSIONS("versions"),
  /** {@code (index, terms…, values…, doc, ~ts)} → add/remove entry. */
  INDEX("index"),
  /** {@code (index, terms…)} → last commit time that changed the partition, for validation. */
  PARTITION_TS("partition_ts"),
  /** Applied log position, commit clock, schema versions, id sequences. */
  META("meta");

  private final String rocksName;

  Cf(String rocksName) { this.rocksName = rocksName; }

  /** The column family's name on disk; never change it, existing data directories depend on it. */
  public String rocksName() { return rocksName; }
}
