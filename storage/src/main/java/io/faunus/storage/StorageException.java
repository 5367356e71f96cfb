package io.faunus.storage;

/** A failure of the storage engine itself (I/O, corruption, a locked or unreadable data directory). */
public final class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) { super(message, cause); }

  public StorageException(String message) { super(message); }
}
