package io.demandflow.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a route answers: status, content type, body and any further headers (a header may repeat,
 * e.g. one {@code WWW-Authenticate} per scheme).
 */
public record HttpResponse(
    int status, String contentType, byte[] body, Map<String, List<String>> headers) {

  public static final String JSON = "application/json";
  public static final String TEXT = "text/plain; charset=utf-8";

  static final ObjectMapper MAPPER = new ObjectMapper();

  public HttpResponse {
    headers = Map.copyOf(headers);
  }

  public HttpResponse(int status, String contentType, byte[] body) {
    this(status, contentType, body, Map.of());
  }

  /** This response with {@code values} as the values of header {@code name}. */
  public HttpResponse withHeader(String name, List<String> values) {
    Map<String, List<String>> more = new LinkedHashMap<>(headers);
    more.put(name, List.copyOf(values));
    return new HttpResponse(status, contentType, body, more);
  }

  public static HttpResponse json(int status, JsonNode body) {
    try {
      return new HttpResponse(status, JSON, MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  public static HttpResponse text(int status, String contentType, String body) {
    return new HttpResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON error body: {@code {"status": 503, "error": "..."}}. */
  public static HttpResponse error(int status, String message) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("status", status);
    body.put("error", message);
    return json(status, body);
  }

  /** The JSON body, parsed. */
  public JsonNode jsonBody() {
    try {
      return MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("response is not JSON", e);
    }
  }
}
