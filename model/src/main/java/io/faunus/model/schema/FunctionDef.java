package io.faunus.model.schema;

/**
 * A user-defined function (spec §4.10 Function). {@code signature}: the FSL signature text stored on its
 * definition document ({@code "(x: Number) => String"}), null when untyped; the typechecker checks calls
 * against it.
 */
public record FunctionDef(String name, String alias, String body, String role, String signature) {
  public FunctionDef(String name, String alias, String body, String role) {
    this(name, alias, body, role, null);
  }
}
