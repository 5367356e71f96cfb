package io.faunus.storage;

import java.nio.ByteBuffer;

/** Where and how the applied log position lives in {@link Cf#META}. */
final class AppliedIndex {
  static final byte[] KEY = Tuple.of("applied_index").encode();

  private AppliedIndex() {}

  static byte[] encode(long index) {
    assert index >= 0;
    return ByteBuffer.allocate(Long.BYTES).putLong(index).array();
  }

  static long decode(byte[] value) {
    if (value == null) return Engine.NO_APPLIED_INDEX;
    if (value.length != Long.BYTES) throw new StorageException("corrupt applied index: " + value.length + " bytes");
    long index = ByteBuffer.wrap(value).getLong();
    if (index < 0) throw new StorageException("corrupt applied index: " + index);
    return index;
  }
}
