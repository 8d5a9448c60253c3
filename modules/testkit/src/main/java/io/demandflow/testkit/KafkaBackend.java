package io.demandflow.testkit;

import io.demandflow.embedded.EmbeddedSchemaRegistryServer;
import io.demandflow.embedded.LocalKafkaStack;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.testcontainers.kafka.KafkaContainer;

/** A running broker plus schema registry behind the shared test environment. */
interface KafkaBackend extends AutoCloseable {

  KafkaBackendType type();

  String bootstrapServers();

  String schemaRegistryUrl();

  /** bootstrap.servers, schema.registry.url and any security settings. */
  Map<String, Object> clientProperties();

  @Override
  void close();

  static KafkaBackend start(KafkaBackendType type) {
    switch (type) {
      case TESTCONTAINERS:
        return ContainerBackend.start();
      case EMBEDDED:
      default:
        return new EmbeddedBackend(LocalKafkaStack.start());
    }
  }

  /** The in-process broker and registry. */
  final class EmbeddedBackend implements KafkaBackend {
    private final LocalKafkaStack stack;

    EmbeddedBackend(LocalKafkaStack stack) {
      this.stack = stack;
    }

    @Override
    public KafkaBackendType type() {
      return KafkaBackendType.EMBEDDED;
    }

    @Override
    public String bootstrapServers() {
      return stack.bootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
      return stack.schemaRegistryUrl();
    }

    @Override
    public Map<String, Object> clientProperties() {
      return stack.clientProperties();
    }

    @Override
    public void close() {
      stack.close();
    }

    @Override
    public String toString() {
      return stack.toString();
    }
  }

  /** A Kafka container; the registry still runs in-process (there is no registry image to run). */
  final class ContainerBackend implements KafkaBackend {
    private final KafkaContainer kafka;
    private final EmbeddedSchemaRegistryServer registry;

    private ContainerBackend(KafkaContainer kafka, EmbeddedSchemaRegistryServer registry) {
      this.kafka = kafka;
      this.registry = registry;
    }

    @SuppressWarnings("resource") // closed by close()
    static ContainerBackend start() {
      KafkaContainer kafka =
          new KafkaContainer(KafkaImages.KAFKA)
              .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
              .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
      kafka.start();
      try {
        return new ContainerBackend(kafka, EmbeddedSchemaRegistryServer.start("127.0.0.1", 0));
      } catch (RuntimeException e) {
        kafka.stop();
        throw e;
      }
    }

    @Override
    public KafkaBackendType type() {
      return KafkaBackendType.TESTCONTAINERS;
    }

    @Override
    public String bootstrapServers() {
      return kafka.getBootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
      return registry.url();
    }

    @Override
    public Map<String, Object> clientProperties() {
      Map<String, Object> props = new HashMap<>();
      props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
      props.put(LocalKafkaStack.SCHEMA_REGISTRY_URL_CONFIG, schemaRegistryUrl());
      return props;
    }

    @Override
    public void close() {
      try {
        registry.close();
      } finally {
        kafka.stop();
      }
    }

    @Override
    public String toString() {
      return "Testcontainers " + KafkaImages.KAFKA + " at " + bootstrapServers();
    }
  }
}
