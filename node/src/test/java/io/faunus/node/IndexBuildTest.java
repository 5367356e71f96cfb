package io.faunus.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IndexBuildTest {
  @Test
  void smallCollectionsIndexInTheDefiningTransaction() throws Exception {
    try (FqlNode n = new FqlNode()) {
      n.data("Collection.create({ name: \"Small\" })");
      n.data("Set.sequence(0, 100).forEach(i => Small.create({ k: i % 10 }))");
      n.data("Small.definition.update({ indexes: { byK: { terms: [{ field: \"k\" }] } } })");
      assertThat(FqlNode.str(n.data("Small.definition.indexes.byK.status"))).isEqualTo("complete");
      assertThat(FqlNode.num(n.data("Small.byK(3).count()"))).isEqualTo(10);
    }
  }

  @Test
  void largeCollectionsBuildInTheBackgroundAndSeeConcurrentWrites() throws Exception {
    try (FqlNode n = new FqlNode()) {
      n.data("Collection.create({ name: \"Big\" })");
      n.data("Set.sequence(0, 1500).forEach(i => Big.create({ k: i % 10 }))");
      n.data("Big.definition.update({ indexes: { byK: { terms: [{ field: \"k\" }] } } })");
      // Until complete the index answers invalid_index_invocation; writes meanwhile are indexed too.
      String first = n.outcome(FqlNode.ROOT, "Big.byK(3).count()");
      assertThat(first).isIn("ok", "invalid_index_invocation");
      n.data("Big.where(.k == 4).first()!.update({ k: 3 })");
      n.data("Big.create({ k: 3 })");
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!FqlNode.str(n.data("Big.definition.indexes.byK.status")).equals("complete")) {
        assertThat(System.nanoTime()).as("build finishes").isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(FqlNode.num(n.data("Big.byK(3).count()"))).isEqualTo(152);
      assertThat(FqlNode.num(n.data("Big.byK(4).count()"))).isEqualTo(149);
      assertThat(FqlNode.num(n.data("Big.byK(3).count()")))
          .isEqualTo(FqlNode.num(n.data("Big.where(.k == 3).count()")));
    }
  }
}
