package io.faunus.fql.fsl;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.fql.Source;
import io.faunus.fql.fsl.CollectionItem.Check;
import io.faunus.fql.fsl.CollectionItem.Unique;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FslParserTest {
  static String resource(String name) {
    try (InputStream in = FslParserTest.class.getResourceAsStream("/fsl/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static FslFile parse(String name, String text) {
    return Fsl.parse(new Source(name, text));
  }

  @Test
  void shopSchemaParses() {
    FslFile f = parse("shop.fsl", resource("shop.fsl"));
    assertThat(f.items()).extracting(i -> i.kind() + " " + i.name().text()).containsExactly(
        "COLLECTION Buyer", "COLLECTION Item", "COLLECTION Shelf", "COLLECTION Purchase", "COLLECTION Line",
        "FUNCTION addToBasket", "FUNCTION checkout");
    CollectionItem buyer = (CollectionItem) f.items().get(0);
    assertThat(buyer.fields()).extracting(x -> x.name().text() + ": " + x.type().display()).containsExactly(
        "name: String", "email: String", "address: { street: String, city: String, zip: String }");
    assertThat(buyer.computed()).extracting(c -> c.name().text() + ": " + c.type().display() + " = " + c.body().text())
        .containsExactly("basket: Purchase? = (buyer) => Purchase.byBuyerAndState(buyer, \"basket\").first()",
            "purchases: Set<Purchase> = (buyer) => Purchase.byBuyer(buyer)");
    assertThat(buyer.indexes().get(0).terms()).extracting(t -> t.path().text()).containsExactly(".email");
    assertThat(buyer.indexes().get(0).values()).isNull();
    assertThat(buyer.constraints()).singleElement().isInstanceOf(Unique.class);

    CollectionItem purchase = (CollectionItem) f.items().get(3);
    assertThat(purchase.fields()).extracting(x -> x.type().display()).containsExactly(
        "Ref<Buyer>", "\"basket\" | \"paid\" | \"shipped\"", "Time", "{ *: Any }");
    assertThat(purchase.indexes().get(0).values()).extracting(v -> v.path().text() + (v.desc() ? " desc" : ""))
        .containsExactly(".createdAt desc", ".state");
    assertThat(purchase.computed().get(1).body().text()).isEqualTo("""
        (p) => p.lines.fold(0, (sum, line) => {
          let line: Any = line
          if (line.item != null) {
            sum + line.item.price * line.quantity
          } else {
            sum
          }
        })""");
    Check check = (Check) purchase.constraints().get(0);
    assertThat(check.body().text()).isEqualTo("(p) => {\n  Purchase.byBuyerAndState(p.buyer, \"basket\").count() <= 1\n}");

    FunctionItem checkout = (FunctionItem) f.items().get(6);
    assertThat(checkout.role().text()).isEqualTo("server");
    assertThat(checkout.params()).extracting(p -> p.name().text()).containsExactly("purchaseId", "state", "payment");
    assertThat(checkout.typed()).isFalse();
  }

  @Test
  void spansPointIntoTheFile() {
    String text = resource("shop.fsl");
    FslFile f = parse("shop.fsl", text);
    CollectionItem item = (CollectionItem) f.items().get(1);
    assertThat(f.source().slice(item.name().span())).isEqualTo("Item");
    assertThat(f.source().slice(item.span())).startsWith("collection Item {").endsWith("}");
    Check c = (Check) item.constraints().get(2);
    assertThat(f.source().slice(c.span())).isEqualTo("check priceIsValid (item => item.price > 0)");
    assertThat(f.source().slice(c.body().expr().span())).isEqualTo("item => item.price > 0");
    FunctionItem fn = (FunctionItem) f.items().get(6);
    assertThat(f.source().slice(fn.span())).startsWith("@role(server)\nfunction checkout(");
  }

  @Test
  void everyConstruct() {
    FslFile f = parse("everything.fsl", resource("everything.fsl"));
    CollectionItem c = (CollectionItem) f.items().get(0);
    assertThat(c.alias().text()).isEqualTo("Cust");
    assertThat(c.fields()).extracting(x -> x.name().text() + ": " + x.type().display()
        + (x.defaultValue() == null ? "" : " = " + x.defaultValue().text())).containsExactly(
        "name: String", "tier: \"free\" | \"pro\" = \"free\"", "nick: String?", "tags: Array<String> = []",
        "pair: [Int, String]?", "score: Number = 0.50",
        "address: { street: String, zip: String?, country: String = \"US\" }", "owner: Ref<Customer> | Null",
        "index: Int?");
    assertThat(c.wildcard().type().display()).isEqualTo("Any");
    assertThat(c.computed()).extracting(x -> x.body().text())
        .containsExactly("(c) => Order.byCustomer(c)", "(doc) => doc.name.toUpperCase()");
    CollectionItem.Index byCity = c.indexes().get(1);
    assertThat(byCity.terms()).extracting(t -> t.path().text() + (t.mva() ? " mva" : ""))
        .containsExactly(".address.city mva", ".[\"odd name\"]");
    assertThat(byCity.values()).extracting(v -> v.path().text() + (v.desc() ? " desc" : "") + (v.mva() ? " mva" : ""))
        .containsExactly(".x desc mva", ".y desc mva", ".z", ".a[0]");
    assertThat(c.constraints()).hasSize(3);
    assertThat(c.historyDays().value()).isEqualTo(30L);
    assertThat(c.ttlDays().value()).isEqualTo(7L);
    assertThat(c.documentTtls().value()).isTrue();
    assertThat(c.migrations().statements()).extracting(FslPrinter::migration).containsExactly("add .tier",
        "backfill .tier = \"free\"", "drop .old", "split .a -> .a, .b", "move .c -> .d",
        "move_conflicts .conflicts", "move_wildcard .rest", "add_wildcard");

    assertThat(f.items().get(1).name().text()).isEqualTo("0Legacy$");
    FunctionItem add1 = (FunctionItem) f.items().get(2);
    assertThat(add1.alias().text()).isEqualTo("addOne");
    assertThat(add1.role().text()).isEqualTo("server");
    assertThat(add1.typed()).isTrue();
    FunctionItem sum = (FunctionItem) f.items().get(3);
    assertThat(sum.params().get(1).variadic()).isTrue();

    RoleItem role = (RoleItem) f.items().get(5);
    assertThat(role.privileges()).extracting(p -> p.resource().text() + " " + p.actions().stream()
        .map(a -> a.name() + (a.predicate() == null ? "" : "?")).toList())
        .containsExactly("Product [read]", "Order [read, create?, write?]", "checkout [call]");
    assertThat(role.membership()).extracting(m -> m.resource().text() + (m.predicate() == null ? "" : "?"))
        .containsExactly("Customer?", "Manager");

    AccessProviderItem ap = (AccessProviderItem) f.items().get(6);
    assertThat(ap.issuer()).isEqualTo("https://example.auth0.com/");
    assertThat(ap.roles()).extracting(r -> r.role().text()).containsExactly("customer", "manager");
  }

  @Test
  void separatorsAndCommentsAnywhere() {
    FslFile f = parse("a.fsl", """
        /* block */ collection A { x: Int; y: String } ; collection B {
          // only a comment
        }
        function f() { 1 } role r {}
        """.replace("} role", "}\nrole"));
    assertThat(f.items()).extracting(i -> i.name().text()).containsExactly("A", "B", "f", "r");
    assertThat(((CollectionItem) f.items().get(0)).fields()).hasSize(2);
  }

  @Test
  void keywordsAreFieldNamesBeforeAColon() {
    CollectionItem c = (CollectionItem) parse("a.fsl", """
        collection A {
          index: Int
          compute: String
          privileges: Int
          function: Int
        }""").items().get(0);
    assertThat(c.fields()).extracting(x -> x.name().text()).containsExactly("index", "compute", "privileges", "function");
    assertThat(c.indexes()).isEmpty();
  }

  @Test
  void typesDisplayCanonically() {
    for (String[] t : List.of(
        new String[] {"String|Int", "String | Int"},
        new String[] {"(String | Int)?", "(String | Int)?"},
        new String[] {"String?|Null", "String? | Null"},
        new String[] {"A & B | C", "A & B | C"},
        new String[] {"A & (B | C)", "A & (B | C)"},
        new String[] {"(Int, String)", "[Int, String]"},
        new String[] {"[ Int ,String, ]", "[Int, String]"},
        new String[] {"{a:String,b:Int?,*:Any}", "{ a: String, b: Int?, *: Any }"},
        new String[] {"{}", "{}"},
        new String[] {"{ \"odd key\": Int }", "{ \"odd key\": Int }"},
        new String[] {"'a' | \"b\" | 1 | true", "\"a\" | \"b\" | 1 | true"},
        new String[] {"Number => Number", "Number => Number"},
        new String[] {"(x: Number) => Number", "(x: Number) => Number"},
        new String[] {"(a: Int, b: ...Int) => Int", "(a: Int, b: ...Int) => Int"},
        new String[] {"(A, B) => C", "(A, B) => C"},
        new String[] {"() => Null", "() => Null"},
        new String[] {"(A => B) | C", "(A => B) | C"},
        new String[] {"A => B => C", "A => B => C"},
        new String[] {"(A => B) => C", "(A => B) => C"},
        new String[] {"Set< Ref<Order> >", "Set<Ref<Order>>"},
        new String[] {"Array<{ a: [Int, String?] }>", "Array<{ a: [Int, String?] }>"})) {
      FslType type = Fsl.parseType(new Source("*sig*", t[0]));
      assertThat(type.display()).as(t[0]).isEqualTo(t[1]);
      assertThat(Fsl.parseType(new Source("*sig*", type.display())).display()).as("reparse " + t[0]).isEqualTo(t[1]);
    }
  }
}
