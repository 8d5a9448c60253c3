package io.demandflow.pipeline.signals;

import io.demandflow.domain.signals.ProductDemandAggregation;
import io.demandflow.events.Supply;
import io.demandflow.events.internal.ProductDemand;
import io.demandflow.events.internal.SignalEvaluationState;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.TopicNodes;
import io.demandflow.pipeline.demand.DemandTopology;
import io.demandflow.pipeline.input.InputTopology;
import io.demandflow.topics.AvroSerdes;
import io.demandflow.topics.Topics;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Production signals (SPEC R7): per product and period, eligible demand E against supply S,
 * evaluated on a cadence with hysteresis.
 *
 * <ul>
 *   <li><b>Inputs</b>: the region demand table of {@link DemandTopology} (key {@code
 *       region|product|period}), the supply table of {@link InputTopology} (key {@code
 *       product|period}) and {@link TopicNames#signalsEvaluate()} (evaluation requests; key and
 *       value are ignored strings).
 *   <li><b>Output</b>: {@link TopicNames#signals()} ({@code ProductionSignal}, key {@code
 *       product|period}), one record per signal.
 *   <li><b>Stores</b>: {@value StoreNames#PRODUCT_DEMAND} (demand by region per product and period)
 *       and {@value StoreNames#SIGNAL_STATE} (latest inputs, dirty flag and hysteresis state per
 *       product and period).
 *   <li><b>Repartition topic</b>: {@value #PRODUCT_DEMAND_GROUPING} (region rows re-keyed to {@code
 *       product|period}).
 * </ul>
 *
 * <p>Co-partitioning, with one repartition hop only: the re-keyed demand is joined to the supply
 * table directly, without re-partitioning supply. Kafka Streams gives the repartition topic the
 * supply topic's partition count (a join's inputs form a co-partition group), and both sides are
 * partitioned by the default partitioner over the same string key, so partition p of each holds the
 * same keys. The control topic is read by the same sub-topology; created with the same partition
 * count as supply, its partition p reaches the task holding partition p of the signal state, which
 * is why an evaluation request is sent to every partition ({@link SignalEvaluations}).
 *
 * <p>Invariants: a signal is emitted only by an evaluation; the store update that records it and
 * the signal commit together (exactly-once); sequence numbers per key are 1, 2, 3, ... and the
 * state of a key is never deleted, so a sequence number is never reused.
 */
public final class SignalTopology {

  public static final String PRODUCT_DEMAND_GROUPING = "product-demand-by-product-period";
  public static final String JOIN_DEMAND_SUPPLY = "join-product-demand-supply";
  public static final String EVALUATE_SIGNALS = "evaluate-production-signals";

  private final Topics topics;
  private final SignalSettings settings;
  private final Serde<ProductDemand> productDemandSerde;
  private final Serde<SignalEvaluationState> stateSerde;

  public SignalTopology(Topics topics, AvroSerdes serdes, SignalSettings settings) {
    this.topics = Objects.requireNonNull(topics, "topics");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.productDemandSerde = serdes.value(ProductDemand.class);
    this.stateSerde = serdes.value(SignalEvaluationState.class);
  }

  /** Adds production signals over the validated inputs and the demand tables to {@code builder}. */
  public void addTo(
      StreamsBuilder builder, InputTopology.Inputs inputs, DemandTopology.Tables demand) {
    builder.addStateStore(stateStore());

    KTable<String, ProductDemand> productDemand =
        demand
            .regionDemand()
            .groupBy(
                (key, row) -> KeyValue.pair(Keys.join(row.getProduct(), row.getPeriod()), row),
                TopicNodes.grouped(topics.regionDemand(), PRODUCT_DEMAND_GROUPING))
            .aggregate(
                () -> null,
                (key, row, current) -> ProductDemandAggregation.add(current, row),
                (key, row, current) -> ProductDemandAggregation.retract(current, row),
                Named.as("aggregate-product-demand"),
                Materialized.<String, ProductDemand, KeyValueStore<Bytes, byte[]>>as(
                        StoreNames.PRODUCT_DEMAND)
                    .withKeySerde(AvroSerdes.keys())
                    .withValueSerde(productDemandSerde));

    // Outer: demand without supply (S = 0) and supply without demand (E = 0) both matter.
    KStream<String, SignalInput> changes =
        productDemand
            .<Supply, SignalInput>outerJoin(
                inputs.supply(), SignalInput.Inputs::new, Named.as(JOIN_DEMAND_SUPPLY))
            .toStream(Named.as("stream-signal-inputs"));

    KStream<String, SignalInput> requests =
        TopicNodes.stream(builder, topics.signalsEvaluate())
            .mapValues(
                value -> (SignalInput) SignalInput.EVALUATION_REQUEST,
                Named.as("to-signal-evaluation-request"));

    TopicNodes.to(
        changes
            .merge(requests, Named.as("merge-signal-inputs"))
            .process(
                () -> new SignalProcessor(settings),
                Named.as(EVALUATE_SIGNALS),
                StoreNames.SIGNAL_STATE),
        topics.signals());
  }

  private StoreBuilder<KeyValueStore<String, SignalEvaluationState>> stateStore() {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.SIGNAL_STATE), AvroSerdes.keys(), stateSerde);
  }
}
