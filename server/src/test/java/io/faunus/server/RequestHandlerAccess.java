package io.faunus.server;

/** Package-private pieces of the server that tests in other packages look at. */
public final class RequestHandlerAccess {
  private RequestHandlerAccess() {}

  public static String originForm(String target) {
    return RequestHandler.originForm(target);
  }
}
