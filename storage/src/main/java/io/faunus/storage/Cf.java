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
  META("meta"),
  /**
   * {@code (index partition)} → 8-byte big-endian time of the newest commit that changed it; plain keys,
   * overwritten in place. Validation only ever asks for the newest time of an index partition, so keeping
   * one version per write (as {@link #PARTITION_TS} does) cost a put per index entry and, later, a sweeper
   * delete, and made every validation read an iterator seek instead of a point get. Declared last: entries
   * and checkpoints encode column families by ordinal.
   */
  PARTITION_LATEST("partition_latest");

  private final String rocksName;

  Cf(String rocksName) { this.rocksName = rocksName; }

  /** False for column families of plain keys ({@link #META}, {@link #PARTITION_LATEST}), not {@link Mvcc} versions. */
  public boolean versioned() {
    return this != META && this != PARTITION_LATEST;
  }

  /** The column family's name on disk; never change it, existing data directories depend on it. */
  public String rocksName() { return rocksName; }
}
