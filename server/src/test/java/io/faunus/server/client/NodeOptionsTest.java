package io.faunus.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faunus.server.Main;
import io.faunus.server.config.ConfigSources;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The one declaration of --url, --secret and --database that every client command uses. */
class NodeOptionsTest {

  @Test
  void aClientSecretWinsThenTheRootSecretThenTheLocalDefault() {
    assertThat(NodeOptions.secretFrom(Map.of("FAUNUS_SECRET", "client", "FAUNUS_ROOT_SECRET", "root"))).isEqualTo("client");
    assertThat(NodeOptions.secretFrom(Map.of("FAUNUS_ROOT_SECRET", "root"))).isEqualTo("root");
    assertThat(NodeOptions.secretFrom(Map.of())).isEqualTo("secret");
    assertThat(NodeOptions.urlFrom(Map.of("FAUNUS_URL", "http://db:9000"))).isEqualTo("http://db:9000");
    assertThat(NodeOptions.urlFrom(Map.of())).isEqualTo("http://localhost:8443");
  }

  @Test
  void urlsAreCheckedAndLoseTrailingSlashes() {
    assertThat(NodeOptions.checkedUrl("http://127.0.0.1:8443//")).isEqualTo("http://127.0.0.1:8443");
    assertThatThrownBy(() -> NodeOptions.checkedUrl("localhost:8443")).hasMessageContaining("--url must look like");
    assertThatThrownBy(() -> NodeOptions.checkedUrl("http://bad host")).hasMessageContaining("--url is not a URL");
  }

  @Test
  void databaseScopesTheSecretOnceForEveryCommand() {
    assertThat(DatabaseOptions.scoped("s", null)).isEqualTo("s");
    assertThat(DatabaseOptions.scoped("s", "app/eu")).isEqualTo("s:app/eu:admin");
    assertThatThrownBy(() -> DatabaseOptions.scoped("s:app:admin", "eu")).hasMessageContaining("already scoped");
    assertThatThrownBy(() -> DatabaseOptions.scoped("s", "a:b")).hasMessageContaining("--database must be");
  }

  @Test
  void queryAndExportParseTheSameOptions() {
    for (String command : new String[] {"query", "export"}) {
      String[] args = command.equals("query")
          ? new String[] {command, "--url", "http://h:1/", "--secret", "k", "--database", "app", "1"}
          : new String[] {command, "--url", "http://h:1/", "--secret", "k", "--database", "app", "--to", "/tmp/x"};
      CommandLine.ParseResult r = Main.commandLine(ConfigSources.NONE).parseArgs(args);
      DatabaseOptions where = find(r.subcommand().commandSpec());
      assertThat(where.url()).as(command).isEqualTo("http://h:1");
      assertThat(where.secret()).as(command).isEqualTo("k:app:admin");
      assertThat(where.describe()).as(command).isEqualTo("http://h:1 database app");
    }
  }

  @Test
  void everyClientCommandsHelpNamesBothVariables() {
    for (String command : new String[] {"shell", "query", "export", "import", "backup", "admin"}) {
      StringWriter help = new StringWriter();
      Main.commandLine(ConfigSources.NONE).getSubcommands().get(command).usage(new PrintWriter(help));
      assertThat(help.toString()).as(command).contains("FAUNUS_URL", "FAUNUS_SECRET", "FAUNUS_ROOT_SECRET", "--secret:");
    }
  }

  private static DatabaseOptions find(CommandLine.Model.CommandSpec spec) {
    for (CommandLine.Model.CommandSpec m : spec.mixins().values()) {
      if (m.userObject() instanceof DatabaseOptions d) return d;
      if (m.userObject() instanceof ClientOptions c) return c.where;
    }
    throw new AssertionError("no DatabaseOptions in " + spec.name());
  }
}
