package io.demandflow.bench;

import io.demandflow.embedded.LocalKafkaStack;
import io.demandflow.embedded.TemporaryDirectory;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.app.TopicProvisioner;
import io.demandflow.topics.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

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
 *
 * <p>Each part is its own class ({@link ThroughputBench}, {@link LatencyBench}, {@link
 * GrowthBench}, {@link LedgerBench}) over the steps they share ({@link PipelineRuns}).
 */
public final class Benchmark {

  static final String INTERCEPTORS =
      StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);

  private final PipelineRuns runs;
  private final BenchSettings settings;

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
    this.settings = settings;
    Map<String, String> overrides = new HashMap<>();
    clientProperties.forEach((key, value) -> overrides.put(key, String.valueOf(value)));
    overrides.put(DemandflowConfig.TOPIC_PARTITIONS, String.valueOf(settings.partitions()));
    overrides.put(
        StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(settings.commitIntervalMs()));
    overrides.put(
        StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(settings.streamThreads()));
    overrides.put(INTERCEPTORS, FirstConsumedClock.class.getName());
    overrides.putAll(settings.pipelineSettings());
    this.runs =
        new PipelineRuns(
            clientProperties,
            workDir,
            settings,
            barriers,
            progress,
            DemandflowConfig.of(overrides));
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

  /** Runs the parts the settings ask for and returns the figures. */
  public BenchReport run() throws Exception {
    TopicNames topics = TopicNames.defaults();
    TopicProvisioner.ensureTopics(runs.base, topics);
    ThroughputBench throughputBench = new ThroughputBench(runs, topics);
    runs.broker.createTopics(
        throughputBench.inputs().stream().map(PassThroughApp::outputTopic).toList(),
        settings.partitions());
    boolean throughputRuns = settings.runs(BenchPart.THROUGHPUT);
    if (throughputRuns) {
      runs.progress.accept("pre-producing " + settings.events() + " simulator events...");
      Workload.publishSimulated(runs.base, settings.seed(), settings.events());
    }

    List<ThroughputBench.Variant> variants =
        throughputRuns ? throughputBench.variants() : List.of();
    Map<String, List<Measurement>> throughput = throughputBench.run(variants);
    SubtopologySplit split = throughputRuns ? throughputBench.runAttribution() : null;
    LatencyResult latency = settings.runs(BenchPart.LATENCY) ? new LatencyBench(runs).run() : null;
    List<GrowthResult> growth = new ArrayList<>();
    if (settings.runs(BenchPart.GROWTH)) {
      GrowthBench growthBench = new GrowthBench(runs);
      for (int size : settings.growthSizes()) {
        growth.add(growthBench.run(size));
      }
    }
    LedgerResult ledger = settings.runs(BenchPart.LEDGER) ? runLedger() : null;
    Map<String, String> descriptions = new LinkedHashMap<>();
    variants.forEach(v -> descriptions.put(v.name(), v.description()));
    return new BenchReport(settings, descriptions, throughput, split, latency, growth, ledger);
  }

  private LedgerResult runLedger() throws Exception {
    String applicationId = runs.nextApplicationId("ledger");
    return new LedgerBench(
            runs.clientProperties,
            runs.base,
            applicationId,
            runs.stateDir(applicationId),
            settings,
            runs.progress)
        .run();
  }
}
