package io.demandflow.topics;

import io.demandflow.registry.SchemaRegistryClient;
import io.demandflow.registry.SpecificAvroSerde;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Builds demandflow's serdes. Values are Avro records in the Confluent wire format, registered in
 * the schema registry named by the configuration ({@code schema.registry.url}, e.g. {@code
 * http://registry:8081} or {@code mock://<scope>} in tests). Keys are plain strings; composite keys
 * join their parts with {@code |}.
 *
 * <p>{@link Topics} uses it for the topics; the pipeline also for its stores and internal topics.
 */
public final class AvroSerdes {

  private final Map<String, ?> registryConfig;
  private final SchemaRegistryClient client;

  /**
   * Serdes that each create their registry client from the configuration.
   *
   * @param registryConfig configuration of the registry client, at least {@code
   *     schema.registry.url}
   */
  public AvroSerdes(Map<String, ?> registryConfig) {
    this(registryConfig, null);
  }

  /**
   * Serdes that share {@code client} (and its schema cache); the caller closes it.
   *
   * @param registryConfig configuration of the serdes ({@code auto.register.schemas}, ...)
   */
  public AvroSerdes(Map<String, ?> registryConfig, SchemaRegistryClient client) {
    // Not Map.copyOf: a configuration may hold null values, which the serdes ignore.
    this.registryConfig =
        Collections.unmodifiableMap(
            new HashMap<>(Objects.requireNonNull(registryConfig, "registryConfig")));
    this.client = client;
  }

  /** The serde of every record key. */
  public static Serde<String> keys() {
    return Serdes.String();
  }

  /** A new serde for record values of {@code type}, configured against the registry. */
  public <T extends SpecificRecord> Serde<T> value(Class<T> type) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type, client);
    serde.configure(registryConfig, false);
    return serde;
  }
}
