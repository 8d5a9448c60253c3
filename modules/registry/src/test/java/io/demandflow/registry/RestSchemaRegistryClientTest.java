package io.demandflow.registry;

import static io.demandflow.registry.TestRecords.itemV1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The REST client's ways with HTTP (retries, timeouts, authentication, trust store) against stub
 * servers. The store contract against a real registry server runs in the embedded module, where the
 * server is ({@code RestClientOnEmbeddedServerTest}).
 */
class RestSchemaRegistryClientTest {

  private HttpServer stub;

  @AfterEach
  void stop() {
    if (stub != null) {
      stub.stop(0);
    }
  }

  private static Map<String, Object> config(String url) {
    Map<String, Object> config = new HashMap<>();
    config.put(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, url);
    config.put(SchemaRegistryConfig.RETRY_BACKOFF_MS, 1);
    return config;
  }

  @Test
  void shouldRetryWhenServerFailsTwiceWith5xx() throws IOException {
    // Given: a stub that answers 503 twice, then an id
    AtomicInteger calls = new AtomicInteger();
    stub = stub(exchange -> calls.incrementAndGet() <= 2 ? 503 : 200, "{\"id\":42}", null);
    SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config(stubUrl()));

    // When
    int id = client.register("items-value", itemV1());

    // Then
    assertThat(id).isEqualTo(42);
    assertThat(calls).hasValue(3);
  }

  @Test
  void shouldGiveUpWhenServerKeepsFailingPastMaxRetries() throws IOException {
    // Given
    AtomicInteger calls = new AtomicInteger();
    stub =
        stub(
            exchange -> {
              calls.incrementAndGet();
              return 500;
            },
            "{\"error_code\":50001,\"message\":\"store down\"}",
            null);
    Map<String, Object> config = config(stubUrl());
    config.put(SchemaRegistryConfig.MAX_RETRIES, "1");
    SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config);

    // When / Then
    assertThatThrownBy(() -> client.getSchemaById(1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(500);
              assertThat(e.errorCode()).isEqualTo(50001);
              assertThat(e.isClientError()).isFalse();
            })
        .hasMessageContaining("store down");
    assertThat(calls).hasValue(2);
  }

  @Test
  void shouldFailWithinTheCallTimeoutWhenTheRegistryStopsAnswering() throws IOException {
    // Given a registry that accepts connections and never answers, and per-request timeouts and
    // retries that would add up to 40 s
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Map<String, Object> config = config("http://127.0.0.1:" + silent.getLocalPort());
      config.put(SchemaRegistryConfig.REQUEST_TIMEOUT_MS, 10_000);
      config.put(SchemaRegistryConfig.MAX_RETRIES, 3);
      config.put(SchemaRegistryConfig.CALL_TIMEOUT_MS, 1_000);
      SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config);

      // When a schema is looked up
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.getSchemaById(1))
          // Then the call fails with an error naming the bound, once the bound has passed
          .isInstanceOf(SchemaRegistryException.class)
          .hasMessageContaining("no answer within 1000 ms")
          .hasMessageContaining(SchemaRegistryConfig.CALL_TIMEOUT_MS)
          .satisfies(
              e ->
                  assertThat(((SchemaRegistryException) e).httpStatus())
                      .isEqualTo(SchemaRegistryException.NO_RESPONSE));
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(Duration.ofMillis(900), Duration.ofMillis(3_000));
    }
  }

  @Test
  void shouldSendBasicAuthHeaderWhenUserInfoConfigured() throws IOException {
    // Given
    List<String> authorizations = new CopyOnWriteArrayList<>();
    stub = stub(exchange -> 200, "{\"schema\":\"\\\"string\\\"\"}", authorizations);
    Map<String, Object> config = config(stubUrl());
    config.put(SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
    config.put(SchemaRegistryConfig.BASIC_AUTH_USER_INFO, "svc:s3cret");
    SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config);

    // When
    Schema schema = client.getSchemaById(1);

    // Then
    assertThat(schema.getType()).isEqualTo(Schema.Type.STRING);
    assertThat(authorizations).containsExactly("Basic c3ZjOnMzY3JldA==");
    assertThat(client.toString()).doesNotContain("s3cret");
  }

  @Test
  void shouldNameTrustStoreWhenItCannotBeLoaded() {
    // Given
    Map<String, Object> config = config("https://registry.invalid:8081");
    config.put(SchemaRegistryConfig.TRUSTSTORE_LOCATION, "/nonexistent/truststore.p12");
    config.put(SchemaRegistryConfig.TRUSTSTORE_PASSWORD, "changeit");

    // When / Then
    assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/nonexistent/truststore.p12")
        .hasMessageNotContaining("changeit");
  }

  private interface Status {
    int of(com.sun.net.httpserver.HttpExchange exchange);
  }

  /** A tiny registry stand-in answering {@code body} with the status {@code status} picks. */
  private static HttpServer stub(Status status, String body, List<String> authorizations)
      throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (authorizations != null) {
              authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            int code = status.of(exchange);
            byte[] bytes =
                (code == 503 ? "{\"error_code\":50301,\"message\":\"busy\"}" : body)
                    .getBytes(StandardCharsets.UTF_8);
            exchange
                .getResponseHeaders()
                .set("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
            exchange.sendResponseHeaders(code, bytes.length);
            exchange.getResponseBody().write(bytes);
          }
        });
    http.start();
    return http;
  }

  private String stubUrl() {
    return "http://127.0.0.1:" + stub.getAddress().getPort();
  }
}
