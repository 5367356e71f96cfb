package io.faunus.model.doc;

import java.io.ByteArrayOutputStream;

/**
 * An in-memory output that refuses to grow past a limit: encoders write into it and stop at the first
 * byte too many ({@link Full}), instead of producing the whole encoding and measuring it afterwards. A
 * value sharing its parts can encode to far more than it holds in memory.
 */
public final class BoundedBytes extends ByteArrayOutputStream {
  /** The output would pass its limit; {@link #bytes} is the size it would have had at that write. */
  public static final class Full extends RuntimeException {
    private final long bytes;

    public Full(long bytes) {
      super(null, null, false, false);
      this.bytes = bytes;
    }

    public long bytes() {
      return bytes;
    }
  }

  private final int maxBytes;

  public BoundedBytes(int initialBytes, int maxBytes) {
    super(Math.min(initialBytes, maxBytes));
    this.maxBytes = maxBytes;
  }

  /** Bytes that may still be written. */
  public int remaining() {
    return maxBytes - count;
  }

  @Override
  public void write(int b) {
    if (count + 1 > maxBytes) throw new Full(count + 1L);
    super.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    if ((long) count + len > maxBytes) throw new Full((long) count + len);
    super.write(b, off, len);
  }
}
