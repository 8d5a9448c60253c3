package io.demandflow.service.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes GET requests by path pattern ({@code /api/demand/regions/{region}/{product}/{period}}) to
 * handlers, on the JDK's HTTP server: no framework. Path segments are URL-decoded, so ids
 * containing {@code /} or {@code |} can be asked for as {@code %2F} and {@code %7C}. Every request
 * passes its {@link AccessControl} once its route is known.
 */
public final class Router implements HttpHandler {

  /** Header set on requests one instance forwards to another; its value names the sender. */
  public static final String FORWARDED_HEADER = "X-Demandflow-Forwarded-By";

  /** Answers one routed request. */
  @FunctionalInterface
  public interface Handler {
    HttpResponse handle(HttpRequest request) throws Exception;
  }

  private record Route(String pattern, List<String> segments, Handler handler) {}

  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private final List<Route> routes = new ArrayList<>();
  private final AccessControl access;

  /** A router that lets every request through. */
  public Router() {
    this(AccessControl.OPEN);
  }

  public Router(AccessControl access) {
    this.access = access;
  }

  /** Adds a GET route; {@code {name}} segments match any one segment. */
  public Router get(String pattern, Handler handler) {
    routes.add(new Route(pattern, segments(pattern), handler));
    return this;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    HttpResponse response;
    try {
      response = route(exchange);
    } catch (Exception e) {
      log.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      response = HttpResponse.error(500, "internal error: " + e.getMessage());
    }
    try (exchange;
        OutputStream body = exchange.getResponseBody()) {
      response.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.sendResponseHeaders(response.status(), response.body().length);
      body.write(response.body());
    }
  }

  private HttpResponse route(HttpExchange exchange) throws Exception {
    if (!exchange.getRequestMethod().equals("GET")) {
      return HttpResponse.error(405, "only GET is supported");
    }
    String rawPath = exchange.getRequestURI().getRawPath();
    List<String> requested = segments(rawPath);
    Optional<String> authorization =
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
    for (Route route : routes) {
      Map<String, String> parameters = match(route.segments(), requested);
      if (parameters != null) {
        Optional<HttpResponse> refusal =
            access.refusal(Optional.of(route.pattern()), authorization);
        if (refusal.isPresent()) {
          return refusal.get();
        }
        HttpRequest request =
            new HttpRequest(
                rawPath,
                parameters,
                query(exchange.getRequestURI().getRawQuery()),
                Optional.ofNullable(exchange.getRequestHeaders().getFirst(FORWARDED_HEADER)));
        return route.handler().handle(request);
      }
    }
    // Only callers who may read something learn which paths do not exist.
    return access
        .refusal(Optional.empty(), authorization)
        .orElseGet(() -> HttpResponse.error(404, "no such resource: " + rawPath));
  }

  private static Map<String, String> match(List<String> pattern, List<String> requested) {
    if (pattern.size() != requested.size()) {
      return null;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < pattern.size(); i++) {
      String expected = pattern.get(i);
      String actual = decode(requested.get(i));
      if (expected.startsWith("{") && expected.endsWith("}")) {
        parameters.put(expected.substring(1, expected.length() - 1), actual);
      } else if (!expected.equals(actual)) {
        return null;
      }
    }
    return parameters;
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return segments;
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return parameters;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      parameters.put(name, value);
    }
    return parameters;
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
