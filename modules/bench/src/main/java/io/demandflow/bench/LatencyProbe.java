package io.demandflow.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one output topic with a {@code read_committed} consumer on its own thread and records, for
 * every output whose timestamp is at or after {@code countFrom}, when it became visible minus its
 * timestamp. Kafka Streams gives an output the timestamp of the input record that caused it, so
 * this is the end-to-end latency of that input.
 */
final class LatencyProbe implements AutoCloseable {

  /** Latencies above a minute are recorded as a minute (the histogram's range). */
  private static final long MAX_TRACKED_MS = 60_000;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Histogram histogram = new Histogram(MAX_TRACKED_MS, 3);
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile long countFrom = Long.MAX_VALUE;
  private volatile Map<TopicPartition, Long> drainTo;

  LatencyProbe(Properties clientProperties, String topic) {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-latency-probe");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end now, before any input is sent
    thread = new Thread(this::readUntilDrained, "bench-latency-probe");
    thread.setDaemon(true);
    thread.start();
  }

  /** Outputs of inputs stamped before this wall-clock time (epoch ms) are not counted. */
  void countFrom(long epochMillis) {
    countFrom = epochMillis;
  }

  /** Reads up to the current end of the topic, then stops; waits at most {@code timeout}. */
  void drain(Map<TopicPartition, Long> endOffsets, Duration timeout) throws InterruptedException {
    drainTo = endOffsets;
    draining.set(true);
    thread.join(timeout.toMillis());
    if (thread.isAlive()) {
      throw new IllegalStateException("the latency probe did not reach the end within " + timeout);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("the latency probe failed", failure.get());
    }
  }

  private void readUntilDrained() {
    try {
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
          long now = System.currentTimeMillis();
          if (record.timestamp() >= countFrom) {
            histogram.recordValue(Math.min(MAX_TRACKED_MS, Math.max(0, now - record.timestamp())));
          }
        }
        if (draining.get() && reached(drainTo)) {
          return;
        }
      }
    } catch (RuntimeException e) {
      failure.set(e);
    }
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  LatencyResult result(double targetRate, double achievedRate) {
    return new LatencyResult(
        targetRate,
        achievedRate,
        histogram.getTotalCount(),
        histogram.getValueAtPercentile(50),
        histogram.getValueAtPercentile(99),
        histogram.getValueAtPercentile(99.9),
        histogram.getMaxValue());
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
