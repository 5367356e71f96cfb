package io.faunus.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Sets up Logback from {@link LogSettings} in code (no XML to drift from the config file): the node's log,
 * the query log ({@link #QUERY_LOGGER}, also slow queries) and the audit log ({@link #AUDIT_LOGGER}). With
 * a log directory each goes to its own rotated file; without one, all go to stderr.
 */
public final class Logging {
  private Logging() {}

  /** One line per query, and slow queries (docs/operations.md, "Logs"). */
  public static final String QUERY_LOGGER = "faunus.query";
  /** Changes to schema, keys, roles and databases. */
  public static final String AUDIT_LOGGER = io.faunus.node.Audit.LOGGER;
  /** Ratis and gRPC say a lot at info; the node's own info lines are what an operator wants. */
  static final String[] CHATTY = {"org.apache.ratis", "io.grpc", "io.netty"};

  public static void configure(LogSettings s) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) return; // another binding (embedding)
    ctx.reset();
    boolean json = s.effectiveFormat() == LogSettings.Format.json;
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(s.level(), Level.INFO));
    for (String chatty : CHATTY) ctx.getLogger(chatty).setLevel(Level.WARN);
    Appender<ILoggingEvent> main = appender(ctx, s, json, "faunus");
    root.addAppender(main);
    Logger query = ctx.getLogger(QUERY_LOGGER);
    query.setLevel(Level.INFO);
    Logger audit = ctx.getLogger(AUDIT_LOGGER);
    audit.setLevel(Level.INFO);
    if (s.dir() != null) { // own files; without a directory they share stderr with the node's log
      query.setAdditive(false);
      query.addAppender(appender(ctx, s, json, "query"));
      audit.setAdditive(false);
      audit.addAppender(appender(ctx, s, json, "audit"));
    }
  }

  private static Appender<ILoggingEvent> appender(LoggerContext ctx, LogSettings s, boolean json, String name) {
    LayoutBase<ILoggingEvent> layout = json ? new JsonLineLayout() : new TextLayout();
    layout.setContext(ctx);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(ctx);
    encoder.setLayout(layout);
    encoder.setCharset(java.nio.charset.StandardCharsets.UTF_8);
    encoder.start();
    if (s.dir() == null) {
      ConsoleAppender<ILoggingEvent> c = new ConsoleAppender<>();
      c.setContext(ctx);
      c.setName(name);
      c.setTarget("System.err");
      c.setEncoder(encoder);
      c.start();
      return c;
    }
    try {
      Files.createDirectories(s.dir());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("--log-dir " + s.dir() + ": cannot create it: " + e.getMessage());
    }
    Path file = s.dir().resolve(name + ".log");
    RollingFileAppender<ILoggingEvent> f = new RollingFileAppender<>();
    f.setContext(ctx);
    f.setName(name);
    f.setFile(file.toString());
    f.setEncoder(encoder);
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(ctx);
    policy.setParent(f);
    policy.setFileNamePattern(s.dir().resolve(name + ".%d{yyyy-MM-dd}.%i.log.gz").toString());
    policy.setMaxFileSize(new FileSize(s.maxFileBytes()));
    policy.setMaxHistory(s.maxHistoryDays());
    policy.setTotalSizeCap(new FileSize(s.totalSizeCapBytes()));
    policy.start();
    f.setRollingPolicy(policy);
    f.start();
    return f;
  }
}
