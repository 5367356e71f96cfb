package io.faunus.storage;

import java.util.Iterator;

/**
 * A lazy iterator over a key range that holds engine resources until closed. It is valid only while
 * its snapshot is open (closing the snapshot closes it) and is not thread-safe.
 */
public interface Cursor<T> extends Iterator<T>, AutoCloseable {
  @Override
  void close();
}
