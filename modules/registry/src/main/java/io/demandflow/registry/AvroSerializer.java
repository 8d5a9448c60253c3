package io.demandflow.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes records in the Confluent wire format, registering (or looking up) the record's schema
 * under the TopicNameStrategy subject. Thread-safe: a Streams serde is shared by stream threads.
 */
final class AvroSerializer<T extends GenericContainer> implements Serializer<T> {

  /** Per-thread buffer and encoder, reused across records (the serializer is on the hot path). */
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private static final int MAX_RETAINED_BUFFER = 1 << 20;

  private static final class Buffers {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder;
  }

  private record SubjectSchema(String subject, Schema schema) {}

  /** The schema a topic's records were last written with, its id and writer. */
  private record TopicSchema<T>(Schema schema, int id, DatumWriter<T> writer) {}

  private final Function<Schema, DatumWriter<T>> writerFactory;
  private final ConcurrentMap<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
  private final ConcurrentMap<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();

  // The hot path: a topic's records nearly always share one schema instance, so one lookup by
  // topic and an identity check find the id without building the subject or hashing the schema.
  private final ConcurrentMap<String, TopicSchema<T>> lastByTopic = new ConcurrentHashMap<>();
  private volatile SchemaRegistryClient client;
  private volatile boolean ownsClient;
  private volatile boolean isKey;
  private volatile boolean autoRegister = true;

  AvroSerializer(SchemaRegistryClient client, Function<Schema, DatumWriter<T>> writerFactory) {
    this.client = client;
    this.writerFactory = writerFactory;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (client == null) {
      client = SchemaRegistryClients.fromConfig(configs);
      ownsClient = true;
    }
    configure(configs, isKey, client);
  }

  /** Configures with a client owned by someone else (the serde). */
  void configure(Map<String, ?> configs, boolean isKey, SchemaRegistryClient sharedClient) {
    this.client = sharedClient;
    this.isKey = isKey;
    this.autoRegister =
        SchemaRegistryConfig.bool(configs, SchemaRegistryConfig.AUTO_REGISTER_SCHEMAS, true);
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null; // tombstone
    }
    Schema schema = record.getSchema();
    TopicSchema<T> last = lastByTopic.get(topic);
    if (last == null || last.schema() != schema) {
      int id = schemaId(topic, WireFormat.subject(topic, isKey), schema);
      last = new TopicSchema<>(schema, id, writers.computeIfAbsent(schema, writerFactory));
      lastByTopic.put(topic, last);
    }
    int id = last.id();
    Buffers buffers = BUFFERS.get();
    ByteArrayOutputStream out = buffers.out;
    out.reset();
    out.write(WireFormat.MAGIC_BYTE);
    out.write(id >>> 24);
    out.write(id >>> 16);
    out.write(id >>> 8);
    out.write(id);
    try {
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, buffers.encoder);
      buffers.encoder = encoder;
      last.writer().write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot serialize Avro record for topic '"
              + topic
              + "' with schema id "
              + id
              + " ("
              + schema.getFullName()
              + "): "
              + e,
          e);
    }
    byte[] bytes = out.toByteArray();
    if (out.size() > MAX_RETAINED_BUFFER) {
      buffers.out = new ByteArrayOutputStream(256); // don't pin one huge record's buffer
      buffers.encoder = null;
    }
    return bytes;
  }

  private int schemaId(String topic, String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = ids.get(key);
    if (cached != null) {
      return cached;
    }
    if (client == null) {
      throw new IllegalStateException("Serializer not configured: call configure() first");
    }
    try {
      int id = autoRegister ? client.register(subject, schema) : client.getId(subject, schema);
      ids.put(key, id);
      return id;
    } catch (SchemaRegistryException e) {
      if (!e.isClientError()) {
        throw e; // registry unavailable: not the record's fault
      }
      throw new SerializationException(
          "Cannot "
              + (autoRegister ? "register" : "look up")
              + " schema for topic '"
              + topic
              + "': "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
