package io.demandflow.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** What a route answers: status, content type and body. */
public record HttpResponse(int status, String contentType, byte[] body) {

  public static final String JSON = "application/json";
  public static final String TEXT = "text/plain; charset=utf-8";

  static final ObjectMapper MAPPER = new ObjectMapper();

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
