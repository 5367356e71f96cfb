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

  /** The driver suites' and FaunaDB core's figures (stats-metering §6, §7). */
  @Test
  void readOpsCountDocumentsAndSetPagesAsFaunaDoes() {
    fql.data("Collection.create({ name: 'Author', indexes: { byChar: { terms: [{ field: '.c' }] }, "
        + "all2: { values: [{ field: '.n' }] } } }); 1");
    fql.data("Author.create({ c: 'a', n: 1 }); Author.create({ c: 'b', n: 2 }); 1");
    assertThat(stats("Author.all().toArray()").readOps()).as("J1: page(8) + 2 documents").isEqualTo(10);
    assertThat(stats("Author.all().toArray()\nabort(null)").readOps()).as("J2: the page only").isEqualTo(8);
    assertThat(stats("Author.byChar('a').first()").readOps()).as("terms index page 1 + document 1").isEqualTo(2);
    assertThat(stats("Author.byChar('z').first()").readOps()).as("an empty page still costs 1").isEqualTo(1);
    assertThat(stats("Author.all().map(.id).paginate()").readOps()).as(".id reads no document").isEqualTo(8);
    assertThat(stats("Author.all2().map(.id).toArray()").readOps()).as("a term-less index: 8 partitions")
        .isEqualTo(8);
    long id = ((io.faunus.model.value.Value.IdV) fql.data("Author.all().first()!.id")).value();
    assertThat(stats("[1, 2, 3].map(_ => Author.byId('" + id + "')!.n)").readOps()).as("one read per document")
        .isEqualTo(1);
    assertThat(stats("Author.byId('1')!").readOps()).as("a missing document costs its key").isEqualTo(1);
    assertThat(stats("let d = Author.create({ c: 'c' }); d.c").readOps()).as("its own writes are free").isZero();
  }

  /** Write ops per document (stats-metering §2.3): its version and index entries together, 1 per KiB. */
  @Test
  void writeOpsCountDocumentsAsFaunaDoes() {
    fql.data("Collection.create({ name: 'Writer', indexes: { byA: { terms: [{ field: '.a' }] }, "
        + "byB: { terms: [{ field: '.b' }], values: [{ field: '.a' }] } } }); 1");
    assertThat(stats("Writer.create({ a: 1, b: 2 }); 1").writeOps()).as("a small document and 2 entries").isEqualTo(1);
    assertThat(stats("Writer.create({ a: 1 }); Writer.create({ a: 2 }); 1").writeOps()).as("two documents").isEqualTo(2);
    assertThat(stats("let d = Writer.create({ a: 1 }); d.update({ a: 2 }); d.update({ a: 3 }); 1").writeOps())
        .as("updates of one document in a query are one version").isEqualTo(1);
    assertThat(stats("Writer.create({ c: '" + "x".repeat(3000) + "' }); 1").writeOps()).as("3 KiB").isEqualTo(3);
    assertThat(stats("Writer.all().count()").writeOps()).as("a read").isZero();
    assertThat(stats("Writer.create({ a: 1 }); abort(0)").writeOps()).as("a failure").isZero();
  }

  @Test
  void pagesOfFiftyDocumentsCostWhatTheJvmDriverExpects() {
    fql.data("Collection.create({ name: 'Product' }); 1");
    fql.data("Set.sequence(0, 50).forEach(i => Product.create({ i: i })); 1");
    QueryOutcome.Success first = (QueryOutcome.Success) fql.run(FqlNode.ROOT, "Product.all()");
    long total = first.stats().readOps();
    String after = ((io.faunus.model.value.Value.MatSetV) first.data()).after();
    while (after != null) {
      QueryOutcome.Success next = (QueryOutcome.Success) fql.run(FqlNode.ROOT, "Set.paginate('" + after + "')");
      total += next.stats().readOps();
      var obj = (io.faunus.model.value.Value.ObjectV) next.data();
      after = obj.get("after") instanceof io.faunus.model.value.Value.StrV s ? s.value() : null;
    }
    assertThat(total).as("J3: pages of 16/16/16/2, each page(8) + its documents").isEqualTo(82);
  }
}
