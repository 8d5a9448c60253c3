package io.demandflow.replay;

import io.demandflow.pipeline.app.DemandflowConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads whole topics as they are at one moment: from the beginning to the end offsets taken when
 * reading starts, with a {@code read_committed} consumer that is assigned its partitions (no
 * consumer group, nothing committed). Under exactly-once, the end offset of a {@code
 * read_committed} consumer is the last stable offset, so records of open or aborted transactions
 * are never seen.
 */
final class CommittedTopicReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final Duration timeout;
  private final String bootstrapServers;

  CommittedTopicReader(DemandflowConfig config, Duration timeout) {
    this.timeout = timeout;
    this.bootstrapServers = config.get(DemandflowConfig.BOOTSTRAP_SERVERS);
    Properties props = config.kafkaProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "demandflow-state-reader");
    // Reading stops at known end offsets: waiting on the broker for more data only adds latency.
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Every committed record of {@code topic} up to its current end, partition by partition, each in
   * offset order.
   *
   * @throws IllegalStateException when the topic does not exist or its end is not reached in time
   */
  List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    try {
      return read(topic);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "cannot read " + topic + " from " + bootstrapServers + ": " + e.getMessage(), e);
    }
  }

  private List<ConsumerRecord<String, byte[]>> read(String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException(
          "topic " + topic + " does not exist: is the pipeline running against this cluster?");
    }
    List<TopicPartition> partitions =
        infos.stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .sorted(Comparator.comparingInt(TopicPartition::partition))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reachedEnd(end)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "could not read " + topic + " to its end offsets " + end + " within " + timeout);
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        // Records written after the end offsets were taken belong to a later state.
        if (record.offset() < end.get(partition)) {
          byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(record);
        }
      }
    }
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    partitions.forEach(p -> records.addAll(byPartition.getOrDefault(p, List.of())));
    return records;
  }

  private boolean reachedEnd(Map<TopicPartition, Long> end) {
    // position() moves past transaction markers too, so it reaches the end offset exactly.
    return end.entrySet().stream()
        .allMatch(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
