package io.demandflow.embedded;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * An embedded Kafka broker plus the embedded Confluent-compatible schema registry, started and
 * stopped together.
 *
 * <p>Why: every demandflow process that is not pointed at a real cluster (the {@code demo} and
 * {@code broker} commands, local development, integration tests) needs both, and needs the same
 * client properties to reach them. Keeping them in one object gives one place for start order
 * (broker first, it is the slow one), one {@link #clientProperties()} and one {@link #close()}.
 *
 * <p>The registry keeps its schemas in the broker's compacted {@code _schemas} topic, so a stack
 * started again on the same data directory decodes every record written before, and never gives a
 * used id to another schema. {@link #restartBroker()} restarts only the broker (same ports, same
 * data) for reliability tests; the registry keeps running.
 */
public final class LocalKafkaStack implements AutoCloseable {

  /** Client property naming the schema registry, as the Confluent serdes spell it. */
  public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";

  private final EmbeddedKafkaBroker broker;
  private final EmbeddedSchemaRegistryServer registry;

  private LocalKafkaStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistryServer registry) {
    this.broker = broker;
    this.registry = registry;
  }

  /**
   * Starts a broker with the defaults and a registry on a free port, both on 127.0.0.1.
   *
   * @return the running stack
   */
  public static LocalKafkaStack start() {
    return builder().start();
  }

  /**
   * A builder to choose ports, data directory and broker options.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The broker, for stop/restart or its ports.
   *
   * @return the broker
   */
  public EmbeddedKafkaBroker broker() {
    return broker;
  }

  /**
   * {@code bootstrap.servers} of the broker.
   *
   * @return {@code host:port}
   */
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /**
   * Base URL of the schema registry.
   *
   * @return e.g. {@code http://127.0.0.1:41234}
   */
  public String schemaRegistryUrl() {
    return registry.url();
  }

  /**
   * Properties for any client of this stack: {@code bootstrap.servers}, {@code schema.registry.url}
   * and the broker's client security properties.
   *
   * @return a new mutable map
   */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>(broker.clientProperties());
    props.put(SCHEMA_REGISTRY_URL_CONFIG, schemaRegistryUrl());
    return props;
  }

  /**
   * {@link #clientProperties()} as {@link Properties}, for APIs that want them.
   *
   * @return new properties
   */
  public Properties clientPropertiesAsProperties() {
    Properties props = new Properties();
    props.putAll(clientProperties());
    return props;
  }

  /**
   * Stops and starts the broker again on the same ports with the same data.
   *
   * @return this stack
   */
  public LocalKafkaStack restartBroker() {
    broker.restart();
    return this;
  }

  /** Stops the registry and the broker, deleting a temporary broker data directory. */
  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      broker.close();
    }
  }

  @Override
  public String toString() {
    return "LocalKafkaStack{kafka=" + broker + ", registry=" + registry.url() + '}';
  }

  /** Options of a {@link LocalKafkaStack}. */
  public static final class Builder {
    private final EmbeddedKafkaBroker.Builder broker = EmbeddedKafkaBroker.builder();
    private String registryHost = "127.0.0.1";
    private int registryPort;

    private Builder() {}

    /**
     * Host for both the broker and the registry.
     *
     * @param host default 127.0.0.1
     * @return this builder
     */
    public Builder host(String host) {
      this.registryHost = Objects.requireNonNull(host, "host");
      broker.host(host);
      return this;
    }

    /**
     * Registry port.
     *
     * @param registryPort 0 (default) for a free port
     * @return this builder
     */
    public Builder schemaRegistryPort(int registryPort) {
      if (registryPort < 0 || registryPort > 65_535) {
        throw new IllegalArgumentException("invalid port " + registryPort);
      }
      this.registryPort = registryPort;
      return this;
    }

    /**
     * Customises the broker (port, data directory, extra properties, security).
     *
     * @param customizer applied to the broker builder
     * @return this builder
     */
    public Builder broker(Consumer<EmbeddedKafkaBroker.Builder> customizer) {
      customizer.accept(broker);
      return this;
    }

    /**
     * Starts the broker, then the registry; on failure stops whatever had started.
     *
     * @return the running stack
     */
    public LocalKafkaStack start() {
      EmbeddedKafkaBroker started = broker.start();
      try {
        return new LocalKafkaStack(
            started,
            EmbeddedSchemaRegistryServer.start(
                registryHost, registryPort, started.clientProperties()));
      } catch (RuntimeException e) {
        started.close();
        throw e;
      }
    }
  }
}
