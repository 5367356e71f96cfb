package io.faunus.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
  @TempDir
  Path dir;

  @Test
  void namesCannotLeaveTheDirectory() {
    for (String bad : List.of("", ".", "..", "../CURRENT", "a/b", "a\\b", "x\0y")) {
      assertThatThrownBy(() -> new Manifest.FileEntry(bad, 1, "00")).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(new Manifest.FileEntry("000012.sst", 5, "ab").name()).isEqualTo("000012.sst");
    assertThatThrownBy(() -> new Manifest.FileEntry("CURRENT", -1, "ab")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describesFilesAndRoundTripsThroughItsFile() throws Exception {
    Path store = Files.createDirectories(dir.resolve("store"));
    Files.writeString(store.resolve("CURRENT"), "MANIFEST-000005\n");
    Files.write(store.resolve("empty"), new byte[0]);
    List<Manifest.FileEntry> files = Manifest.describe(store);
    assertThat(files).extracting(Manifest.FileEntry::name).containsExactly("CURRENT", "empty");
    assertThat(files.get(0).bytes()).isEqualTo(16);
    // SHA-256 of the empty input.
    assertThat(files.get(1).sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    Manifest m = new Manifest(Manifest.FORMAT, "b1", "single", "single", 42, 1_700_000_000_000_000L, "d1g", files);
    m.write(dir);
    assertThat(Manifest.read(dir)).isEqualTo(m);
    assertThat(m.totalBytes()).isEqualTo(16);
  }

  @Test
  void aStoreWithADirectoryIsRefused() throws Exception {
    Files.createDirectories(dir.resolve("store/sub"));
    assertThatThrownBy(() -> Manifest.describe(dir.resolve("store"))).hasMessageContaining("non-file");
    assertThatThrownBy(() -> Manifest.read(dir)).hasMessageContaining("did not finish");
  }
}
