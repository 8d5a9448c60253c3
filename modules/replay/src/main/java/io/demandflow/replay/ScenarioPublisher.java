package io.demandflow.replay;

import io.demandflow.ingest.scenario.ScenarioEvent;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes scenario events in file order with one idempotent producer: each to its topic among the
 * {@link Topics} ({@code demandflow.topic.*}), encoded by that topic's value serde, with its record
 * key. The record timestamp is a replay clock: the time the publisher started, less one millisecond
 * per event to come, plus one per event sent, so timestamps grow strictly in file order, never lie
 * in the future, and are recent whatever the event times. Replay's input topics take them as they
 * are ({@code CreateTime}), so a task reading several input topics takes their records in file
 * order; topics stamped with the broker's arrival time ({@code LogAppendTime}, the default
 * elsewhere) replace them. The event's {@code eventTime} stays in the payload, so a scenario with
 * old event times is neither retained differently nor ordered differently (docs/topics.md). Events
 * are published as they are, valid or not by R8: the pipeline, not the publisher, sends bad input
 * to the dead-letter topic.
 *
 * <p>Events follow each other as {@link Pacing} says: batched for a replay, or one at a time as an
 * ERP publishing live would, each after the previous one was acknowledged.
 */
final class ScenarioPublisher implements AutoCloseable {

  /** How one event follows the previous one. */
  enum Pacing {
    /** As fast as the producer takes them, acknowledged together at the next {@link #flush()}. */
    BATCHED,
    /**
     * Each only once the previous one was acknowledged and the wall clock has moved past the
     * millisecond of that acknowledgement and of the broker's timestamp: SPEC §5's "published after
     * ... was acknowledged" at the millisecond resolution of {@code LogAppendTime}, so no two
     * events tie on the broker's clock.
     */
    ONE_BY_ONE_ACKNOWLEDGED
  }

  private final Topics topics;
  private final KafkaProducer<String, byte[]> producer;
  private final AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
  private final long firstTimestamp;
  private final Pacing pacing;
  private long published;

  /**
   * @param events how many events will be published (for the replay clock)
   */
  ScenarioPublisher(DemandflowConfig config, long events, Pacing pacing) {
    this.pacing = Objects.requireNonNull(pacing, "pacing");
    this.firstTimestamp = System.currentTimeMillis() - events;
    this.topics = Topics.of(TopicNames.from(config.asMap()), config.serdeConfig());
    Properties props = config.kafkaProperties();
    // Idempotent with one connection in flight per partition: retries cannot reorder the file.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "demandflow-replay-publisher");
    // Values are encoded by their topic's serde in publish, where the topic is known.
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Sends one event; a failure surfaces at the next {@link #flush()}, or here when each event is
   * acknowledged before the next.
   */
  void publish(ScenarioEvent line) throws InterruptedException {
    SpecificRecord event = line.event();
    Topic<String, SpecificRecord> eventTopic = line.type().topic(topics);
    String topic = eventTopic.name();
    String key = line.type().keyOf(event);
    byte[] value = eventTopic.valueSerializer().serialize(topic, event);
    Future<RecordMetadata> sent =
        producer.send(
            new ProducerRecord<>(topic, null, firstTimestamp + published, key, value),
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
    if (pacing == Pacing.ONE_BY_ONE_ACKNOWLEDGED) {
      awaitAcknowledgedAndNextMillisecond(sent);
    }
  }

  private void awaitAcknowledgedAndNextMillisecond(Future<RecordMetadata> sent)
      throws InterruptedException {
    RecordMetadata acknowledged;
    try {
      acknowledged = sent.get();
    } catch (ExecutionException e) {
      // The send's callback, run before the future completes, has recorded the failure.
      flush();
      throw new IllegalStateException(e.getCause());
    }
    long lastMillisecond = Math.max(acknowledged.timestamp(), System.currentTimeMillis());
    while (System.currentTimeMillis() <= lastMillisecond) {
      Thread.sleep(1);
    }
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
}
