package io.faunus.verify;

/** Decides whether a history of one workload is consistent. Pure: no I/O, same answer for the same history. */
interface Checker<V> {
  Verdict check(History<V> history);
}
