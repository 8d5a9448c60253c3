package io.demandflow.ingest;

import io.demandflow.domain.validation.EventValidator;
import io.demandflow.domain.validation.InvalidEventException;
import io.demandflow.domain.validation.Violation;
import io.demandflow.registry.SchemaRegistryClient;
import io.demandflow.registry.SchemaRegistryClients;
import io.demandflow.topics.AvroSerdes;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes demandflow's input events (SPEC §2) the way the pipeline expects them: each to its
 * topic, with its record key ({@link EventType#keyOf}), Avro in the Confluent wire format through
 * the schema registry, after checking the R8 rules with the pipeline's own {@link EventValidator}.
 *
 * <pre>{@code
 * try (DemandflowPublisher publisher = DemandflowPublisher.create(Map.of(
 *     "bootstrap.servers", "kafka:9092",
 *     "schema.registry.url", "http://registry:8081"))) {
 *   publisher.publish(order).join();   // or collect the futures and flush()
 * }
 * }</pre>
 *
 * <p>Configuration: every Kafka producer property passes through ({@code security.protocol}, {@code
 * sasl.jaas.config}, {@code linger.ms}, ...); {@code schema.registry.*}, {@code basic.auth.*} and
 * {@code auto.register.schemas} configure the registry serde; {@code demandflow.topic.orders} (and
 * {@code .allocations}, {@code .supply}, {@code .licenses}, {@code .policies}) override the SPEC
 * topic names. Other keys (Streams settings in a shared file, say) are ignored. The producer is
 * always idempotent with {@code acks=all}: a retried send never duplicates or reorders an event.
 *
 * <p>Thread-safe, like the producer it wraps; one per process is enough.
 */
public final class DemandflowPublisher implements AutoCloseable {

  private final Producer<String, SpecificRecord> producer;
  private final Topics topics;

  DemandflowPublisher(Producer<String, SpecificRecord> producer, Topics topics) {
    this.producer = producer;
    this.topics = topics;
  }

  /**
   * A publisher configured from {@code config} (see the class comment).
   *
   * @throws PublishException when the producer cannot be created (say, a malformed setting)
   */
  public static DemandflowPublisher create(Map<String, ?> config) {
    Objects.requireNonNull(config, "config");
    TopicNames names = TopicNames.from(config);
    // One registry client (and its schema cache) for every serde; the serializer closes it.
    SchemaRegistryClient registry = SchemaRegistryClients.fromConfig(config);
    Topics topics = Topics.of(names, new AvroSerdes(config, registry));
    try {
      return new DemandflowPublisher(
          new KafkaProducer<>(
              producerProperties(config),
              new StringSerializer(),
              new EventSerializer(topics, registry)),
          topics);
    } catch (KafkaException e) {
      registry.close();
      throw new PublishException("cannot create the Kafka producer", e);
    }
  }

  /** Like {@link #create(Map)} from {@link Properties}. */
  public static DemandflowPublisher create(Properties config) {
    Map<String, Object> map = new HashMap<>();
    config.stringPropertyNames().forEach(key -> map.put(key, config.getProperty(key)));
    return create(map);
  }

  /** The producer settings: the producer keys of {@code config}, then the fixed guarantees. */
  static Properties producerProperties(Map<String, ?> config) {
    Properties props = new Properties();
    config.forEach(
        (key, value) -> {
          if (value != null && ProducerConfig.configNames().contains(key)) {
            props.put(key, value);
          }
        });
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "demandflow-publisher");
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    // Not overridable: these are what make a retried send safe.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return props;
  }

  /**
   * The violations of {@code event} by the R8 rules (empty when valid), without sending it; what
   * {@link #publish} checks.
   */
  public static List<Violation> check(SpecificRecord event) {
    return EventValidator.validate(event);
  }

  /**
   * Validates and sends an event to its topic with its key. Returns once the event is queued; the
   * future completes when the broker has acknowledged it, or exceptionally with a {@link
   * PublishException}.
   *
   * @throws InvalidEventException when the event breaks the R8 rules (nothing is sent)
   * @throws IllegalArgumentException when it is not a demandflow input event
   * @throws PublishException when it cannot be queued (registry unreachable, schema refused,
   *     metadata not available within {@code max.block.ms})
   */
  public CompletableFuture<RecordMetadata> publish(SpecificRecord event) {
    EventType type = EventType.of(event);
    List<Violation> violations = EventValidator.validate(event);
    if (!violations.isEmpty()) {
      throw InvalidEventException.of(type.toString(), safeKey(type, event), violations);
    }
    String topic = type.topic(topics).name();
    String key = type.keyOf(event);
    CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
    try {
      producer.send(
          new ProducerRecord<>(topic, key, event),
          (metadata, error) -> {
            if (error == null) {
              acknowledged.complete(metadata);
            } else {
              acknowledged.completeExceptionally(
                  new PublishException(
                      describe(type, topic, key) + " was not acknowledged", error));
            }
          });
    } catch (KafkaException e) {
      throw new PublishException("cannot send " + describe(type, topic, key), e);
    }
    return acknowledged;
  }

  /** Sends everything queued and waits for the broker's answers. */
  public void flush() {
    producer.flush();
  }

  /** The topic events of {@code type} go to. */
  public String topic(EventType type) {
    return type.topic(topics).name();
  }

  /** Sends what is queued, then closes the producer (waiting up to 30 s). */
  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }

  private static String safeKey(EventType type, SpecificRecord event) {
    try {
      return type.keyOf(event);
    } catch (RuntimeException keyPartMissing) {
      return null;
    }
  }

  private static String describe(EventType type, String topic, String key) {
    return type + " " + key + " to " + topic;
  }

  /** Serializes each event with the value serde of its event's topic. */
  private static final class EventSerializer implements Serializer<SpecificRecord> {

    private final Map<Class<?>, Serializer<SpecificRecord>> byClass = new HashMap<>();
    private final SchemaRegistryClient registry;

    EventSerializer(Topics topics, SchemaRegistryClient registry) {
      this.registry = registry;
      for (EventType type : EventType.values()) {
        byClass.put(type.eventClass(), type.topic(topics).valueSerializer());
      }
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord event) {
      return byClass.get(event.getClass()).serialize(topic, event);
    }

    @Override
    public void close() {
      byClass.values().forEach(Serializer::close);
      registry.close();
    }
  }
}
