package io.faunus.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.server.config.ConfigSources;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code faunus admin} takes --url and --secret before or after its subcommand (they are inherited). */
class AdminOptionsTest {
  @Test
  void urlAndSecretAreTakenOnEitherSideOfTheSubcommand() {
    for (String[] args : new String[][] {
        {"admin", "--url", "http://h:1", "--secret", "k", "status"},
        {"admin", "status", "--url", "http://h:1", "--secret", "k"}}) {
      CommandLine.ParseResult r = Main.commandLine(ConfigSources.NONE).parseArgs(args);
      AdminCommand admin = (AdminCommand) r.subcommand().commandSpec().userObject();
      assertThat(admin.node.url()).isEqualTo("http://h:1");
      assertThat(admin.node.secret()).isEqualTo("k");
    }
  }
}
