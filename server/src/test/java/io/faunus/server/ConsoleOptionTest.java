package io.faunus.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --console} / {@code --no-console}, and the default that depends on --host. */
class ConsoleOptionTest {

  private static Main.Start parse(String... args) {
    Main.Start start = new Main.Start();
    new CommandLine(start).parseArgs(args);
    return start;
  }

  @Test
  void onlyLoopbackHostsServeTheConsoleByDefault() {
    assertThat(Main.Start.consoleByDefault("localhost")).isTrue();
    assertThat(Main.Start.consoleByDefault("127.0.0.1")).isTrue();
    assertThat(Main.Start.consoleByDefault("::1")).isTrue();
    assertThat(Main.Start.consoleByDefault("0.0.0.0")).isFalse();
    assertThat(Main.Start.consoleByDefault("10.0.0.5")).isFalse();
  }

  @Test
  void theFlagsOverrideTheDefault() {
    assertThat(parse().console).isNull();
    assertThat(parse("--console").console).isTrue();
    assertThat(parse("--no-console").console).isFalse();
  }
}
