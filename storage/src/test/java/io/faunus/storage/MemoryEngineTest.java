package io.faunus.storage;

import java.nio.file.Path;

class MemoryEngineTest extends EngineContractTest {
  @Override
  Engine open() {
    return MemoryEngine.create();
  }

  @Override
  Engine openCheckpoint(Path dir) {
    return MemoryEngine.open(dir);
  }
}
