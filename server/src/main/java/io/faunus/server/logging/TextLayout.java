package io.faunus.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import org.slf4j.event.KeyValuePair;

/** For a person at a terminal: {@code time LEVEL logger message key=value ...}, then any stack trace. */
final class TextLayout extends LayoutBase<ILoggingEvent> {
  @Override
  public String doLayout(ILoggingEvent e) {
    StringBuilder b = new StringBuilder(160);
    b.append(Instant.ofEpochMilli(e.getTimeStamp())).append(' ').append(String.format("%-5s", e.getLevel()))
        .append(' ').append(shortName(e.getLoggerName())).append(' ').append(e.getFormattedMessage());
    if (e.getKeyValuePairs() != null) {
      for (KeyValuePair kv : e.getKeyValuePairs()) b.append(' ').append(kv.key).append('=').append(kv.value);
    }
    b.append('\n');
    if (e.getThrowableProxy() != null) b.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
    return b.toString();
  }

  /** {@code org.apache.ratis.server.impl.RaftServerImpl} → {@code o.a.r.s.i.RaftServerImpl}. */
  static String shortName(String logger) {
    String[] parts = logger.split("\\.");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) b.append(parts[i].isEmpty() ? "" : parts[i].substring(0, 1)).append('.');
    return b.append(parts[parts.length - 1]).toString();
  }
}
