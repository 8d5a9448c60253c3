package io.demandflow.registry;

import static io.demandflow.registry.TestRecords.itemV1;
import static io.demandflow.registry.TestRecords.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.demandflow.events.Order;
import io.demandflow.registry.server.EmbeddedSchemaRegistryServer;
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

/** The REST client against the embedded registry server: the store contract, plus HTTP's ways. */
class RestSchemaRegistryClientTest extends SchemaStoreContract {

  private final EmbeddedSchemaRegistryServer server =
      EmbeddedSchemaRegistryServer.start("127.0.0.1", 0);
  private HttpServer stub;

  @Override
  protected SchemaRegistryClient newStore() {
    return SchemaRegistryClients.fromConfig(config(server.url()));
  }

  @AfterEach
  void stop() {
    server.close();
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
  void shouldRoundTripEveryOperationWhenTalkingToEmbeddedServer() {
    // Given
    SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config(server.url()));

    // When
    int v1 = client.register("items-value", itemV1());
    int again = client.register("items-value", itemV1());
    int v2 = client.register("items-value", WITH_DEFAULTED_QTY);
    int shared = client.register("items-key", itemV1());

    // Then
    assertThat(client).isInstanceOf(RestSchemaRegistryClient.class);
    assertThat(again).isEqualTo(v1);
    assertThat(shared).isEqualTo(v1);
    assertThat(client.getId("items-value", WITH_DEFAULTED_QTY)).isEqualTo(v2);
    assertThat(client.getSchemaById(v2)).isEqualTo(WITH_DEFAULTED_QTY);
    assertThat(client.getAllSubjects()).containsExactly("items-key", "items-value");
    assertThat(client.getVersions("items-value")).containsExactly(1, 2);
    assertThat(client.getSchemaMetadata("items-value", 1))
        .isEqualTo(new RegisteredSchema("items-value", 1, v1, itemV1()));
    assertThat(client.getLatestSchemaMetadata("items-value").version()).isEqualTo(2);
    assertThat(client.testCompatibility("items-value", WITH_REQUIRED_QTY)).isTrue();
    assertThat(client.getGlobalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    client.setCompatibility("items-value", CompatibilityLevel.FULL_TRANSITIVE);
    client.setGlobalCompatibility(CompatibilityLevel.NONE);
    assertThat(client.getCompatibility("items-value"))
        .isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    assertThat(client.getCompatibility("items-key")).isEqualTo(CompatibilityLevel.NONE);
    assertThat(client.deleteSubject("items-key")).containsExactly(1);
    assertThat(client.getAllSubjects()).containsExactly("items-value");
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
  void shouldFailOverToNextUrlWhenFirstRefusesConnection() throws IOException {
    // Given: a port nobody listens on, then the real server
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String urls = "http://127.0.0.1:" + closedPort + "," + server.url();
    SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config(urls));

    // When
    int id = client.register("items-value", itemV1());

    // Then
    assertThat(client.getSchemaById(id)).isEqualTo(itemV1());
  }

  @Test
  void shouldRoundTripRecordsWhenSerdesShareEmbeddedServer() {
    // Given: producer and consumer with separate clients, as in separate processes
    SpecificAvroSerde<Order> producer = new SpecificAvroSerde<>(Order.class);
    producer.configure(config(server.url()), false);
    SpecificAvroSerde<Order> consumer = new SpecificAvroSerde<>(Order.class);
    consumer.configure(config(server.url()), false);

    // When
    byte[] bytes = producer.serializer().serialize("orders", order("O-9"));
    Order back = consumer.deserializer().deserialize("orders", bytes);

    // Then
    assertThat(back).isEqualTo(order("O-9"));
    producer.close();
    consumer.close();
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
