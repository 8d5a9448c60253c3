package io.demandflow.pipeline.allocation;

import io.demandflow.domain.allocation.AllocationSettings;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.Supply;
import io.demandflow.events.internal.LedgerInput;
import io.demandflow.events.internal.LedgerInputKind;
import io.demandflow.events.internal.LedgerOutput;
import io.demandflow.events.internal.Watermark;
import io.demandflow.pipeline.StateRetention;
import io.demandflow.pipeline.TopicNodes;
import io.demandflow.pipeline.input.InputTopology;
import io.demandflow.topics.AvroSerdes;
import io.demandflow.topics.Topics;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.ValueMapper;

/**
 * The US-first allocation ledger (SPEC R4, R5, R6).
 *
 * <ul>
 *   <li><b>Inputs</b>: what the order book gives the ledger (requests with their order, changes of
 *       orders that had a request, sums of US-demand changes: {@code OrderBookTopology}) in one
 *       single-partition topic {@code ledger-order-book}, so the ledger sees them in the order the
 *       order book decided them; and the validated supply, licenses and region policies of {@link
 *       InputTopology}, each in a single-partition topic {@code ledger-<kind>}. One task sees every
 *       input.
 *   <li><b>Processor</b>: {@code process-allocation-ledger} ({@link LedgerProcessor}) over the
 *       stores of {@link LedgerStores}.
 *   <li><b>Outputs</b>: {@link TopicNames#decisions()} (AllocationDecision, key allocationId) and
 *       {@link TopicNames#revenueShare()} (RevenueShare, key region|quarter, changelog).
 * </ul>
 *
 * <p>Why one partition: the rules couple keys. A request is checked against its product and period
 * (S, D_US, G_US, G_X), its order, and its customer's license cap, which spans products and
 * periods; R5 revokes across customers. One serial ledger makes every decision exact and in a total
 * order (the same file replays to the same decisions). Demand aggregation, eligibility and signals
 * stay partitioned; only ledger inputs pass through this serial point. docs/design.md ("How the
 * ledger scales") and docs/order-book.md give the figures.
 */
public final class AllocationTopology {

  /** Setting: the region whose open demand is reserved first. */
  public static final String PRIORITY_REGION = "demandflow.allocation.priority-region";

  /** Setting: whether US-priority preemption (SPEC R5) is on. */
  public static final String PREEMPTION_ENABLED = "demandflow.allocation.preemption.enabled";

  public static final String PROCESS_LEDGER = "process-allocation-ledger";

  private final Topics topics;
  private final AvroSerdes serdes;
  private final AllocationSettings settings;
  private final StateRetention retention;
  private final Serde<LedgerInput> inputSerde;
  private final Duration sequencingInterval;
  private final Duration maxHold;

  /**
   * @param sequencingInterval {@link Duration#ZERO}: the ledger decides in arrival order (replay,
   *     the ledger benchmark); otherwise it decides the order book's inputs in timestamp order
   *     ({@link LedgerSequenceGate}) and tells the app this often whether it still holds some back
   * @param maxHold how long the ledger holds an input back at most, watermark or not
   */
  public AllocationTopology(
      Topics topics,
      AvroSerdes serdes,
      AllocationSettings settings,
      StateRetention retention,
      Duration sequencingInterval,
      Duration maxHold) {
    this.sequencingInterval = Objects.requireNonNull(sequencingInterval, "sequencingInterval");
    this.maxHold = Objects.requireNonNull(maxHold, "maxHold");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.topics = Objects.requireNonNull(topics);
    this.serdes = Objects.requireNonNull(serdes);
    this.settings = Objects.requireNonNull(settings);
    this.inputSerde = serdes.value(LedgerInput.class);
  }

  /** The ledger settings of a configuration; defaults: US, preemption on. */
  public static AllocationSettings settings(Map<String, ?> config) {
    Object region = config.get(PRIORITY_REGION);
    Object preemption = config.get(PREEMPTION_ENABLED);
    return new AllocationSettings(
        region == null ? AllocationSettings.DEFAULTS.priorityRegion() : region.toString().strip(),
        preemption == null
            ? AllocationSettings.DEFAULTS.preemptionEnabled()
            : Boolean.parseBoolean(preemption.toString().strip()));
  }

  /**
   * @param orderBookInputs the ledger inputs of the order book, in the order it decided them
   */
  public void addTo(
      StreamsBuilder builder,
      InputTopology.Inputs inputs,
      KStream<String, LedgerInput> orderBookInputs) {
    KStream<String, LedgerInput> ledgerInputs =
        orderBookInputs
            .repartition(
                Repartitioned.with(AvroSerdes.keys(), inputSerde)
                    .withName("ledger-order-book")
                    .withNumberOfPartitions(1))
            .merge(
                toLedger(
                    inputs.supplyEvents(),
                    "supply",
                    (Supply s) -> input(LedgerInputKind.SUPPLY).setSupply(s).build()),
                Named.as("merge-ledger-supply"))
            .merge(
                toLedger(
                    inputs.licenseEvents(),
                    "license",
                    (ExportLicense l) -> input(LedgerInputKind.LICENSE).setLicense(l).build()),
                Named.as("merge-ledger-licenses"))
            .merge(
                toLedger(
                    inputs.policyEvents(),
                    "policy",
                    (RegionPolicy p) -> input(LedgerInputKind.POLICY).setPolicy(p).build()),
                Named.as("merge-ledger-policies"));

    addLedger(builder, ledgerInputs);
  }

  /**
   * The ledger itself over a stream that already holds every input in its order (one partition):
   * the processor, its stores and its two outputs. {@link #addTo} feeds it the pipeline's inputs;
   * the ledger benchmark feeds it a topic of prepared inputs.
   */
  public void addLedger(StreamsBuilder builder, KStream<String, LedgerInput> ledgerInputs) {
    LedgerStores.storeBuilders(topics, serdes).forEach(builder::addStateStore);
    String[] stores = LedgerStores.ALL;
    if (!sequencingInterval.isZero()) {
      LedgerSequenceGate.storeBuilders(serdes.value(Watermark.class))
          .forEach(builder::addStateStore);
      stores =
          Stream.concat(
                  Arrays.stream(stores),
                  Stream.of(LedgerSequenceGate.BUFFER, LedgerSequenceGate.WATERMARKS))
              .toArray(String[]::new);
    }
    KStream<String, LedgerOutput> outputs =
        ledgerInputs.process(
            () -> new LedgerProcessor(settings, retention, inputSerde, sequencingInterval, maxHold),
            Named.as(PROCESS_LEDGER),
            stores);

    outputs
        .split(Named.as("split-ledger-outputs-"))
        .branch(
            (key, output) -> output.getDecision() != null,
            Branched.withConsumer(
                decisions ->
                    TopicNodes.to(
                        decisions.mapValues(
                            LedgerOutput::getDecision, Named.as("unwrap-decisions")),
                        topics.decisions()),
                "decisions"))
        .branch(
            (key, output) -> output.getRevenueShare() != null,
            Branched.withConsumer(
                shares ->
                    TopicNodes.to(
                        shares.mapValues(
                            LedgerOutput::getRevenueShare, Named.as("unwrap-revenue-share")),
                        topics.revenueShare()),
                "revenue-share"));
  }

  private static LedgerInput.Builder input(LedgerInputKind kind) {
    return LedgerInput.newBuilder().setKind(kind);
  }

  /**
   * Wraps one kind of input and moves it to its single-partition ledger topic; a null value (a
   * tombstone of a license, policy or supply) becomes an input of that kind without payload.
   */
  private <V> KStream<String, LedgerInput> toLedger(
      KStream<String, V> stream, String kind, ValueMapper<V, LedgerInput> wrap) {
    LedgerInputKind inputKind = LedgerInputKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
    return stream
        .mapValues(
            value -> value == null ? input(inputKind).build() : wrap.apply(value),
            Named.as("wrap-ledger-" + kind))
        .repartition(
            Repartitioned.with(AvroSerdes.keys(), inputSerde)
                .withName("ledger-" + kind)
                .withNumberOfPartitions(1));
  }
}
