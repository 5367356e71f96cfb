package io.faunus.server;

/**
 * The request-read deadline of an HTTP/1.1 connection ({@link ConnectionGuard}) or of an HTTP/2 stream
 * ({@link StreamGuard}). {@link RequestAggregator} reports each request it has read in full; when the
 * deadline passes first, the guard sends {@link #TIMED_OUT} down the pipeline and the aggregator answers 408.
 */
interface ReadDeadline {

  /** User event: the request being read missed its deadline. */
  Object TIMED_OUT = new Object() {
    @Override
    public String toString() {
      return "request read timed out";
    }
  };

  /** The request being read has arrived in full: its deadline no longer applies. */
  void requestRead();

  /** How long a request may take to arrive (for the 408's message). */
  long timeoutMs();
}
