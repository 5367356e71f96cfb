package io.faunus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryOutcome.Stats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stats as Fauna reports them (stats-metering §2): what a query is billed for, and its time. */
class StatsTest {
  final FqlNode fql = new FqlNode();

  @AfterEach
  void close() {
    fql.close();
  }

  Stats stats(String query) {
    return switch (fql.run(FqlNode.ROOT, query)) {
      case QueryOutcome.Success s -> s.stats();
      case QueryOutcome.Failure f -> f.stats();
      case QueryOutcome.ProtocolError p -> throw new AssertionError(p.toString());
    };
  }

  @Test
  void aQueryThatTouchesNoDocumentReadsNothingEvenWithASchema() {
    fql.data("Collection.create({ name: 'Books' }); Function.create({ name: 'double', body: 'x => x * 2' }); 1");
    for (String q : new String[] {"\"taco\".length", "1 + 1", "double(2)", "Books.toString()", "{ bad: 'x' ]"}) {
      Stats s = stats(q);
      assertThat(s.readOps()).as(q).isZero();
      assertThat(s.storageBytesRead()).as(q).isZero();
      assertThat(s.computeOps()).as(q).isGreaterThanOrEqualTo(1);
      assertThat(s.queryTimeMs()).as("a query that ran reports at least 1 ms: %s", q).isGreaterThanOrEqualTo(1);
    }
    fql.data("Books.create({ id: '1', title: 'x' }); 1");
    Stats read = stats("Books.byId('1')!.title");
    assertThat(read.readOps()).isPositive();
    assertThat(read.storageBytesRead()).isPositive();
  }
}
