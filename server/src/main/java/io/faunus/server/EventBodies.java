package io.faunus.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.faunus.model.query.FeedRequest;
import io.faunus.model.query.StreamRequest;

/** The bodies of /stream/1 and /feed/1 requests (spec §1.7, §1.8), validated into the engine's requests. */
final class EventBodies {
  private EventBodies() {}

  private record Common(String token, String cursor, Long startTs, JsonNode root) {}

  private static Common common(byte[] body) throws BadRequest {
    JsonNode root = JsonBody.parse(body).root();
    if (!root.isObject()) throw JsonBody.unexpected(root, "Object");
    JsonNode token = root.get("token");
    if (token == null || !token.isTextual()) throw BadRequest.body("invalid event source provided");
    JsonNode cursor = root.get("cursor");
    if (cursor != null && cursor.isNull()) cursor = null;
    if (cursor != null && !cursor.isTextual()) throw JsonBody.unexpected(cursor, "String");
    JsonNode start = root.get("start_ts");
    if (start != null && start.isNull()) start = null;
    if (start != null && !(start.isIntegralNumber() && start.canConvertToLong())) {
      throw JsonBody.unexpected(start, "Long");
    }
    if (cursor != null && start != null) throw BadRequest.body("can not provide both `start_ts` and `cursor`.");
    return new Common(token.asText(), cursor == null ? null : cursor.asText(), start == null ? null : start.asLong(),
        root);
  }

  static StreamRequest stream(String secret, byte[] body, long receivedNanos) throws BadRequest {
    Common c = common(body);
    return new StreamRequest(secret, c.token(), c.cursor(), c.startTs(), receivedNanos);
  }

  static FeedRequest feed(QueryHeaders h, byte[] body, long receivedNanos) throws BadRequest {
    Common c = common(body);
    int pageSize = FeedRequest.PAGE_SIZE_DEFAULT;
    JsonNode size = c.root().get("page_size");
    if (size != null && !size.isNull()) {
      if (!size.isIntegralNumber()) throw JsonBody.unexpected(size, "Int");
      if (size.asLong() <= 0) throw BadRequest.body("page size must be greater than zero.");
      if (size.asLong() > FeedRequest.PAGE_SIZE_MAX) {
        throw BadRequest.body("page size can not be greater than " + FeedRequest.PAGE_SIZE_MAX + ".");
      }
      pageSize = size.asInt();
    }
    return new FeedRequest(h.secret(), c.token(), c.cursor(), c.startTs(), pageSize, receivedNanos, h.timeoutMs(),
        h.lastTxnTs());
  }
}
