package io.faunus.server.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records the log lines that a client must never be able to cause, so that a fuzz run fails on them: an
 * exception that reached the end of a connection's pipeline (WARN of {@code DefaultChannelPipeline}, finding 4)
 * and any ERROR of Netty's HTTP/2 classes (finding 5). Netty logs through SLF4J here (logback is on the class
 * path), so the recorder is a logback appender on the {@code io.netty} logger; it sees what that logger's
 * level lets through (WARN and above, see logback.xml), which is all it looks for.
 */
final class NettyLogRecorder extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  static final String PIPELINE_TAIL = "io.netty.channel.DefaultChannelPipeline";
  static final String HTTP2 = "io.netty.handler.codec.http2.";

  private final Logger netty = (Logger) LoggerFactory.getLogger("io.netty");
  private final List<String> recorded = new ArrayList<>();

  static NettyLogRecorder attach() {
    NettyLogRecorder r = new NettyLogRecorder();
    r.setContext(r.netty.getLoggerContext());
    r.setName("fuzz-netty-recorder");
    r.start();
    r.netty.addAppender(r);
    return r;
  }

  @Override
  protected void append(ILoggingEvent e) {
    boolean tail = e.getLoggerName().equals(PIPELINE_TAIL) && e.getLevel().isGreaterOrEqual(Level.WARN);
    boolean http2 = e.getLoggerName().startsWith(HTTP2) && e.getLevel().isGreaterOrEqual(Level.ERROR);
    if (!tail && !http2) return;
    String thrown = e.getThrowableProxy() == null ? ""
        : " " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage();
    synchronized (recorded) {
      recorded.add(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage() + thrown);
    }
  }

  List<String> recorded() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  @Override
  public void close() {
    netty.detachAppender(this);
    stop();
  }
}
