package io.demandflow.cli.reliability;

import io.demandflow.events.AllocationDecision;
import io.demandflow.events.CustomerDemand;
import io.demandflow.events.RegionDemand;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.internal.LedgerTotals;
import io.demandflow.pipeline.allocation.LedgerStores;
import io.demandflow.topics.AvroSerdes;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What one pipeline run left in its output topics, read committed (what a downstream consumer
 * sees): the demand tables and revenue totals as latest value per key, every decision in log order,
 * the dead-letter count.
 *
 * @param customerDemand latest customer demand per key (deleted rows absent)
 * @param regionDemand latest region demand per key
 * @param revenueShare latest revenue totals per key
 * @param decisions every decision record, per partition in offset order
 * @param deadLetters records in the dead-letter topic
 */
record PipelineOutputs(
    Map<String, CustomerDemand> customerDemand,
    Map<String, RegionDemand> regionDemand,
    Map<String, RevenueShare> revenueShare,
    List<AllocationDecision> decisions,
    long deadLetters) {

  static PipelineOutputs read(
      Map<String, Object> client, TopicNames names, Map<String, String> serdeConfig) {
    Topics topics = Topics.of(names, serdeConfig);
    return new PipelineOutputs(
        latest(readAll(client, topics.customerDemand())),
        latest(readAll(client, topics.regionDemand())),
        latest(readAll(client, topics.revenueShare())),
        readAll(client, topics.decisions()).stream().map(ConsumerRecord::value).toList(),
        readAll(client, topics.dlq().name(), topics.dlq().valueDeserializer()).size());
  }

  private static <V> List<ConsumerRecord<String, V>> readAll(
      Map<String, Object> client, Topic<String, V> topic) {
    return readAll(client, topic.name(), topic.valueDeserializer());
  }

  /**
   * The allocation ledger's final totals per product and period (S, D_US, G_US, G_X), keyed {@code
   * product|period}: the latest committed value of each key in the changelog of its {@value
   * LedgerStores#TOTALS}, which Kafka Streams names {@code <application.id>-<store>-changelog}.
   */
  static Map<String, LedgerTotals> ledgerTotals(
      Map<String, Object> client, String applicationId, Map<String, String> serdeConfig) {
    String changelog = applicationId + "-" + LedgerStores.TOTALS + "-changelog";
    Map<String, LedgerTotals> totals = new TreeMap<>();
    latest(
            readAll(
                client,
                changelog,
                new AvroSerdes(serdeConfig).value(LedgerTotals.class).deserializer()))
        .values()
        .forEach(t -> totals.put(t.getProduct() + "|" + t.getPeriod(), t));
    return totals;
  }

  /**
   * Every record of {@code topic} up to its current end, read committed, partition by partition.
   */
  static <V> List<ConsumerRecord<String, V>> readAll(
      Map<String, Object> client, String topic, Deserializer<V> values) {
    Map<String, Object> props = new HashMap<>(client);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    List<ConsumerRecord<String, V>> records = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), values)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
              .toList();
      for (TopicPartition partition : partitions) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        while (consumer.position(partition) < end) {
          for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(500))) {
            records.add(r);
          }
        }
      }
    }
    return records;
  }

  private static <V> Map<String, V> latest(List<ConsumerRecord<String, V>> records) {
    Map<String, V> latest = new LinkedHashMap<>();
    for (ConsumerRecord<String, V> r : records) {
      if (r.value() == null) {
        latest.remove(r.key());
      } else {
        latest.put(r.key(), r.value());
      }
    }
    return latest;
  }

  /**
   * Whether the application's consumer group has processed every record of every topic it reads:
   * for each partition it has committed, nothing readable (read committed) lies at or after the
   * committed offset. Transaction markers after the last record are not records, hence the read
   * rather than a comparison with end offsets. False while nothing has been committed for {@code
   * inputs} yet.
   */
  static boolean fullyProcessed(Map<String, Object> client, String groupId, Set<String> inputs)
      throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(client)) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      Set<String> committedTopics =
          committed.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet());
      if (!committedTopics.containsAll(inputs)) {
        return false;
      }
      Map<TopicPartition, OffsetSpec> latest =
          committed.keySet().stream()
              .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get();
      List<TopicPartition> behind = new ArrayList<>();
      for (var entry : committed.entrySet()) {
        if (entry.getValue() == null
            || entry.getValue().offset() < ends.get(entry.getKey()).offset()) {
          behind.add(entry.getKey());
        }
      }
      return behind.isEmpty() || nothingReadable(client, behind, committed);
    }
  }

  private static boolean nothingReadable(
      Map<String, Object> client,
      List<TopicPartition> partitions,
      Map<TopicPartition, OffsetAndMetadata> committed) {
    Map<String, Object> props = new HashMap<>(client);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "progress-probe-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<byte[], byte[]> probe =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      probe.assign(partitions);
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata at = committed.get(tp);
        probe.seek(tp, at == null ? 0 : at.offset());
      }
      // The last stable offset decides what read_committed sees; an open transaction hides records.
      Map<TopicPartition, Long> ends = probe.endOffsets(partitions);
      for (int i = 0; i < 5; i++) {
        if (!probe.poll(Duration.ofMillis(300)).isEmpty()) {
          return false;
        }
      }
      return partitions.stream().allMatch(tp -> probe.position(tp) >= ends.get(tp));
    }
  }
}
