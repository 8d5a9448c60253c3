package io.demandflow.commands;

import io.demandflow.events.ProductionSignal;
import io.demandflow.events.TopRegion;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demandflow signals}: the production signals (SPEC R7), one readable line each. */
@Command(
    name = "signals",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the production signals of demandflow.signals.production.v1 (read_committed), one",
      "line per signal: emission time, product, period, kind, eligible demand E, supply S,",
      "shortfall, recommended extra units, whether US demand exceeds supply, top regions and",
      "the signal's sequence number. Without --follow it prints the signals there are and exits;",
      "with --follow it goes on printing new ones until Ctrl-C."
    })
public final class SignalsCommand implements Callable<Integer> {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(names = "--follow", description = "Keep printing new signals until Ctrl-C.")
  boolean follow;

  @Override
  public Integer call() throws Exception {
    DemandflowConfig config = connection.resolve(System.getenv());
    Topic<String, ProductionSignal> signals =
        Topics.of(TopicNames.from(config.asMap()), config.serdeConfig()).signals();
    String topic = signals.name();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Deserializer<ProductionSignal> values = signals.valueDeserializer();
    try (ShutdownSignal stop = new ShutdownSignal("demandflow-signals", Duration.ofSeconds(10));
        KafkaConsumer<String, byte[]> consumer = newConsumer(config)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, TIMEOUT));
      while (!stop.isStopRequested() && (follow || !reached(consumer, end))) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          print(record, values, out, err);
        }
        out.flush();
      }
    }
    return ExitCodes.OK;
  }

  /** One signal as one line (see the command's description). */
  public static String format(ProductionSignal signal) {
    String regions =
        signal.getTopRegions().isEmpty()
            ? "-"
            : signal.getTopRegions().stream()
                .map(SignalsCommand::region)
                .collect(Collectors.joining(","));
    return String.format(
        "%s  %-16s %s  %-8s E=%d S=%d shortfall=%d recommended=%d usAtRisk=%s top=%s #%d",
        signal.getEmittedAt().truncatedTo(ChronoUnit.SECONDS),
        signal.getProduct(),
        signal.getPeriod(),
        signal.getKind(),
        signal.getEligibleUnits(),
        signal.getSupplyUnits(),
        signal.getShortfallUnits(),
        signal.getRecommendedUnits(),
        signal.getUsAtRisk() ? "yes" : "no",
        regions,
        signal.getSequence());
  }

  private static String region(TopRegion region) {
    return region.getRegion() + ":" + region.getEligibleUnits();
  }

  private static void print(
      ConsumerRecord<String, byte[]> record,
      Deserializer<ProductionSignal> values,
      PrintWriter out,
      PrintWriter err) {
    if (record.value() == null) {
      return; // the signals topic has no tombstones; nothing to show
    }
    try {
      out.println(format(values.deserialize(record.topic(), record.value())));
    } catch (RuntimeException e) {
      // Shown, not hidden: the record stays in the topic for whoever investigates.
      err.printf(
          "skipped a record that is not a ProductionSignal at %s-%d@%d: %s%n",
          record.topic(), record.partition(), record.offset(), e.getMessage());
    }
  }

  private static KafkaConsumer<String, byte[]> newConsumer(DemandflowConfig config) {
    Properties props = config.kafkaProperties();
    props.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned partitions, nothing committed
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "demandflow-signals-cli");
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<String, byte[]> consumer, String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException(
          "topic " + topic + " does not exist: is the pipeline running against this cluster?");
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  private static boolean reached(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    // position() moves past transaction markers, so it reaches the end offset exactly.
    return end.entrySet().stream()
        .allMatch(e -> consumer.position(e.getKey(), TIMEOUT) >= e.getValue());
  }
}
