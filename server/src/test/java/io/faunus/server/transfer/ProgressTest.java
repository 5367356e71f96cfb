package io.faunus.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTest {
  @TempDir
  Path dir;

  @Test
  void plainOutputIsOneLinePerStepNotCarriageReturns() {
    var out = new ByteArrayOutputStream();
    var bar = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8), false).bar("Books", 10, "documents");
    bar.advance(4); // the first advance draws (nothing drawn yet)
    bar.advance(6); // within PLAIN_EVERY_MS: not drawn
    bar.done();
    // (a stall of PLAIN_EVERY_MS between the advances would add a line between these two, nothing else)
    var lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0)).isEqualTo("faunus: Books: 4/10 documents");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("faunus: Books: 10/10 documents, done");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
  }

  @Test
  void aTerminalGetsABarRedrawnInPlace() {
    var out = new ByteArrayOutputStream();
    var bar = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8), true).bar("backup", 200, "bytes");
    bar.advance(100);
    bar.advance(100); // within REDRAW_EVERY_MS: drawn by done()
    bar.done();
    String s = out.toString(StandardCharsets.UTF_8);
    assertThat(s).startsWith("\rbackup [" + "#".repeat(15) + " ".repeat(15) + "]  50% 100/200 bytes");
    assertThat(s).endsWith("\rbackup [" + "#".repeat(30) + "] 100% 200/200 bytes\n");
    assertThat(s).doesNotContain("\n\r");
  }

  @Test
  void importProgressBelongsToOneTargetAndOneExport() throws Exception {
    Path file = dir.resolve("p.json");
    ImportProgress p = ImportProgress.start("http://a database X", 17).withSchemaDone().with("Books", 300);
    p.save(file);
    assertThat(ImportProgress.load(file, "http://a database X", 17)).isEqualTo(p);
    assertThat(ImportProgress.load(file, "http://a database X", 17).done("Books")).isEqualTo(300);
    assertThat(ImportProgress.load(dir.resolve("none.json"), "t", 1)).isEqualTo(new ImportProgress("t", 1, false, Map.of()));
    assertThatThrownBy(() -> ImportProgress.load(file, "http://b", 17)).hasMessageContaining("another");
    assertThatThrownBy(() -> ImportProgress.load(file, "http://a database X", 18)).hasMessageContaining("another");
  }
}
