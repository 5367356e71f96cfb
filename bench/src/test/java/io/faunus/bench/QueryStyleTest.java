package io.faunus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three ways {@code ./faunus bench} sends a workload's keys, as JSON on the wire. */
class QueryStyleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORDER = "placeOrder($customer, $lines).id";

  private static Map<String, Object> orderValues() {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("product", "p\"1");
    line.put("quantity", 1);
    return Map.of("customer", "c7", "lines", List.of(line));
  }

  private static String wire(QueryStyle.Query q) throws Exception {
    return JSON.writeValueAsString(q.query()) + " " + JSON.writeValueAsString(q.arguments());
  }

  @Test
  void templateSendsTheTextAsFragmentsAndEachValueAsThePartTheJsDriverWouldSend() throws Exception {
    assertThat(wire(QueryStyle.TEMPLATE.query(ORDER, orderValues()))).isEqualTo(
        "{\"fql\":[\"placeOrder(\",{\"value\":\"c7\"},\", \",{\"array\":[{\"object\":{\"product\":{\"value\":\"p\\\"1\"},"
            + "\"quantity\":{\"value\":{\"@int\":\"1\"}}}}]},\").id\"]} {}");
    assertThat(wire(QueryStyle.TEMPLATE.query("Bench.byK($k).first()!.v", Map.of("k", 5))))
        .as("a placeholder at the end leaves an empty last fragment, as a JS template literal does")
        .isEqualTo("{\"fql\":[\"Bench.byK(\",{\"value\":{\"@int\":\"5\"}},\").first()!.v\"]} {}");
  }

  @Test
  void argsSendsOneTextAndTaggedArgumentsLiteralWritesTheValuesIntoTheText() throws Exception {
    assertThat(wire(QueryStyle.ARGS.query(ORDER, orderValues()))).isEqualTo(
        "\"placeOrder(customer, lines).id\" {\"customer\":\"c7\",\"lines\":[{\"product\":\"p\\\"1\","
            + "\"quantity\":{\"@int\":\"1\"}}]}");
    assertThat(wire(QueryStyle.LITERAL.query(ORDER, orderValues())))
        .isEqualTo("\"placeOrder(\\\"c7\\\", [{ product: \\\"p\\\\\\\"1\\\", quantity: 1 }]).id\" {}");
  }

  @Test
  void everyStyleButLiteralAsksForTheTaggedFormatAndAMissingValueIsAnError() {
    assertThat(QueryStyle.TEMPLATE.headers()).containsExactly("x-format: tagged");
    assertThat(QueryStyle.ARGS.headers()).containsExactly("x-format: tagged");
    assertThat(QueryStyle.LITERAL.headers()).isEmpty();
    for (QueryStyle s : QueryStyle.values()) {
      assertThat(QueryStyle.parse(s.toString())).isEqualTo(s);
      assertThatThrownBy(() -> s.query(ORDER, Map.of("customer", "c7")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no value for $lines");
    }
    assertThatThrownBy(() -> QueryStyle.parse("prepared")).hasMessageContaining("template, args or literal");
  }
}
