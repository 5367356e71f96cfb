package io.faunus.model.events;

import io.faunus.model.value.Value.EventSourceV;

/** An issued event source, as a result carries it: {@code {"@stream": token}} in tagged form (spec §2.1). */
public record EventToken(String token) implements EventSourceV {}
