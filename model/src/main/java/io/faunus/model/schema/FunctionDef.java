package io.faunus.model.schema;

/** A user-defined function (spec §4.10 Function). */
public record FunctionDef(String name, String alias, String body, String role) {}
