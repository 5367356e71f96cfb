package io.faunus.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.value.Value;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Which queries the query log and the slow-query log write, and the fields of a line. */
class QueryLogTest {
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(Logging.QUERY_LOGGER);

  @BeforeEach
  void attach() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(lines);
  }

  private static LogSettings settings(boolean queries, long slowMs) {
    return new LogSettings(LogSettings.Format.text, "info", null, queries, slowMs, LogSettings.DEFAULT_MAX_FILE_BYTES,
        7, LogSettings.DEFAULT_TOTAL_SIZE_CAP_BYTES);
  }

  private static final QueryOutcome OK = new QueryOutcome.Success(Value.NullV.NULL, "", 123, new QueryOutcome.Stats(4, 2, 1, 0, 3, 0, 0, List.of()), 0);
  private static final QueryOutcome ABORT = new QueryOutcome.Failure(ErrorCode.ABORT, "no", List.of(), Value.NullV.NULL, "", 0,
      QueryOutcome.Stats.ZERO, 0);

  private static Map<String, Object> fields(ILoggingEvent e) {
    return e.getKeyValuePairs().stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value));
  }

  @Test
  void onlySlowQueriesWhenTheQueryLogIsOff() {
    QueryLog log = new QueryLog(settings(false, 100), "root");
    log.query("query", "root", "a=b", OK, 99_000_000L);
    assertThat(lines.list).isEmpty();
    log.query("query", "root", "a=b", ABORT, 100_000_000L);
    assertThat(lines.list).hasSize(1);
    ILoggingEvent slow = lines.list.get(0);
    assertThat(slow.getLevel().toString()).isEqualTo("WARN");
    assertThat(slow.getFormattedMessage()).isEqualTo("slow query");
    assertThat(fields(slow)).containsEntry("code", "abort").containsEntry("duration_ms", 100L).containsEntry("tags", "a=b");
  }

  @Test
  void everyQueryWithTheQueryLogOnAndSlowOffAtZero() {
    QueryLog log = new QueryLog(settings(true, 0), "root");
    log.query("query", "root:Child:server", "", OK, 5_000_000_000L);
    assertThat(lines.list).hasSize(1);
    ILoggingEvent line = lines.list.get(0);
    assertThat(line.getLevel().toString()).isEqualTo("INFO");
    assertThat(fields(line)).containsEntry("database", "root/Child").containsEntry("key", "root as server")
        .containsEntry("read_ops", 2L).containsEntry("write_ops", 1L).containsEntry("compute_ops", 4L)
        .containsEntry("contention_retries", 3L).containsEntry("txn_ts", 123L).containsEntry("code", "ok");
  }

  @Test
  void secretsThatAreNeitherRootNorKeysAreNotEchoed() {
    assertThat(QueryLog.Caller.of("hunter2", "root")).isEqualTo(new QueryLog.Caller("", "unknown"));
    assertThat(QueryLog.Caller.of("hunter2:Db:admin", "root")).isEqualTo(new QueryLog.Caller("", "unknown"));
    assertThat(QueryLog.Caller.of("eyJhbGciOi.x.y", "root")).isEqualTo(new QueryLog.Caller("", "jwt"));
    assertThat(QueryLog.Caller.of(null, "root")).isEqualTo(new QueryLog.Caller("", "none"));
  }
}
