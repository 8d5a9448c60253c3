package io.demandflow.pipeline.input;

import io.demandflow.pipeline.SequencingActivity;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link InputTicks} to every partition of the orders and allocations topics, every
 * order-book interval, while the ledger waits for watermarks ({@link SequencingActivity}): the
 * ticks let the watermark of a quiet partition move on, so the ledger can decide what it holds
 * back. Runs on a thread of its own beside the streams client; a tick that cannot be written is
 * logged (the next one follows an interval later). Started before the streams client, it first
 * records the topics' partition counts in the {@link SequencingActivity}.
 */
public final class InputTickPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InputTickPublisher.class);

  /**
   * For how many intervals after the ledger last held an input back ticks go on: the ledger notes
   * that it holds inputs every interval, so ticks stop soon after it let the last one through (and
   * a waiting barrier sees the input topics stop growing).
   */
  static final int ACTIVE_INTERVALS = 3;

  /** At most one warning per this period about ticks that failed. */
  private static final long WARN_EVERY_MS = 60_000;

  private final Producer<byte[], byte[]> producer;
  private final List<String> topics;
  private final SequencingActivity activity;
  private final ScheduledExecutorService timer;
  private final AtomicLong lastWarningMs = new AtomicLong(0);
  private final long activeWindowMs;

  InputTickPublisher(
      Producer<byte[], byte[]> producer,
      List<String> topics,
      SequencingActivity activity,
      Duration interval) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topics = List.copyOf(topics);
    this.activity = Objects.requireNonNull(activity, "activity");
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "demandflow-input-ticks");
              thread.setDaemon(true);
              return thread;
            });
    long period = interval.toMillis();
    this.activeWindowMs = ACTIVE_INTERVALS * period;
    declarePartitions();
    timer.scheduleWithFixedDelay(this::tickIfWaiting, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts ticking the given input topics with a producer of {@code kafkaProperties}.
   *
   * @param applicationId names the producer's client id
   */
  public static InputTickPublisher start(
      Properties kafkaProperties,
      String applicationId,
      List<String> topics,
      SequencingActivity activity,
      Duration interval) {
    Properties props = new Properties();
    props.putAll(kafkaProperties);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, applicationId + "-input-ticks");
    props.put(ProducerConfig.ACKS_CONFIG, "1");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    return new InputTickPublisher(
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()),
        topics,
        activity,
        interval);
  }

  /**
   * Tells the pipeline how many partitions each input topic has, before the streams client starts
   * (a failure is logged: the ticks tell it later).
   */
  private void declarePartitions() {
    for (String topic : topics) {
      try {
        activity.inputPartitions(topic, producer.partitionsFor(topic).size());
      } catch (RuntimeException e) {
        warn(topic, e);
      }
    }
  }

  /** One round: a tick to every partition of every topic, if the ledger waited recently. */
  void tickIfWaiting() {
    if (!activity.waitedWithin(System.currentTimeMillis(), activeWindowMs)) {
      return;
    }
    try {
      for (String topic : topics) {
        List<PartitionInfo> partitions = producer.partitionsFor(topic);
        for (PartitionInfo partition : partitions) {
          producer.send(
              InputTicks.tick(topic, partition.partition(), partitions.size()),
              (metadata, error) -> {
                if (error != null) {
                  warn(topic, error);
                }
              });
        }
      }
    } catch (RuntimeException e) {
      warn(String.join(", ", topics), e);
    }
  }

  private void warn(String topic, Exception error) {
    long now = System.currentTimeMillis();
    long last = lastWarningMs.get();
    if (now - last >= WARN_EVERY_MS && lastWarningMs.compareAndSet(last, now)) {
      log.warn(
          "cannot write input ticks to {} (the ledger waits until they pass): {}",
          topic,
          error.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
