package io.faunus.fql.fsl;

import io.faunus.fql.Span;

/**
 * A field path as written in indexes, constraints and migrations ({@code .a.b}, {@code .a[0]},
 * {@code .["odd key"]}); {@code text} is its canonical spelling with the leading dot, as definitions store it.
 */
public record Path(String text, Span span) {}
