package io.demandflow.service.http;

import java.util.Map;
import java.util.Optional;

/**
 * A routed request: its path, the values of the path's {@code {placeholders}}, its decoded query
 * parameters and the one header the service cares about.
 *
 * @param forwardedBy the instance that forwarded this request ({@link Router#FORWARDED_HEADER}), if
 *     any: such a request is answered locally, never forwarded again
 */
public record HttpRequest(
    String path,
    Map<String, String> pathParameters,
    Map<String, String> queryParameters,
    Optional<String> forwardedBy) {

  public String pathParameter(String name) {
    return pathParameters.get(name);
  }

  public Optional<String> queryParameter(String name) {
    return Optional.ofNullable(queryParameters.get(name)).filter(v -> !v.isEmpty());
  }
}
