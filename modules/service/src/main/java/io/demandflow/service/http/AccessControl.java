package io.demandflow.service.http;

import java.util.Optional;

/**
 * Decides whether a request may reach the route it matched ({@link Router}): the decision is taken
 * on the route's pattern, after the path has been decoded and matched, so that no spelling of a
 * path ({@code %63ustomers}, {@code //}) reaches a route the caller may not read.
 */
@FunctionalInterface
public interface AccessControl {

  /** Lets every request through: the service without authentication. */
  AccessControl OPEN = (route, authorization) -> Optional.empty();

  /**
   * @param route the pattern of the matched route ({@code /api/ledger/{product}}), or empty when no
   *     route matched (the answer would be 404)
   * @param authorization the request's {@code Authorization} header, if any
   * @return the answer refusing the request (401 or 403), or empty to let it through
   */
  Optional<HttpResponse> refusal(Optional<String> route, Optional<String> authorization);
}
