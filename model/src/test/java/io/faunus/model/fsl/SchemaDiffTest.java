package io.faunus.model.fsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaDiffTest {
  static Map<String, String> files(String... nameThenContent) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenContent.length; i += 2) m.put(nameThenContent[i], nameThenContent[i + 1]);
    return m;
  }

  static String semantic(Map<String, String> a, Map<String, String> b) {
    return SchemaDiff.semantic(SchemaDiff.entries(FileSchema.parse(a), FileSchema.parse(b)), false);
  }

  @Test
  void layoutAndCommentsAreNoChange() {
    assertThat(semantic(files("main.fsl", "collection A { x: Int; index i { terms [.x] } }"),
        files("main.fsl", "// A\ncollection A {\n  x: Int // the x\n\n  index i {\n    terms [ .x ]\n  }\n}\n")))
        .isEmpty();
  }

  @Test
  void faunasExample() {
    assertThat(semantic(files("foo.fsl", "function double(x) { x * 2 }"),
        files("foo.fsl", "function double(x) { x + x }", "bar.fsl", "function incr(x) { x + 1 }")))
        .isEqualTo("* Adding function `incr` to bar.fsl:1:1\n\n* Modifying function `double` at foo.fsl:1:1:\n"
            + "  ~ change body\n\n");
  }

  @Test
  void entriesAreOrderedAndDetailed() {
    String diff = semantic(files("main.fsl", """
        collection B { x: Int; y: String; index byX { terms [.x] }; unique [.x] }
        role r {}
        function f(a) { a }
        """), files("main.fsl", """
        role q {}
        collection B {
          x: Int
          z: Boolean?
          index byX { terms [.x]; values [.z] }
          check ok ((b) => true)
          history_days 3
        }
        collection A {}
        """));
    assertThat(diff).isEqualTo("""
        * Adding collection `A` to main.fsl:9:1

        * Adding role `q` to main.fsl:1:1

        * Removing function `f` from main.fsl:3:1

        * Removing role `r` from main.fsl:2:1

        * Modifying collection `B` at main.fsl:2:1:
          * Defined fields:
          + add field `.z`
          - drop field `.y`

          * Indexes:
          ~ change index `byX`

          * Constraints:
          + add check constraint `ok`
          - remove unique constraint on [.x]

          * Configuration:
          + add history_days set to 3

        """);
    assertThat(SchemaDiff.summary(SchemaDiff.entries(FileSchema.parse(files("main.fsl", "role r {}")),
        FileSchema.parse(files("other.fsl", "role r {}"))), false))
        .isEqualTo("* Modifying role `r` at other.fsl:1:1 (previously defined at main.fsl:1:1)\n");
  }

  @Test
  void textualHunks() {
    String before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n";
    String after = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nM\n";
    assertThat(TextDiff.of(files("x.fsl", before), files("x.fsl", after, "y.fsl", "new\n"), false)).isEqualTo("""
        x.fsl
        @ line 1 to 5
          a
        - b
        + B
          c
          d
          e
        @ line 10 to 13
          j
          k
          l
        - m
        + M

        y.fsl
        @ line 1 to 1
        + new
        """);
    assertThat(TextDiff.of(files("x.fsl", before), files("x.fsl", before), false)).isEmpty();
  }
}
