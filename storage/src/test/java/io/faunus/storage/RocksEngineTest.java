package io.faunus.storage;

import java.nio.file.Path;

class RocksEngineTest extends EngineContractTest {
  @Override
  Engine open() {
    return RocksEngine.open(temp.resolve("db"));
  }

  @Override
  Engine openCheckpoint(Path dir) {
    return RocksEngine.open(dir);
  }
}
