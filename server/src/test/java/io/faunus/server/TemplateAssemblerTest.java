package io.faunus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faunus.model.query.QueryRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateAssemblerTest {

  private static TemplateAssembler.Assembled assemble(String queryJson) throws BadRequest {
    JsonBody body = JsonBody.parse(("{\"query\":" + queryJson + "}").getBytes(StandardCharsets.UTF_8));
    return TemplateAssembler.assemble(body.root().get("query"), body.duplicateKeys());
  }

  private static String ph(int i) {
    return QueryRequest.PLACEHOLDER + i + ">";
  }

  private static List<String> values(TemplateAssembler.Assembled a) {
    return a.values().stream().map(Object::toString).toList();
  }

  @Test
  void plainStringIsSourceAsIs() throws Exception {
    assertThat(assemble("\"1 + 1\"").source()).isEqualTo("1 + 1");
  }

  @Test
  void literalPartsAndValues() throws Exception {
    var a = assemble("{\"fql\":[\"let x = \",{\"value\":{\"@int\":\"1\"}},\"\\nx + \",{\"value\":\"s\"}]}");
    assertThat(a.source()).isEqualTo("let x = " + ph(0) + "\nx + " + ph(1));
    assertThat(values(a)).containsExactly("{\"@int\":\"1\"}", "\"s\"");
  }

  @Test
  void nestedFqlIsSplicedWithoutParens() throws Exception {
    var a = assemble("{\"fql\":[\"1 + \",{\"fql\":[\"2 * \",{\"value\":{\"@int\":\"3\"}}]}]}");
    assertThat(a.source()).isEqualTo("1 + 2 * " + ph(0));
  }

  @Test
  void arrayWithTextParenthesisesElements() throws Exception {
    var a = assemble("{\"array\":[\"1 + 1\",{\"value\":{\"@int\":\"2\"}},{\"fql\":[\"x\",\" + 1\"]}]}");
    assertThat(a.source()).isEqualTo("[(1 + 1), " + ph(0) + ", (x + 1)]");
  }

  @Test
  void objectWithTextQuotesKeys() throws Exception {
    var a = assemble("{\"object\":{\"a\":\"1 + 1\",\"b c\\\"#{\":{\"value\":\"v\"}}}");
    assertThat(a.source()).isEqualTo("{ \"a\": (1 + 1), \"b c\\\"\\#{\": " + ph(0) + " }");
    assertThat(values(a)).containsExactly("\"v\"");
  }

  @Test
  void pureArrayCollapsesToOneValue() throws Exception {
    var a = assemble("{\"fql\":[\"x + \",{\"array\":[{\"value\":{\"@int\":\"1\"}},{\"array\":[{\"value\":\"a\"}]}]}]}");
    assertThat(a.source()).isEqualTo("x + " + ph(0));
    assertThat(values(a)).containsExactly("[{\"@int\":\"1\"},[\"a\"]]");
  }

  @Test
  void pureObjectCollapsesWrappedInObjectTag() throws Exception {
    var a = assemble("{\"object\":{\"@a\":{\"value\":{\"@int\":\"1\"}},\"b\":{\"object\":{}}}}");
    assertThat(a.source()).isEqualTo(ph(0));
    assertThat(values(a)).containsExactly("{\"@object\":{\"@a\":{\"@int\":\"1\"},\"b\":{\"@object\":{}}}}");
  }

  @Test
  void innerPureContainerCollapsesInsideOuterWithText() throws Exception {
    var a = assemble("{\"array\":[\"x\",{\"array\":[{\"value\":\"a\"}]},{\"value\":\"b\"}]}");
    assertThat(a.source()).isEqualTo("[(x), " + ph(0) + ", " + ph(1) + "]");
    assertThat(values(a)).containsExactly("[\"a\"]", "\"b\"");
  }

  @Test
  void outerWithTextDeepInsideDoesNotCollapse() throws Exception {
    var a = assemble("{\"array\":[{\"value\":\"a\"},{\"array\":[\"1\"]}]}");
    assertThat(a.source()).isEqualTo("[" + ph(0) + ", [(1)]]");
  }

  @Test
  void errors() {
    String bad = "Invalid request body: " + TemplateAssembler.BAD_PART;
    assertThatThrownBy(() -> assemble("{\"fql\":[\"a\"],\"value\":1}")).hasMessage(bad);
    assertThatThrownBy(() -> assemble("{\"nope\":[]}")).hasMessage(bad);
    assertThatThrownBy(() -> assemble("{}")).hasMessage(bad);
    assertThatThrownBy(() -> assemble("{\"object\":{\"a\":\"1\",\"a\":\"2\"}}"))
        .hasMessage("Invalid request body: Duplicate object field `a`");
    assertThatThrownBy(() -> assemble("{\"fql\":[\"a\\u0000b\"]}"))
        .hasMessage("Invalid request body: FQL strings cannot contain NUL characters");
    assertThatThrownBy(() -> assemble("{\"fql\":[1]}"))
        .hasMessage("Invalid request body: Unexpected JSON Integer. Expected query template.");
    assertThatThrownBy(() -> assemble("{\"fql\":\"x\"}"))
        .hasMessage("Invalid request body: Unexpected JSON String. Expected Array Start.");
  }

  @Test
  void duplicateKeysOutsideObjectPartsAreFine() throws Exception {
    var a = assemble("{\"fql\":[{\"value\":{\"a\":\"1\",\"a\":\"2\"}}]}");
    assertThat(values(a)).containsExactly("{\"a\":\"2\"}");
  }
}
