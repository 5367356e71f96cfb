package io.faunus.model.fsl;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.fql.Source;
import io.faunus.fql.fsl.Fsl;
import io.faunus.fql.fsl.FslPrinter;
import io.faunus.fql.fsl.Item;
import io.faunus.model.codec.SimpleDecoder;
import io.faunus.model.value.Value.*;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefinitionMappingTest {
  static String resource(String name) {
    try (InputStream in = DefinitionMappingTest.class.getResourceAsStream("/fsl/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Item> items(String text) {
    return Fsl.parse(new Source("main.fsl", text)).items();
  }

  static String json(io.faunus.model.value.Value v) {
    try {
      java.io.StringWriter w = new java.io.StringWriter();
      try (var g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(w)) {
        io.faunus.model.codec.ValueEncoder.simple().write(g, v);
      }
      return w.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static io.faunus.model.value.Value decode(String json) {
    try {
      return SimpleDecoder.decode(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyFixtureItemSurvivesTheDocumentAndBack() {
    for (String name : new String[] {"shop.fsl", "everything.fsl"}) {
      for (Item item : items(resource(name))) {
        ObjectV doc = ToDefinition.of(item);
        Item back = FromDefinition.of(item.kind(), doc);
        assertThat(FslPrinter.print(back)).as(name + " " + item.name().text()).isEqualTo(FslPrinter.print(item));
        assertThat(ToDefinition.of(back)).as("document of " + item.name().text()).isEqualTo(doc);
      }
    }
  }

  @Test
  void collectionDocument() {
    ObjectV doc = ToDefinition.of(items("""
        @alias(Cust)
        collection Customer {
          tier: "free" | 'pro' = "free"
          address: { street: String, zip: String? }
          *: Any
          compute orders: Set<Order> = (c => Order.byCustomer(c))
          index byEmail { terms [.email]; values [desc(.ts), mva(.tags)] }
          index empty { terms []; values [.a] }
          unique [.email]
          check nonEmpty (doc => doc.name != "")
          ttl_days 7
          document_ttls true
          migrations { add .tier; backfill .tier = "free" }
        }""").get(0));
    assertThat(json(doc)).isEqualTo("""
        {"name":"Customer","alias":"Cust",\
        "fields":{"tier":{"signature":"\\"free\\" | \\"pro\\"","default":"\\"free\\""},\
        "address":{"signature":"{ street: String, zip: String? }"}},\
        "wildcard":"Any",\
        "computed_fields":{"orders":{"body":"(c) => Order.byCustomer(c)","signature":"Set<Order>"}},\
        "indexes":{"byEmail":{"terms":[{"field":".email","mva":false}],\
        "values":[{"field":".ts","order":"desc","mva":false},{"field":".tags","order":"asc","mva":true}]},\
        "empty":{"values":[{"field":".a","order":"asc","mva":false}]}},\
        "constraints":[{"unique":[{"field":".email","mva":false}]},\
        {"check":{"name":"nonEmpty","body":"(doc) => doc.name != \\"\\""}}],\
        "migrations":[{"add":{"field":".tier"}},{"backfill":{"field":".tier","value":"\\"free\\""}}],\
        "history_days":0,"ttl_days":7,"document_ttls":true}""");
  }

  @Test
  void functionDocuments() {
    List<Item> fns = items("""
        @alias(addOne) @role(server)
        function add1(x: Number): Number { x + 1 }
        function sum(a: Int, ...rest: Int): Int { rest.fold(a, (s, x) => s + x) }
        function checkout(orderId, status, ...rest) { orderId }""");
    assertThat(json(ToDefinition.of(fns.get(0)))).isEqualTo("""
        {"name":"add1","alias":"addOne","body":"(x) => {\\n  x + 1\\n}","signature":"(x: Number) => Number",\
        "role":"server"}""");
    assertThat(json(ToDefinition.of(fns.get(1)))).contains("\"signature\":\"(a: Int, rest: ...Int) => Int\"")
        .contains("\"body\":\"(a, ...rest) => {\\n  rest.fold(a, (s, x) => s + x)\\n}\"");
    assertThat(json(ToDefinition.of(fns.get(2)))).isEqualTo("""
        {"name":"checkout","body":"(orderId, status, ...rest) => {\\n  orderId\\n}"}""");
  }

  @Test
  void roleAndProviderDocuments() {
    List<Item> its = items("""
        role customer {
          privileges Product { read }
          privileges Order { read; create { predicate ((o) => o.ok) } }
          privileges Empty {}
          membership Customer { predicate (c => c.active) }
          membership Manager
        }
        access provider Auth0 { issuer "i"; jwks_uri "j"; role customer; role manager { predicate ((jwt) => true) } }""");
    assertThat(json(ToDefinition.of(its.get(0)))).isEqualTo("""
        {"name":"customer","privileges":[{"resource":"Product","actions":{"read":true}},\
        {"resource":"Order","actions":{"read":true,"create":"(o) => o.ok"}},{"resource":"Empty"}],\
        "membership":[{"resource":"Customer","predicate":"(c) => c.active"},{"resource":"Manager"}]}""");
    assertThat(json(ToDefinition.of(its.get(1)))).isEqualTo("""
        {"name":"Auth0","issuer":"i","jwks_uri":"j","roles":["customer",{"role":"manager","predicate":"(jwt) => true"}]}""");
  }

  @Test
  void definitionsMadeThroughFqlPrintAsFsl() {
    ObjectV coll = (ObjectV) decode("""
        {"name":"Book","indexes":{"byTitle":{"terms":[{"field":"title"}],"values":[{"field":"year","order":"desc"}],\
        "queryable":true,"status":"complete"}},"constraints":[{"unique":["isbn"],"status":"active"}],\
        "computed_fields":{"upper":{"body":"doc => doc.title.toUpperCase()"}},"history_days":3}""");
    assertThat(FslPrinter.print(FromDefinition.of(Item.Kind.COLLECTION, coll))).isEqualTo("""
        collection Book {
          compute upper = (doc) => doc.title.toUpperCase()

          index byTitle {
            terms [.title]
            values [desc(.year)]
          }

          unique [.isbn]

          history_days 3
        }""");
    ObjectV fn = (ObjectV) decode("""
        {"name":"double","body":"x => x * 2","signature":"(x: Int) => Int"}""");
    assertThat(FslPrinter.print(FromDefinition.of(Item.Kind.FUNCTION, fn))).isEqualTo("""
        function double(x: Int): Int {
          x * 2
        }""");
  }
}
