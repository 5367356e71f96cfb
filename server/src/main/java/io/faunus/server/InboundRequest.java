package io.faunus.server;

import io.netty.handler.codec.http.HttpRequest;

/**
 * One whole request as the handler sees it. {@code rejection} is set when the transport refused it while
 * reading (oversized body, malformed head); the body is then empty.
 *
 * @param receivedNanos {@link System#nanoTime()} when the request head arrived; deadlines count from here
 */
record InboundRequest(HttpRequest head, byte[] body, long receivedNanos, Reply rejection) {}
