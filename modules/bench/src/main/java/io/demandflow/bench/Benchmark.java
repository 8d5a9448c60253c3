package io.demandflow.bench;

import io.demandflow.embedded.LocalKafkaStack;
import io.demandflow.embedded.TemporaryDirectory;
import io.demandflow.ingest.DemandflowPublisher;
import io.demandflow.ingest.simulate.Pacer;
import io.demandflow.ingest.simulate.Simulator;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.app.TopicProvisioner;
import io.demandflow.topics.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The end-to-end benchmark behind {@code ./demandflow bench}, on a broker and registry it is given
 * (the command starts an embedded one). In one run, so that only ratios between its own figures
 * count:
 *
 * <ol>
 *   <li>pre-produces {@link BenchSettings#events()} seeded simulator events;
 *   <li>{@link BenchSettings#warmupRounds()} unmeasured rounds of every variant (JIT warm-up);
 *   <li>throughput rounds, interleaved (the order rotates every round): the pass-through baseline,
 *       the pipeline under exactly_once_v2 and under at_least_once, each with a fresh {@code
 *       application.id} and state directory so that it processes every input record;
 *   <li>latency of the pipeline (exactly_once_v2) at a fixed, paced input rate;
 *   <li>growth: a fixed batch of events with 10k, 100k, ... open orders already in state;
 *   <li>the ledger alone on one thread ({@link LedgerBench}): decisions per second with many open
 *       orders in state.
 * </ol>
 */
public final class Benchmark {

  static final String BASELINE = "baseline";
  static final String EXACTLY_ONCE = "pipeline-eos";
  static final String AT_LEAST_ONCE = "pipeline-alos";

  /** What a run on fresh state subtracts: nothing. */
  private static final Measurement NO_OFFSETS = new Measurement(0, 0, -1, -1, 0, 0);

  static final String INTERCEPTORS =
      StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);

  /** One kind of throughput run. */
  record Variant(String name, String description, Map<String, String> overrides) {
    boolean isBaseline() {
      return name.equals(BASELINE);
    }
  }

  private final Map<String, Object> clientProperties;
  private final Path workDir;
  private final BenchSettings settings;
  private final CompletionBarrier.Factory barriers;
  private final Consumer<String> progress;
  private final DemandflowConfig base;
  private final BenchBroker broker;
  private int runs;

  /**
   * @param clientProperties how to reach the broker and registry ({@code bootstrap.servers}, {@code
   *     schema.registry.url}, security)
   * @param workDir where state directories go (each removed after its run)
   * @param progress one line per step, for the user to watch
   */
  public Benchmark(
      Map<String, Object> clientProperties,
      Path workDir,
      BenchSettings settings,
      CompletionBarrier.Factory barriers,
      Consumer<String> progress) {
    this.clientProperties = Map.copyOf(clientProperties);
    this.workDir = workDir;
    this.settings = settings;
    this.barriers = barriers;
    this.progress = progress;
    Map<String, String> overrides = new HashMap<>();
    clientProperties.forEach((key, value) -> overrides.put(key, String.valueOf(value)));
    overrides.put(DemandflowConfig.TOPIC_PARTITIONS, String.valueOf(settings.partitions()));
    overrides.put(
        StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(settings.commitIntervalMs()));
    overrides.put(
        StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(settings.streamThreads()));
    overrides.put(INTERCEPTORS, FirstConsumedClock.class.getName());
    overrides.putAll(settings.pipelineSettings());
    this.base = DemandflowConfig.of(overrides);
    this.broker = new BenchBroker(clientProperties);
  }

  /** The throughput variants, in the order of the first round. */
  List<Variant> variants() {
    List<Variant> variants = new ArrayList<>();
    variants.add(
        new Variant(
            BASELINE,
            "baseline: pass-through (at_least_once)",
            Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)));
    variants.add(
        new Variant(
            EXACTLY_ONCE,
            "pipeline exactly_once_v2",
            Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)));
    variants.add(
        new Variant(
            AT_LEAST_ONCE,
            "pipeline at_least_once",
            Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)));
    if (settings.compareCommitIntervalMs() > 0) {
      variants.add(
          new Variant(
              "pipeline-eos-commit-" + settings.compareCommitIntervalMs(),
              "pipeline exactly_once_v2, commit.interval.ms=" + settings.compareCommitIntervalMs(),
              Map.of(
                  StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                  StreamsConfig.EXACTLY_ONCE_V2,
                  StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                  String.valueOf(settings.compareCommitIntervalMs()))));
    }
    settings
        .compareSettings()
        .forEach(
            (key, value) ->
                variants.add(
                    new Variant(
                        // The name is part of application.id and of topic names.
                        ("pipeline-eos-" + key + "-" + value).replaceAll("[^A-Za-z0-9._-]", "_"),
                        "pipeline exactly_once_v2, " + key + "=" + value,
                        Map.of(
                            StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                            StreamsConfig.EXACTLY_ONCE_V2,
                            key,
                            value))));
    return variants;
  }

  /**
   * Starts an embedded broker and registry in a temporary directory, runs the benchmark on them and
   * removes everything it created.
   */
  public static BenchReport runOnEmbeddedStack(
      BenchSettings settings, CompletionBarrier.Factory barriers, Consumer<String> progress)
      throws Exception {
    Path workDir = Files.createTempDirectory("demandflow-bench-");
    try {
      progress.accept("starting an embedded Kafka broker and schema registry...");
      try (LocalKafkaStack stack =
          LocalKafkaStack.builder()
              .broker(broker -> broker.dataDirectory(workDir.resolve("kafka")))
              .start()) {
        return new Benchmark(
                stack.clientProperties(), workDir.resolve("streams"), settings, barriers, progress)
            .run();
      }
    } finally {
      TemporaryDirectory.deleteRecursively(workDir);
    }
  }

  /** Runs everything and returns the figures. */
  public BenchReport run() throws Exception {
    TopicNames topics = TopicNames.defaults();
    TopicProvisioner.ensureTopics(base, topics);
    List<String> inputs = inputTopics(topics);
    broker.createTopics(
        inputs.stream().map(PassThroughApp::outputTopic).toList(), settings.partitions());
    if (settings.runs(BenchPart.THROUGHPUT)) {
      progress.accept("pre-producing " + settings.events() + " simulator events...");
      Workload.publishSimulated(base, settings.seed(), settings.events());
    }

    List<Variant> variants = settings.runs(BenchPart.THROUGHPUT) ? variants() : List.of();
    Map<String, List<Measurement>> throughput = runThroughput(variants, inputs);
    SubtopologySplit split = settings.runs(BenchPart.THROUGHPUT) ? runAttribution() : null;
    LatencyResult latency = settings.runs(BenchPart.LATENCY) ? runLatency() : null;
    List<GrowthResult> growth = new ArrayList<>();
    if (settings.runs(BenchPart.GROWTH)) {
      for (int size : settings.growthSizes()) {
        growth.add(runGrowth(size));
      }
    }
    LedgerResult ledger = settings.runs(BenchPart.LEDGER) ? runLedger() : null;
    Map<String, String> descriptions = new LinkedHashMap<>();
    variants.forEach(v -> descriptions.put(v.name(), v.description()));
    return new BenchReport(settings, descriptions, throughput, split, latency, growth, ledger);
  }

  /** Warm-up rounds, then the measured rounds of every variant, interleaved. */
  private Map<String, List<Measurement>> runThroughput(List<Variant> variants, List<String> inputs)
      throws Exception {
    for (int round = 0; round < settings.warmupRounds(); round++) {
      for (Variant variant : variants) {
        Measurement m = runRound(variant, inputs);
        progress.accept(
            String.format(
                "warm-up %d/%d %-42s %,10.0f records/s  %6.1f CPU s/M records (not counted)",
                round + 1,
                settings.warmupRounds(),
                variant.description(),
                m.recordsPerSecond(),
                m.cpuSecondsPerMillion()));
      }
    }
    Map<String, List<Measurement>> throughput = new LinkedHashMap<>();
    variants.forEach(v -> throughput.put(v.name(), new ArrayList<>()));
    for (int round = 0; round < settings.rounds(); round++) {
      for (int i = 0; i < variants.size(); i++) {
        // Rotate the order each round: no variant always runs first or last.
        Variant variant = variants.get((i + round) % variants.size());
        Measurement m = runRound(variant, inputs);
        throughput.get(variant.name()).add(m);
        progress.accept(
            String.format(
                "round %d/%d %-44s %,10.0f records/s  %6.1f CPU s/M records",
                round + 1,
                settings.rounds(),
                variant.description(),
                m.recordsPerSecond(),
                m.cpuSecondsPerMillion()));
      }
    }
    return throughput;
  }

  private static List<String> inputTopics(TopicNames topics) {
    return List.of(
        topics.orders(),
        topics.allocations(),
        topics.supply(),
        topics.licenses(),
        topics.policies());
  }

  private Measurement runRound(Variant variant, List<String> inputs) throws Exception {
    return variant.isBaseline() ? runBaseline(variant, inputs) : runPipelineRound(variant);
  }

  private Measurement runBaseline(Variant variant, List<String> inputs) throws Exception {
    String applicationId = nextApplicationId(variant.name());
    Path stateDir = workDir.resolve(applicationId);
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(settings.commitIntervalMs()));
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(settings.streamThreads()));
    props.put(INTERCEPTORS, FirstConsumedClock.class.getName());
    props.putAll(variant.overrides());
    FirstConsumedClock.reset();
    try (PassThroughApp app = new PassThroughApp(props, inputs)) {
      app.start();
      app.awaitAllCommitted(settings.runTimeout());
      return measuredSinceFirstRecord(settings.events());
    } finally {
      removeRunLeftovers(applicationId, stateDir);
    }
  }

  private Measurement runPipelineRound(Variant variant) throws Exception {
    String applicationId = nextApplicationId(variant.name());
    Path stateDir = workDir.resolve(applicationId);
    DemandflowConfig config = pipelineConfig(base, applicationId, stateDir, variant.overrides());
    try {
      return withTopicOffsets(runPipeline(config, settings.events()), applicationId, NO_OFFSETS);
    } finally {
      removeRunLeftovers(applicationId, stateDir);
    }
  }

  /** Starts the pipeline, waits until everything published is processed, stops it. */
  private Measurement runPipeline(DemandflowConfig config, long records) throws Exception {
    FirstConsumedClock.reset();
    try (DemandflowApp app = startPipeline(config);
        CompletionBarrier barrier = barriers.forApp(app)) {
      barrier.await(settings.runTimeout());
      return measuredSinceFirstRecord(records);
    }
  }

  private DemandflowApp startPipeline(DemandflowConfig config) {
    DemandflowApp app = DemandflowApp.create(config).start();
    if (!app.awaitRunning(settings.runTimeout())) {
      app.close();
      throw new IllegalStateException(
          "the pipeline did not reach RUNNING within " + settings.runTimeout());
    }
    return app;
  }

  static Measurement measuredSinceFirstRecord(long records) {
    long end = System.nanoTime();
    long cpu = ProcessMeter.cpuNanos();
    long first = FirstConsumedClock.firstNanos();
    if (first == 0) {
      throw new IllegalStateException("the application finished without consuming a record");
    }
    long cpuAtFirst = FirstConsumedClock.cpuAtFirstNanos();
    long cpuUsed = cpu < 0 || cpuAtFirst < 0 ? -1 : cpu - cpuAtFirst;
    return new Measurement(records, end - first, cpuUsed, ProcessMeter.residentBytes());
  }

  /**
   * One more exactly-once round on fresh state, not counted in the throughput figures: every
   * processor timed ({@link ProcessTimeWrapper}), the stream threads' CPU and each internal topic's
   * offsets taken, to split the cost by sub-topology.
   */
  private SubtopologySplit runAttribution() throws Exception {
    String applicationId = nextApplicationId("attribution");
    Path stateDir = workDir.resolve(applicationId);
    DemandflowConfig config =
        pipelineConfig(
            base,
            applicationId,
            stateDir,
            Map.of(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG,
                ProcessTimeWrapper.class.getName()));
    progress.accept("attribution: one instrumented exactly_once_v2 round (not counted)...");
    try {
      ProcessTimeWrapper.reset();
      FirstConsumedClock.reset();
      Map<String, Long> cpuByThreadGroup;
      Map<String, Long> nanosByProcessor;
      TopologyDescription description;
      try (DemandflowApp app = startPipeline(config);
          CompletionBarrier barrier = barriers.forApp(app)) {
        barrier.await(settings.runTimeout());
        cpuByThreadGroup =
            ThreadCpu.usedByGroup(FirstConsumedClock.threadsAtFirst(), ThreadCpu.snapshot());
        nanosByProcessor = ProcessTimeWrapper.nanosByProcessor();
        description = app.topology().describe();
      }
      return SubtopologySplit.of(
          description,
          applicationId,
          nanosByProcessor,
          broker.endOffsetsByTopic(BenchBroker.internalTopicsOf(applicationId)),
          cpuByThreadGroup,
          settings.events());
    } finally {
      removeRunLeftovers(applicationId, stateDir);
    }
  }

  /** Exactly-once pipeline at a paced rate, with a probe on the customer-demand output. */
  private LatencyResult runLatency() throws Exception {
    String applicationId = nextApplicationId("latency");
    Path stateDir = workDir.resolve(applicationId);
    DemandflowConfig config =
        pipelineConfig(
            withSettings(base, BenchTopics.prefixed("bench.latency.")),
            applicationId,
            stateDir,
            Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2));
    TopicNames topics = TopicNames.from(config.asMap());
    progress.accept(
        String.format(
            "latency: exactly_once_v2 at %,.0f events/s for %s (first %s not counted)...",
            settings.latencyRate(), settings.latencyDuration(), settings.latencyWarmup()));
    Properties clientProps = new Properties();
    clientProps.putAll(clientProperties);
    try (DemandflowApp app = startPipeline(config);
        CompletionBarrier barrier = barriers.forApp(app);
        LatencyProbe probe = new LatencyProbe(clientProps, topics.customerDemand());
        DemandflowPublisher publisher = DemandflowPublisher.create(config.asMap())) {
      Simulator simulator = Workload.simulator(settings.seed() + 1);
      Pacer pacer = Pacer.sleeping(settings.latencyRate());
      long startMillis = System.currentTimeMillis();
      long started = System.nanoTime();
      probe.countFrom(startMillis + settings.latencyWarmup().toMillis());
      long until = started + settings.latencyDuration().toNanos();
      long sent = 0;
      while (System.nanoTime() < until) {
        pacer.awaitNext();
        // The record gets the send time as its timestamp; the event time is the same instant.
        publisher.publish(simulator.next(Instant.now()));
        sent++;
      }
      double achieved = sent / ((System.nanoTime() - started) / 1e9);
      publisher.flush();
      barrier.await(settings.runTimeout());
      probe.drain(committedEnds(topics.customerDemand()), settings.runTimeout());
      return probe.result(settings.latencyRate(), achieved);
    } finally {
      removeRunLeftovers(applicationId, stateDir);
    }
  }

  /**
   * Pre-loads {@code openOrders} open orders into a pipeline's state (not timed), stops it, then
   * times a fixed batch of simulator events on the same state.
   */
  private GrowthResult runGrowth(int openOrders) throws Exception {
    String applicationId = nextApplicationId("growth-" + openOrders);
    Path stateDir = workDir.resolve(applicationId);
    DemandflowConfig config =
        pipelineConfig(
            withSettings(base, BenchTopics.prefixed("bench.growth-" + openOrders + ".")),
            applicationId,
            stateDir,
            Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2));
    try {
      TopicProvisioner.ensureTopics(config, TopicNames.from(config.asMap()));
      progress.accept(String.format("growth: pre-loading %,d open orders...", openOrders));
      Workload.publishOpenOrders(config, settings.seed(), openOrders);
      // Loads the state; its figures are not the point.
      Measurement loaded =
          withTopicOffsets(runPipeline(config, openOrders), applicationId, NO_OFFSETS);
      Workload.publishSimulated(config, settings.seed() + 2, settings.growthBatch());
      Measurement batch =
          withTopicOffsets(runPipeline(config, settings.growthBatch()), applicationId, loaded);
      progress.accept(
          String.format(
              "growth: %,d open orders: %,.0f records/s, %.1f CPU s/M records, RSS %,d MiB,"
                  + " %.1f internal offsets/record, %.2f ledger inputs/record",
              openOrders,
              batch.recordsPerSecond(),
              batch.cpuSecondsPerMillion(),
              batch.residentBytes() >> 20,
              batch.internalOffsetsPerRecord(),
              batch.ledgerOffsetsPerRecord()));
      return new GrowthResult(openOrders, batch);
    } finally {
      removeRunLeftovers(applicationId, stateDir);
    }
  }

  private LedgerResult runLedger() throws Exception {
    String applicationId = nextApplicationId("ledger");
    return new LedgerBench(
            clientProperties,
            base,
            applicationId,
            workDir.resolve(applicationId),
            settings,
            progress)
        .run();
  }

  static DemandflowConfig pipelineConfig(
      DemandflowConfig from, String applicationId, Path stateDir, Map<String, String> overrides) {
    return withSettings(from, overrides)
        .with(DemandflowConfig.APPLICATION_ID, applicationId)
        .with(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
  }

  static DemandflowConfig withSettings(DemandflowConfig from, Map<String, String> more) {
    DemandflowConfig config = from;
    for (Map.Entry<String, String> entry : more.entrySet()) {
      config = config.with(entry.getKey(), entry.getValue());
    }
    return config;
  }

  private String nextApplicationId(String name) {
    return "bench-" + name + "-" + (++runs);
  }

  /**
   * {@code measured} with the offsets its run wrote to the application's internal topics and, of
   * those, to the ledger's input topics, less what an {@code earlier} run on the same state wrote.
   */
  private Measurement withTopicOffsets(
      Measurement measured, String applicationId, Measurement earlier) throws Exception {
    return measured
        .withInternalOffsets(
            broker.endOffsets(BenchBroker.internalTopicsOf(applicationId))
                - Math.max(0, earlier.internalOffsets()))
        .withLedgerOffsets(
            broker.endOffsets(BenchBroker.ledgerInputTopicsOf(applicationId))
                - Math.max(0, earlier.ledgerOffsets()));
  }

  /** End offsets as a read_committed consumer sees them (the last stable offsets). */
  private Map<TopicPartition, Long> committedEnds(String topic) throws Exception {
    try (Admin admin = Admin.create(clientProperties)) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      return admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get()
          .entrySet()
          .stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
  }

  /** Deletes a finished run's internal topics and state directory: the broker stays lean. */
  private void removeRunLeftovers(String applicationId, Path stateDir) {
    broker.removeRunLeftovers(
        applicationId, BenchBroker.internalTopicsOf(applicationId), stateDir, progress);
  }
}
