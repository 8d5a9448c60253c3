package io.demandflow.registry;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format: resolves the writer schema by id and decodes with a reader made
 * by {@code readerFactory} (writer schema → reader), cached per id. Corrupt input throws {@link
 * SerializationException} so a deserialization exception handler can dead-letter the record; an
 * unreachable registry throws {@link SchemaRegistryException} instead (not the record's fault).
 */
final class AvroDeserializer<T> implements Deserializer<T> {

  private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

  private final Function<Schema, DatumReader<T>> readerFactory;
  private final ConcurrentMap<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
  private volatile SchemaRegistryClient client;
  private volatile boolean ownsClient;

  AvroDeserializer(SchemaRegistryClient client, Function<Schema, DatumReader<T>> readerFactory) {
    this.client = client;
    this.readerFactory = readerFactory;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (client == null) {
      client = SchemaRegistryClients.fromConfig(configs);
      ownsClient = true;
    }
  }

  /** Configures with a client owned by someone else (the serde). */
  void configure(SchemaRegistryClient sharedClient) {
    this.client = sharedClient;
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null; // tombstone
    }
    if (bytes.length < WireFormat.HEADER_SIZE) {
      throw new SerializationException(
          "Cannot deserialize record from topic '"
              + topic
              + "': "
              + bytes.length
              + " bytes is shorter than the 5-byte Confluent header");
    }
    if (bytes[0] != WireFormat.MAGIC_BYTE) {
      throw new SerializationException(
          String.format(
              "Cannot deserialize record from topic '%s': unknown magic byte 0x%02x (expected 0x00,"
                  + " the Confluent wire format)",
              topic, bytes[0]));
    }
    int id =
        (bytes[1] & 0xff) << 24
            | (bytes[2] & 0xff) << 16
            | (bytes[3] & 0xff) << 8
            | bytes[4] & 0xff;
    DatumReader<T> reader = readerFor(topic, id);
    try {
      BinaryDecoder decoder =
          DecoderFactory.get()
              .binaryDecoder(
                  bytes,
                  WireFormat.HEADER_SIZE,
                  bytes.length - WireFormat.HEADER_SIZE,
                  DECODERS.get());
      DECODERS.set(decoder);
      return reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot deserialize record from topic '"
              + topic
              + "': Avro payload does not decode with writer schema id "
              + id
              + ": "
              + e,
          e);
    }
  }

  private DatumReader<T> readerFor(String topic, int id) {
    DatumReader<T> reader = readers.get(id);
    if (reader != null) {
      return reader;
    }
    if (client == null) {
      throw new IllegalStateException("Deserializer not configured: call configure() first");
    }
    Schema writerSchema;
    try {
      writerSchema = client.getSchemaById(id);
    } catch (SchemaRegistryException e) {
      if (!e.isClientError()) {
        throw e;
      }
      throw new SerializationException(
          "Cannot deserialize record from topic '"
              + topic
              + "': unknown schema id "
              + id
              + ": "
              + e.getMessage(),
          e);
    }
    return readers.computeIfAbsent(id, i -> readerFactory.apply(writerSchema));
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
