package io.demandflow.pipeline;

import io.demandflow.pipeline.allocation.AllocationTopology;
import io.demandflow.pipeline.demand.DemandTopology;
import io.demandflow.pipeline.input.InputTopology;
import io.demandflow.pipeline.orderbook.OrderBookSettings;
import io.demandflow.pipeline.orderbook.OrderBookTopology;
import io.demandflow.pipeline.signals.SignalSettings;
import io.demandflow.pipeline.signals.SignalTopology;
import io.demandflow.topics.AvroSerdes;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;

/**
 * Where the pipeline's {@link StreamsBuilder} is made: validated inputs, the order book, demand
 * aggregation with eligibility, the allocation ledger and production signals add themselves to one
 * builder.
 */
public final class PipelineTopology {

  /**
   * Setting: partitions of the topics demandflow creates, and of the signal state; declared here
   * (not in {@code app}, which depends on this package) and taken over by {@code
   * DemandflowConfig.TOPIC_PARTITIONS}.
   */
  public static final String TOPIC_PARTITIONS = "demandflow.topic.partitions";

  private static final int DEFAULT_PARTITIONS = 2;

  private PipelineTopology() {}

  /**
   * The whole demandflow topology: validated inputs, demand aggregation with eligibility, the
   * allocation ledger and production signals.
   *
   * @param names the topics' names
   * @param serdeConfig the registry settings of the Avro serdes
   * @param streamsConfig the Streams configuration (its topology-level settings apply)
   */
  public static Topology build(
      TopicNames names, Map<String, ?> serdeConfig, Map<String, ?> streamsConfig) {
    StreamsBuilder builder = newStreamsBuilder(streamsConfig);
    // Each topic's serdes are built once, here, and shared by every sub-topology that reads,
    // writes, repartitions or stores its records; internal types take theirs from serdes.
    AvroSerdes serdes = new AvroSerdes(serdeConfig);
    Topics topics = Topics.of(names, serdes);
    InputTopology.Inputs inputs =
        new InputTopology(topics, signalPartitions(streamsConfig)).addTo(builder);
    OrderBookSettings orderBook = OrderBookSettings.from(streamsConfig);
    OrderBookTopology.Outputs book =
        new OrderBookTopology(topics, serdes, orderBook, StateRetention.from(streamsConfig))
            .addTo(builder, inputs);
    DemandTopology.Tables demand =
        new DemandTopology(topics, serdes).addTo(builder, inputs, book.orderChanges());
    new AllocationTopology(
            topics,
            serdes,
            AllocationTopology.settings(streamsConfig),
            StateRetention.from(streamsConfig),
            orderBook.sequencing() ? orderBook.interval() : Duration.ZERO,
            orderBook.orderWait())
        .addTo(builder, inputs, book.ledgerInputs());
    new SignalTopology(topics, serdes, SignalSettings.from(streamsConfig))
        .addTo(builder, inputs, demand);
    return builder.build();
  }

  /**
   * Partitions of the signal state ({@code demandflow.topic.partitions}, the count demandflow
   * creates its topics with; the signal evaluation topic needs at least as many).
   */
  public static int signalPartitions(Map<String, ?> config) {
    Object value = config.get(TOPIC_PARTITIONS);
    return value == null ? DEFAULT_PARTITIONS : Integer.parseInt(value.toString().strip());
  }

  /** {@link #build(TopicNames, Map, Map)} with default topology-level settings. */
  public static Topology build(TopicNames topics, Map<String, ?> serdeConfig) {
    return build(topics, serdeConfig, Map.of());
  }

  /**
   * A builder that refuses auto-named internal resources: {@code
   * ensure.explicit.internal.resource.naming} is forced to {@code true}, so building a topology
   * with an unnamed store, changelog or repartition topic fails instead of deploying a name that
   * changes with the next edit.
   *
   * @param streamsConfig the Streams configuration (its topology-level settings apply); {@code
   *     application.id} and {@code bootstrap.servers} may be left out when only building
   */
  public static StreamsBuilder newStreamsBuilder(Map<String, ?> streamsConfig) {
    Map<String, Object> config = new HashMap<>(Objects.requireNonNull(streamsConfig));
    // Only needed to validate StreamsConfig; building a topology never connects anywhere.
    config.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "demandflow");
    config.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    return new StreamsBuilder(new TopologyConfig(new StreamsConfig(config)));
  }
}
