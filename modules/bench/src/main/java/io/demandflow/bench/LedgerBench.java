package io.demandflow.bench;

import io.demandflow.events.internal.LedgerInput;
import io.demandflow.pipeline.PipelineTopology;
import io.demandflow.pipeline.StateRetention;
import io.demandflow.pipeline.allocation.AllocationTopology;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.app.TopicProvisioner;
import io.demandflow.pipeline.errors.DeadLetterCounter;
import io.demandflow.topics.AvroSerdes;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;

/**
 * Ledger decisions per second on one thread: the pipeline's ledger ({@link
 * AllocationTopology#addLedger}) alone in a Kafka Streams application under exactly_once_v2, fed
 * prepared {@link LedgerWorkload} inputs from one single-partition topic, with the pipeline's
 * settings (RocksDB bounds, commit interval, handlers).
 *
 * <ol>
 *   <li>Not timed: the setup inputs and {@code openOrders} granted requests, processed until the
 *       application committed them all; then it is closed.
 *   <li>Timed, each on the state the previous left (same application id and state directory): new
 *       requests only, then as many new requests with order traffic. A phase's inputs are published
 *       before the application restarts; it is timed from the first record consumed to the
 *       committed offset reaching the end of the input.
 * </ol>
 */
final class LedgerBench {

  static final String REQUESTS_ONLY = "requests-only";
  static final String WITH_ORDER_TRAFFIC = "with-order-traffic";

  private static final String TOPIC_PREFIX = "bench.ledger.";
  private static final String INPUT_TOPIC = TOPIC_PREFIX + "inputs";

  private final BenchBroker broker;
  private final BenchSettings settings;
  private final Consumer<String> progress;
  private final String applicationId;
  private final Path stateDir;
  private final DemandflowConfig config;
  private final TopicNames topics;

  /**
   * @param base the benchmark's configuration (connection, commit interval, interceptors)
   */
  LedgerBench(
      Map<String, Object> clientProperties,
      DemandflowConfig base,
      String applicationId,
      Path stateDir,
      BenchSettings settings,
      Consumer<String> progress) {
    this.broker = new BenchBroker(clientProperties);
    this.settings = settings;
    this.progress = progress;
    this.applicationId = applicationId;
    this.stateDir = stateDir;
    this.config =
        PipelineRuns.pipelineConfig(
            PipelineRuns.withSettings(base, BenchTopics.prefixed(TOPIC_PREFIX)),
            applicationId,
            stateDir,
            Map.of(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                "1"));
    this.topics = TopicNames.from(config.asMap());
  }

  LedgerResult run() throws Exception {
    int openOrders = settings.ledgerOpenOrders();
    int requests = settings.ledgerRequests();
    try {
      TopicProvisioner.ensureTopics(config, topics);
      broker.createTopics(List.of(INPUT_TOPIC), 1);
      progress.accept(
          String.format("ledger: pre-loading %,d open orders with a grant each...", openOrders));
      long setupInputs = publish(LedgerWorkload::setup);
      publish(sink -> LedgerWorkload.requests(0, openOrders, sink));
      Measurement loaded = process(setupInputs + openOrders);
      progress.accept(
          String.format(
              "ledger: pre-loaded at %,.0f inputs/s (not counted)", loaded.recordsPerSecond()));

      List<LedgerResult.Phase> phases = new ArrayList<>();
      phases.add(
          timed(
              REQUESTS_ONLY,
              "requests only",
              requests,
              requests,
              sink -> LedgerWorkload.requests(openOrders, requests, sink)));
      phases.add(
          timed(
              WITH_ORDER_TRAFFIC,
              "requests + order changes + US demand sums",
              requests,
              LedgerWorkload.decisionsWithOrderTraffic(requests),
              sink ->
                  LedgerWorkload.requestsWithOrderTraffic(
                      openOrders + requests, requests, openOrders, sink)));
      return new LedgerResult(openOrders, phases);
    } finally {
      broker.removeRunLeftovers(
          applicationId,
          BenchBroker.internalTopicsOf(applicationId).or(name -> name.startsWith(TOPIC_PREFIX)),
          stateDir,
          progress);
    }
  }

  private LedgerResult.Phase timed(
      String name,
      String description,
      int requests,
      long decisions,
      Consumer<Consumer<LedgerWorkload.Keyed>> inputs)
      throws Exception {
    long count = publish(inputs);
    Measurement measured = process(count);
    LedgerResult.Phase phase =
        new LedgerResult.Phase(name, description, requests, decisions, measured);
    progress.accept(
        String.format(
            "ledger: %-50s %,10.0f requests/s %,10.0f inputs/s %6.1f CPU s/M inputs",
            description,
            phase.requestsPerSecond(),
            measured.recordsPerSecond(),
            measured.cpuSecondsPerMillion()));
    return phase;
  }

  /** Publishes what {@code inputs} generates to the input topic; returns how many records. */
  private long publish(Consumer<Consumer<LedgerWorkload.Keyed>> inputs) {
    try (LedgerInputSender sender = new LedgerInputSender(config, INPUT_TOPIC)) {
      inputs.accept(sender::send);
      return sender.sent();
    }
  }

  /** Runs the ledger until it committed everything published, then closes it. */
  private Measurement process(long records) throws Exception {
    FirstConsumedClock.reset();
    KafkaStreams streams = new KafkaStreams(topology(), streamsProperties());
    try {
      streams.start();
      broker.awaitCommitted(
          applicationId, List.of(INPUT_TOPIC), streams::state, settings.runTimeout());
      return PipelineRuns.measuredSinceFirstRecord(records);
    } finally {
      // Leave the group: the next phase's start rejoins at once. The state stays for it.
      streams.close(
          CloseOptions.timeout(Duration.ofMinutes(2))
              .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
  }

  private Topology topology() {
    StreamsBuilder builder = PipelineTopology.newStreamsBuilder(config.asMap());
    AvroSerdes serdes = new AvroSerdes(config.serdeConfig());
    new AllocationTopology(
            Topics.of(topics, serdes),
            serdes,
            AllocationTopology.settings(config.asMap()),
            StateRetention.from(config.asMap()),
            // The prepared inputs come in their order already (one partition).
            Duration.ZERO,
            Duration.ZERO)
        .addLedger(
            builder,
            builder.stream(
                INPUT_TOPIC,
                Consumed.with(AvroSerdes.keys(), serdes.value(LedgerInput.class))
                    .withName("source-ledger-bench-inputs")));
    return builder.build();
  }

  /** The pipeline's own Streams settings (RocksDB bounds, handlers) for this configuration. */
  private java.util.Properties streamsProperties() {
    return DemandflowApp.streamsProperties(config, topics, new DeadLetterCounter());
  }
}
