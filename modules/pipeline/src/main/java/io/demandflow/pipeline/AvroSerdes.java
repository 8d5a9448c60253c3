package io.demandflow.pipeline;

import io.demandflow.registry.SpecificAvroSerde;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of the pipeline. Values are Avro records in the Confluent wire format, registered in the
 * schema registry named by the configuration ({@code schema.registry.url}, e.g. {@code
 * http://registry:8081} or {@code mock://<scope>} in tests). Keys are plain strings; composite keys
 * are built by {@link Keys}.
 */
public final class AvroSerdes {

  private final Map<String, ?> registryConfig;

  /**
   * @param registryConfig configuration of the registry client, at least {@code
   *     schema.registry.url}
   */
  public AvroSerdes(Map<String, ?> registryConfig) {
    this.registryConfig = Map.copyOf(Objects.requireNonNull(registryConfig, "registryConfig"));
  }

  /** The serde of every record key. */
  public static Serde<String> keys() {
    return Serdes.String();
  }

  /** A new serde for record values of {@code type}, configured against the registry. */
  public <T extends SpecificRecord> Serde<T> value(Class<T> type) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
    serde.configure(registryConfig, false);
    return serde;
  }
}
