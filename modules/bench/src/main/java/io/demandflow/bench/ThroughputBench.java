package io.demandflow.bench;

import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.topics.TopicNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The throughput part: warm-up rounds, then measured rounds of every variant, interleaved (the
 * order rotates every round) — the pass-through baseline and the pipeline under exactly_once_v2 and
 * at_least_once (and the variants {@code --compare} asks for), each on a fresh {@code
 * application.id} and state directory so that it processes every pre-produced input record — then
 * one instrumented exactly-once round that splits the cost by sub-topology.
 */
final class ThroughputBench {

  static final String BASELINE = "baseline";
  static final String EXACTLY_ONCE = "pipeline-eos";
  static final String AT_LEAST_ONCE = "pipeline-alos";

  /** One kind of throughput run. */
  record Variant(String name, String description, Map<String, String> overrides) {
    boolean isBaseline() {
      return name.equals(BASELINE);
    }
  }

  private final PipelineRuns runs;
  private final BenchSettings settings;
  private final List<String> inputs;

  ThroughputBench(PipelineRuns runs, TopicNames topics) {
    this.runs = runs;
    this.settings = runs.settings;
    this.inputs =
        List.of(
            topics.orders(),
            topics.allocations(),
            topics.supply(),
            topics.licenses(),
            topics.policies());
  }

  /** The input topics the baseline passes through, each to its own output topic. */
  List<String> inputs() {
    return inputs;
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
            setting ->
                variants.add(
                    new Variant(
                        // The name is part of application.id and of topic names.
                        ("pipeline-eos-" + setting.getKey() + "-" + setting.getValue())
                            .replaceAll("[^A-Za-z0-9._-]", "_"),
                        "pipeline exactly_once_v2, " + setting.getKey() + "=" + setting.getValue(),
                        Map.of(
                            StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                            StreamsConfig.EXACTLY_ONCE_V2,
                            setting.getKey(),
                            setting.getValue()))));
    return variants;
  }

  /** Warm-up rounds, then the measured rounds of every variant, interleaved. */
  Map<String, List<Measurement>> run(List<Variant> variants) throws Exception {
    for (int round = 0; round < settings.warmupRounds(); round++) {
      for (Variant variant : variants) {
        Measurement m = runRound(variant);
        runs.progress.accept(
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
        Measurement m = runRound(variant);
        throughput.get(variant.name()).add(m);
        runs.progress.accept(
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

  private Measurement runRound(Variant variant) throws Exception {
    return variant.isBaseline() ? runBaseline(variant) : runPipelineRound(variant);
  }

  private Measurement runBaseline(Variant variant) throws Exception {
    String applicationId = runs.nextApplicationId(variant.name());
    Properties props = new Properties();
    props.putAll(runs.clientProperties);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, runs.stateDir(applicationId).toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(settings.commitIntervalMs()));
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(settings.streamThreads()));
    props.put(Benchmark.INTERCEPTORS, FirstConsumedClock.class.getName());
    props.putAll(variant.overrides());
    FirstConsumedClock.reset();
    try (PassThroughApp app = new PassThroughApp(props, inputs)) {
      app.start();
      app.awaitAllCommitted(settings.runTimeout());
      return PipelineRuns.measuredSinceFirstRecord(settings.events());
    } finally {
      runs.removeRunLeftovers(applicationId);
    }
  }

  private Measurement runPipelineRound(Variant variant) throws Exception {
    String applicationId = runs.nextApplicationId(variant.name());
    DemandflowConfig config =
        PipelineRuns.pipelineConfig(
            runs.base, applicationId, runs.stateDir(applicationId), variant.overrides());
    try {
      return runs.withTopicOffsets(
          runs.runPipeline(config, settings.events()), applicationId, PipelineRuns.NO_OFFSETS);
    } finally {
      runs.removeRunLeftovers(applicationId);
    }
  }

  /**
   * One more exactly-once round on fresh state, not counted in the throughput figures: every
   * processor timed ({@link ProcessTimeWrapper}), the stream threads' CPU and each internal topic's
   * offsets taken, to split the cost by sub-topology.
   */
  SubtopologySplit runAttribution() throws Exception {
    String applicationId = runs.nextApplicationId("attribution");
    DemandflowConfig config =
        PipelineRuns.pipelineConfig(
            runs.base,
            applicationId,
            runs.stateDir(applicationId),
            Map.of(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG,
                ProcessTimeWrapper.class.getName()));
    runs.progress.accept("attribution: one instrumented exactly_once_v2 round (not counted)...");
    try {
      ProcessTimeWrapper.reset();
      FirstConsumedClock.reset();
      Map<String, Long> cpuByThreadGroup;
      Map<String, Long> nanosByProcessor;
      TopologyDescription description;
      try (DemandflowApp app = runs.startPipeline(config);
          CompletionBarrier barrier = runs.barriers.forApp(app)) {
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
          runs.broker.endOffsetsByTopic(BenchBroker.internalTopicsOf(applicationId)),
          cpuByThreadGroup,
          settings.events());
    } finally {
      runs.removeRunLeftovers(applicationId);
    }
  }
}
