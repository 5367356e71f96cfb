package io.faunus.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.faunus.model.query.QueryRequest;

/** Builds the engine's {@link QueryRequest} from validated headers and the raw body (spec §1.3). */
final class QueryParser {
  private QueryParser() {}

  static QueryRequest parse(QueryHeaders h, byte[] body, long receivedNanos) throws BadRequest {
    JsonBody json = JsonBody.parse(body);
    JsonNode root = json.root();
    if (!root.isObject()) throw JsonBody.unexpected(root, "Object");
    JsonNode query = root.get("query");
    if (query == null) throw BadRequest.body(null); // what Fauna answers for a missing field
    if (!query.isTextual() && !query.isObject()) throw JsonBody.unexpected(query, "String or query template");
    JsonNode arguments = root.get("arguments");
    if (arguments != null && arguments.isNull()) arguments = null;
    if (arguments != null && !arguments.isObject()) throw JsonBody.unexpected(arguments, "Object");
    TemplateAssembler.Assembled q = TemplateAssembler.assemble(query, json.duplicateKeys());
    return new QueryRequest(h.secret(), q.source(), q.values(), arguments, h.format(), h.typecheck(),
        receivedNanos, h.timeoutMs(), h.lastTxnTs(), h.maxContentionRetries(), h.performanceHints(),
        h.linearized(), h.queryTags());
  }
}
