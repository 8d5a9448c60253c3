package io.demandflow.replay;

import io.demandflow.ingest.scenario.ScenarioEvent;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.registry.SpecificAvroSerde;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes scenario events in file order with one idempotent producer: each through the registry
 * serde to its topic ({@code demandflow.topic.*}) with its record key. The record timestamp is a
 * replay clock: the time the publisher started, less one millisecond per event to come, plus one
 * per event sent, so timestamps grow strictly in file order, never lie in the future, and are
 * recent whatever the event times. Replay's input topics take them as they are ({@code
 * CreateTime}), so a task reading several input topics takes their records in file order; topics
 * stamped with the broker's arrival time ({@code LogAppendTime}, the default elsewhere) replace
 * them. The event's {@code eventTime} stays in the payload, so a scenario with old event times is
 * neither retained differently nor ordered differently (docs/topics.md). Events are published as
 * they are, valid or not by R8: the pipeline, not the publisher, sends bad input to the dead-letter
 * topic.
 */
final class ScenarioPublisher implements AutoCloseable {

  private final Map<String, String> config;
  private final KafkaProducer<String, SpecificRecord> producer;
  private final AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
  private final long firstTimestamp;
  private long published;

  /**
   * @param events how many events will be published (for the replay clock)
   */
  ScenarioPublisher(DemandflowConfig config, long events) {
    this.firstTimestamp = System.currentTimeMillis() - events;
    this.config = config.asMap();
    Properties props = config.kafkaProperties();
    // Idempotent with one connection in flight per partition: retries cannot reorder the file.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "demandflow-replay-publisher");
    this.producer =
        new KafkaProducer<>(
            props, new StringSerializer(), new EventSerializer(config.serdeConfig()));
  }

  /** Sends one event; a failure surfaces at the next {@link #flush()}. */
  void publish(ScenarioEvent line) {
    SpecificRecord event = line.event();
    String topic = line.type().topic(config);
    producer.send(
        new ProducerRecord<>(
            topic, null, firstTimestamp + published, line.type().keyOf(event), event),
        (metadata, error) -> {
          if (error != null) {
            firstFailure.compareAndSet(
                null,
                new IllegalStateException(
                    "cannot publish the "
                        + line.type()
                        + " of line "
                        + line.lineNumber()
                        + " to "
                        + topic
                        + ": "
                        + error.getMessage(),
                    error));
          }
        });
    published++;
  }

  /** Waits until every event sent so far is acknowledged; throws the first failure, if any. */
  void flush() {
    producer.flush();
    RuntimeException failure = firstFailure.get();
    if (failure != null) {
      throw failure;
    }
  }

  long published() {
    return published;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }

  /** One registry serde per event class, chosen by the record's class. */
  private static final class EventSerializer implements Serializer<SpecificRecord> {
    private final Map<String, String> serdeConfig;
    private final Map<Class<?>, Serializer<SpecificRecord>> serializers = new HashMap<>();

    EventSerializer(Map<String, String> serdeConfig) {
      this.serdeConfig = serdeConfig;
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord event) {
      return serializers
          .computeIfAbsent(event.getClass(), this::newSerializer)
          .serialize(topic, event);
    }

    @SuppressWarnings("unchecked")
    private Serializer<SpecificRecord> newSerializer(Class<?> type) {
      SpecificAvroSerde<SpecificRecord> serde =
          new SpecificAvroSerde<>((Class<SpecificRecord>) type);
      serde.configure(serdeConfig, false);
      return serde.serializer();
    }
  }
}
