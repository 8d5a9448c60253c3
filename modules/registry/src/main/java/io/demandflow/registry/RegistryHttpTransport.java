package io.demandflow.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one registry API call as JSON over HTTP: 5xx answers and connection errors are retried with
 * exponential backoff, trying each base URL in turn, until {@link SchemaRegistryConfig#MAX_RETRIES}
 * or {@link SchemaRegistryConfig#CALL_TIMEOUT_MS} runs out, whichever comes first (a call on a
 * stream thread must end before its transaction times out). 4xx answers throw {@link
 * SchemaRegistryException} at once.
 */
final class RegistryHttpTransport {

  // The client's log category, the one users configure for registry calls.
  private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryEndpoints endpoints;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final Duration callTimeout;
  private final int maxRetries;
  private final long backoffMs;
  private final long backoffMaxMs;

  /**
   * A transport to the endpoints with the timeouts, retries and trust store in {@code configs}.
   *
   * @param endpoints base URLs and credentials
   * @param configs settings, keys in {@link SchemaRegistryConfig}
   */
  RegistryHttpTransport(RegistryEndpoints endpoints, Map<String, ?> configs) {
    this.endpoints = endpoints;
    this.requestTimeout =
        Duration.ofMillis(
            SchemaRegistryConfig.number(configs, SchemaRegistryConfig.REQUEST_TIMEOUT_MS, 2_000));
    this.callTimeout =
        Duration.ofMillis(
            SchemaRegistryConfig.number(
                configs,
                SchemaRegistryConfig.CALL_TIMEOUT_MS,
                SchemaRegistryConfig.CALL_TIMEOUT_MS_DEFAULT));
    this.maxRetries =
        (int) SchemaRegistryConfig.number(configs, SchemaRegistryConfig.MAX_RETRIES, 3);
    this.backoffMs =
        SchemaRegistryConfig.number(configs, SchemaRegistryConfig.RETRY_BACKOFF_MS, 100);
    this.backoffMaxMs =
        SchemaRegistryConfig.number(configs, SchemaRegistryConfig.RETRY_BACKOFF_MAX_MS, 2_000);
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(min(requestTimeout, callTimeout));
    SSLContext ssl = RegistryTrustStore.sslContext(configs);
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    this.http = builder.build();
  }

  /**
   * Sends one API call, retrying 5xx and connection errors over all URLs with backoff, within the
   * call timeout.
   *
   * @param method HTTP method
   * @param path path below the base URL, already encoded
   * @param body a value written as JSON, or null for none
   * @param subject the subject the call is about, for errors; may be null
   * @return the JSON answer
   * @throws SchemaRegistryException on a 4xx answer, or when retries or time run out
   */
  JsonNode send(String method, String path, Object body, String subject) {
    byte[] payload = body == null ? new byte[0] : toJson(body);
    SchemaRegistryException last = null;
    long backoff = backoffMs;
    long deadline = System.nanoTime() + callTimeout.toNanos();
    for (int attempt = 0; ; attempt++) {
      for (String baseUrl : endpoints.baseUrls()) {
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        if (left.toMillis() <= 0) {
          throw outOfTime(method, path, subject, attempt, last);
        }
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(min(requestTimeout, left))
                .header("Accept", RestSchemaRegistryClient.CONTENT_TYPE)
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(payload));
        if (body != null) {
          request.header("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
        }
        if (endpoints.authorization() != null) {
          request.header("Authorization", endpoints.authorization());
        }
        HttpResponse<byte[]> response;
        try {
          response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
          last =
              new SchemaRegistryException(
                  subject,
                  SchemaRegistryException.NO_RESPONSE,
                  SchemaRegistryException.NO_RESPONSE,
                  method + " " + baseUrl + path + " could not be sent: " + e,
                  e);
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SchemaRegistryException(
              subject, SchemaRegistryException.NO_RESPONSE, 0, "interrupted", e);
        }
        int status = response.statusCode();
        if (status < 300) {
          return parseJson(response.body(), subject, status);
        }
        last = errorOf(response, subject);
        if (status < 500) {
          throw last;
        }
      }
      if (attempt >= maxRetries) {
        throw last;
      }
      if (System.nanoTime() + Duration.ofMillis(backoff).toNanos() >= deadline) {
        throw outOfTime(method, path, subject, attempt + 1, last);
      }
      LOG.warn(
          "Schema registry {} {} failed (attempt {} of {}), retrying in {} ms: {}",
          method,
          path,
          attempt + 1,
          maxRetries + 1,
          backoff,
          last.getMessage());
      sleep(backoff);
      backoff = Math.min(backoff * 2, backoffMaxMs);
    }
  }

  private SchemaRegistryException outOfTime(
      String method, String path, String subject, int attempts, SchemaRegistryException last) {
    return new SchemaRegistryException(
        subject,
        last == null ? SchemaRegistryException.NO_RESPONSE : last.httpStatus(),
        last == null ? SchemaRegistryException.NO_RESPONSE : last.errorCode(),
        String.format(
            "%s %s: no answer within %d ms (%s) after %d attempt(s); last error: %s",
            method,
            path,
            callTimeout.toMillis(),
            SchemaRegistryConfig.CALL_TIMEOUT_MS,
            Math.max(attempts, 1),
            last == null ? "none" : last.getMessage()),
        last);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static SchemaRegistryException errorOf(HttpResponse<byte[]> response, String subject) {
    int status = response.statusCode();
    int errorCode = status;
    String message = new String(response.body(), StandardCharsets.UTF_8);
    try {
      JsonNode error = JSON.readTree(response.body());
      if (error != null && error.has("error_code")) {
        errorCode = error.path("error_code").asInt(status);
        message = error.path("message").asText(message);
      }
    } catch (IOException notJson) {
      // keep the raw body as the message (e.g. a proxy's HTML error page)
    }
    return new SchemaRegistryException(subject, status, errorCode, message);
  }

  private static JsonNode parseJson(byte[] body, String subject, int status) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          subject, status, status, "response is not JSON: " + e.getMessage(), e);
    }
  }

  private static byte[] toJson(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(
          null, SchemaRegistryException.NO_RESPONSE, 0, "interrupted");
    }
  }
}
