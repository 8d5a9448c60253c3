package io.demandflow.registry;

import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the specific and generic serdes share: one serializer and one deserializer over one registry
 * client, created from the configuration unless one was passed in.
 */
abstract class AvroSerdeBase<T extends GenericContainer> implements Serde<T> {

  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;
  private SchemaRegistryClient client;
  private boolean ownsClient;

  AvroSerdeBase(
      SchemaRegistryClient client,
      Function<Schema, DatumWriter<T>> writers,
      Function<Schema, DatumReader<T>> readers) {
    this.client = client;
    this.serializer = new AvroSerializer<>(client, writers);
    this.deserializer = new AvroDeserializer<>(client, readers);
  }

  @Override
  public synchronized void configure(Map<String, ?> configs, boolean isKey) {
    if (client == null) {
      client = SchemaRegistryClients.fromConfig(configs);
      ownsClient = true;
    }
    serializer.configure(configs, isKey, client);
    deserializer.configure(client);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  @Override
  public synchronized void close() {
    if (ownsClient) {
      client.close();
      ownsClient = false;
    }
  }
}
