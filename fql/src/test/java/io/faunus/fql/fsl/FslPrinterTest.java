package io.faunus.fql.fsl;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.fql.Source;
import org.junit.jupiter.api.Test;

class FslPrinterTest {
  static String canonical(String text) {
    return FslPrinter.print(Fsl.parse(new Source("a.fsl", text)).items());
  }

  @Test
  void roundTripsEveryFixture() {
    for (String name : new String[] {"shop.fsl", "everything.fsl"}) {
      String once = canonical(FslParserTest.resource(name));
      assertThat(canonical(once)).as(name).isEqualTo(once);
    }
  }

  @Test
  void collectionLayout() {
    assertThat(canonical("""
        @alias(Cust) collection Customer { tier: "free"|"pro"="free"; name:String
          *: Any
          check ok ((d) => d.name != "")
          unique [.name]
          index byName { values [desc(.name)]; terms [ .tier ] }
          compute upper: String = (d => d.name.toUpperCase())
          history_days 3
          migrations { add .tier; backfill .tier = "free" }
        }""")).isEqualTo("""
        @alias(Cust)
        collection Customer {
          tier: "free" | "pro" = "free"
          name: String
          *: Any

          compute upper: String = (d) => d.name.toUpperCase()

          index byName {
            terms [.tier]
            values [desc(.name)]
          }

          check ok ((d) => d.name != "")
          unique [.name]

          history_days 3

          migrations {
            add .tier
            backfill .tier = "free"
          }
        }
        """);
  }

  @Test
  void functionRoleAndProviderLayout() {
    assertThat(canonical("""
        @role(server) @alias(addOne)
        function add1(x: Number): Number { x + 1 }
        function f(a, b) { let c = { a: a, "b c": [b, -1] }; if (a) c else { x: 1 } }
        role r { privileges C { read; create { predicate ((d) => d.ok) } }; membership U }
        access provider P { jwks_uri "j"; issuer "i"; role r { predicate ((jwt) => true) } }""")).isEqualTo("""
        @alias(addOne)
        @role(server)
        function add1(x: Number): Number {
          x + 1
        }

        function f(a, b) {
          let c = { a: a, "b c": [b, -1] }
          if (a) c else { x: 1 }
        }

        role r {
          privileges C {
            read
            create {
              predicate ((d) => d.ok)
            }
          }
          membership U
        }

        access provider P {
          issuer "i"
          jwks_uri "j"
          role r {
            predicate ((jwt) => true)
          }
        }
        """);
  }

  @Test
  void expressionsKeepTheirMeaning() {
    // Precedence the source expressed with parentheses must survive printing.
    assertThat(canonical("function f(a, b) { (a + b) * 2 - -a ** 2 ** (b) }")).contains("(a + b) * 2 - -a ** 2 ** b");
    assertThat(canonical("function f(a) { (x => x)(a)?.b!.c[0] }")).contains("((x) => x)(a)?.b!.c[0]");
    assertThat(canonical("function f(a) { a.map(.name) { id, b { c }, d: .e } }"))
        .contains("a.map(.name) { id, b { c }, d: .e }");
    assertThat(canonical("function f(a) { \"x #{a} \\#{not} \\\"q\\\"\" }")).contains("\"x #{a} \\#{not} \\\"q\\\"\"");
    assertThat(canonical("function f(a) { if (a) (if (a) 1) else 2 }")).contains("if (a) (if (a) 1) else 2");
    assertThat(canonical("function f(...rest) { at (Time.now()) rest }")).contains("function f(...rest) {\n  at (Time.now()) rest\n}");
  }
}
