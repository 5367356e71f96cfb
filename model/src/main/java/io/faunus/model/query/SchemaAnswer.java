package io.faunus.model.query;

import io.faunus.model.value.Value.ObjectV;

/** What the engine answers to a {@link SchemaRequest}; the transport picks statuses and encodes JSON. */
public sealed interface SchemaAnswer {
  /** {@code {"version": version, …fields}}. */
  record Ok(long version, ObjectV fields) implements SchemaAnswer {}

  /** {@code {"error": {"message": message}}} with the status of {@code code}. */
  record Error(ErrorCode code, String message) implements SchemaAnswer {}
}
