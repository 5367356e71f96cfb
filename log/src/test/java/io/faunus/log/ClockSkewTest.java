package io.faunus.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test-only skew file a harness writes to step a running node's clock (docs/verification.md, faults). */
class ClockSkewTest {
  @Test
  void theFileHoldsMillisecondsAndAMissingFileMeansNoSkew(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("n1.clock-skew-ms");
    assertThat(ClockSkew.read(f, 123)).isZero();
    Files.writeString(f, "-45000\n");
    assertThat(ClockSkew.read(f, 0)).isEqualTo(-45_000_000L);
    Files.writeString(f, "60000");
    assertThat(ClockSkew.read(f, 0)).isEqualTo(60_000_000L);
  }

  @Test
  void unreadableContentKeepsThePreviousSkew(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad");
    Files.writeString(f, "soon");
    assertThat(ClockSkew.read(f, 7_000)).isEqualTo(7_000);
  }

  @Test
  void withoutThePropertiesTheClockIsTheMachinesOwn() {
    assertThat(System.getProperty(ClockSkew.FILE_PROPERTY)).isNull();
    assertThat(ClockSkew.micros()).isZero();
  }
}
