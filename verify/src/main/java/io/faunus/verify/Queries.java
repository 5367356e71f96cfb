package io.faunus.verify;

/**
 * Runs one FQL query as one transaction on one node and says how it ended: over HTTP on loopback
 * ({@link NodeClient}) or, in the deterministic simulation, by calling a node in process.
 */
interface Queries {
  Reply query(String fql);
}
