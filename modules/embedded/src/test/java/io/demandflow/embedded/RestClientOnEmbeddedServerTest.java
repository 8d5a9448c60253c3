package io.demandflow.embedded;

import static io.demandflow.registry.TestRecords.itemV1;
import static io.demandflow.registry.TestRecords.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.Order;
import io.demandflow.registry.CompatibilityLevel;
import io.demandflow.registry.RegisteredSchema;
import io.demandflow.registry.RestSchemaRegistryClient;
import io.demandflow.registry.SchemaRegistryClient;
import io.demandflow.registry.SchemaRegistryClients;
import io.demandflow.registry.SchemaRegistryConfig;
import io.demandflow.registry.SchemaStoreContract;
import io.demandflow.registry.SpecificAvroSerde;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry module's REST client against the embedded registry server: the store contract (the
 * same as {@code mock://}'s), every operation, fail-over between URLs and serdes of separate
 * clients sharing the server. The client's own ways with HTTP are tested against stubs in the
 * registry module ({@code RestSchemaRegistryClientTest}).
 */
class RestClientOnEmbeddedServerTest extends SchemaStoreContract {

  private final EmbeddedSchemaRegistryServer server =
      EmbeddedSchemaRegistryServer.start("127.0.0.1", 0);

  @Override
  protected SchemaRegistryClient newStore() {
    return SchemaRegistryClients.fromConfig(config());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, Object> config() {
    return config(server.url());
  }

  private static Map<String, Object> config(String urls) {
    return Map.of(
        SchemaRegistryConfig.SCHEMA_REGISTRY_URL, urls, SchemaRegistryConfig.RETRY_BACKOFF_MS, 1);
  }

  @Test
  void shouldRoundTripEveryOperationWhenTalkingToEmbeddedServer() {
    // Given
    SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config());

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
    producer.configure(config(), false);
    SpecificAvroSerde<Order> consumer = new SpecificAvroSerde<>(Order.class);
    consumer.configure(config(), false);

    // When
    byte[] bytes = producer.serializer().serialize("orders", order("O-9"));
    Order back = consumer.deserializer().deserialize("orders", bytes);

    // Then
    assertThat(back).isEqualTo(order("O-9"));
    producer.close();
    consumer.close();
  }
}
