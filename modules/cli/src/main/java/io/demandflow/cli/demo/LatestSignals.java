package io.demandflow.cli.demo;

import io.demandflow.events.ProductionSignal;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The most recent production signals for the demo's live summary, read from the signals topic
 * ({@code read_committed}, from its beginning, no consumer group). Not thread-safe: call {@link
 * #refresh()} from the thread that prints.
 */
public final class LatestSignals implements AutoCloseable {

  private final KafkaConsumer<String, ProductionSignal> consumer;
  private final String topic;
  private final int limit;
  private final Deque<ProductionSignal> latest = new ArrayDeque<>();
  private final Map<String, ProductionSignal> latestByKey = new HashMap<>();
  private boolean assigned;

  /**
   * @param limit how many of the most recent signals to keep
   */
  public LatestSignals(DemandflowConfig config, int limit) {
    Topic<String, ProductionSignal> signals =
        Topics.of(TopicNames.from(config.asMap()), config.serdeConfig()).signals();
    this.topic = signals.name();
    this.limit = limit;
    Properties props = config.kafkaProperties();
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "demandflow-demo-signals");
    this.consumer =
        new KafkaConsumer<>(props, signals.keyDeserializer(), signals.valueDeserializer());
  }

  /** Reads what arrived since the last call; returns the latest signals, oldest first. */
  public List<ProductionSignal> refresh() {
    if (!assigned) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      assigned = true;
    }
    for (ConsumerRecord<String, ProductionSignal> record : consumer.poll(Duration.ofMillis(100))) {
      if (record.value() != null) {
        latestByKey.put(
            key(record.value().getProduct(), record.value().getPeriod()), record.value());
        latest.addLast(record.value());
        if (latest.size() > limit) {
          latest.removeFirst();
        }
      }
    }
    return List.copyOf(latest);
  }

  /** The latest signal of one product and period seen by {@link #refresh()}, or null. */
  public ProductionSignal latest(String product, String period) {
    return latestByKey.get(key(product, period));
  }

  private static String key(String product, String period) {
    return product + "|" + period;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
