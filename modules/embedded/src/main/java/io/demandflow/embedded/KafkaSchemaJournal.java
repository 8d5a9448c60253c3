package io.demandflow.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.registry.CompatibilityLevel;
import io.demandflow.registry.InMemorySchemaStore;
import io.demandflow.registry.SchemaJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The registry's schemas in a compacted Kafka topic ({@code _schemas}, one partition), as
 * Confluent's registry keeps them: each change is written and acknowledged ({@code acks=all})
 * before the registry answers, and a registry started on the same broker reads the topic back.
 *
 * <p>Records are JSON; the key names what the value is the whole state of, so compaction keeps
 * everything needed: {@code {"keytype":"SCHEMA","id":7}} → {@code {"schema":"..."}} (never deleted,
 * so ids are never reused), {@code {"keytype":"SUBJECT","subject":"s"}} → {@code {"ids":[3,7]}}
 * (tombstone when deleted), {@code {"keytype":"CONFIG","subject":"s"}} (no subject: global) →
 * {@code {"compatibilityLevel":"BACKWARD"}} (tombstone when removed).
 */
final class KafkaSchemaJournal implements SchemaJournal, AutoCloseable {

  /** Confluent's default topic name. */
  public static final String DEFAULT_TOPIC = "_schemas";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String topic;
  private final Map<String, Object> clientProperties;
  private final KafkaProducer<String, String> producer;

  private KafkaSchemaJournal(String topic, Map<String, Object> clientProperties) {
    this.topic = topic;
    this.clientProperties = clientProperties;
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "demandflow-schema-registry");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  /**
   * Opens the journal in {@code topic} on the broker {@code clientProperties} reach, creating the
   * compacted topic when it is missing.
   */
  public static KafkaSchemaJournal open(Map<String, Object> clientProperties, String topic) {
    createTopicIfMissing(clientProperties, topic);
    return new KafkaSchemaJournal(topic, Map.copyOf(clientProperties));
  }

  /** Reads the whole topic into {@code store}, oldest record first. */
  public void replayInto(InMemorySchemaStore store) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.position(partition, TIMEOUT) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot read " + topic + " to offset " + end);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          apply(store, record.key(), record.value());
        }
      }
    }
  }

  @Override
  public void schemaCreated(int id, Schema schema) {
    ObjectNode key = key("SCHEMA");
    key.put("id", id);
    ObjectNode value = JSON.createObjectNode();
    value.put("schema", schema.toString());
    write(key, value);
  }

  @Override
  public void subjectChanged(String subject, List<Integer> ids) {
    ObjectNode key = key("SUBJECT");
    key.put("subject", subject);
    ObjectNode value = null;
    if (!ids.isEmpty()) {
      value = JSON.createObjectNode();
      ids.forEach(value.putArray("ids")::add);
    }
    write(key, value);
  }

  @Override
  public void compatibilityChanged(String subject, CompatibilityLevel level) {
    ObjectNode key = key("CONFIG");
    if (subject != null) {
      key.put("subject", subject);
    }
    ObjectNode value = null;
    if (level != null) {
      value = JSON.createObjectNode();
      value.put("compatibilityLevel", level.name());
    }
    write(key, value);
  }

  @Override
  public void close() {
    producer.close(TIMEOUT);
  }

  private static void apply(InMemorySchemaStore store, String keyText, String valueText) {
    JsonNode key = parse(keyText);
    JsonNode value = valueText == null ? null : parse(valueText);
    String subject = key.hasNonNull("subject") ? key.get("subject").asText() : null;
    switch (key.path("keytype").asText()) {
      case "SCHEMA" ->
          store.restoreSchema(
              key.get("id").asInt(), new Schema.Parser().parse(value.get("schema").asText()));
      case "SUBJECT" -> {
        List<Integer> ids = new ArrayList<>();
        if (value != null) {
          value.get("ids").forEach(id -> ids.add(id.asInt()));
        }
        store.restoreSubject(subject, ids);
      }
      case "CONFIG" ->
          store.restoreCompatibility(
              subject,
              value == null
                  ? null
                  : CompatibilityLevel.parse(value.get("compatibilityLevel").asText()));
      default -> {} // written by a later version: not ours to interpret
    }
  }

  private void write(ObjectNode key, ObjectNode value) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topic, 0, key.toString(), value == null ? null : value.toString()))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot write to " + topic + ": " + e, e);
    }
  }

  private static ObjectNode key(String type) {
    ObjectNode key = JSON.createObjectNode();
    key.put("keytype", type);
    return key;
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("malformed record in the schemas topic: " + text, e);
    }
  }

  private static void createTopicIfMissing(Map<String, Object> clientProperties, String topic) {
    try (Admin admin = Admin.create(clientProperties)) {
      Set<String> existing =
          admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (existing.contains(topic)) {
        return;
      }
      NewTopic compacted =
          new NewTopic(topic, Optional.of(1), Optional.empty())
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin.createTopics(List.of(compacted)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create " + topic + ": " + e.getCause(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + topic, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot create " + topic + ": " + e, e);
    }
  }
}
