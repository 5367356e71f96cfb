package io.faunus.server.transport;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which socket layer the server asks for ({@code --transport}, {@code listen.transport}): {@link #AUTO} takes
 * Linux's native epoll when its library loads and the JDK's NIO otherwise; {@link #EPOLL} insists on epoll
 * (start-up fails where it cannot load); {@link #NIO} is the portable JDK selector, the fallback to try when
 * the native transport is suspected of a problem.
 */
public enum TransportChoice {
  AUTO, EPOLL, NIO;

  /** The name on the command line and in {@code faunus.yml}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code auto}, {@code epoll} or {@code nio} (any case); anything else is refused naming the choices. */
  public static TransportChoice parse(String text) {
    for (TransportChoice c : values()) {
      if (c.wire().equalsIgnoreCase(text.strip())) return c;
    }
    throw new IllegalArgumentException("--transport must be one of " + Arrays.stream(values()).map(TransportChoice::wire)
        .toList() + ", not '" + text + "'");
  }
}
