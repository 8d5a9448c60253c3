package io.demandflow.bench;

import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What every part of a benchmark run shares: the broker and registry it reaches, the work
 * directory, the settings, the pipeline's base configuration, and the steps of one measured run of
 * the pipeline — a fresh {@code application.id}, start, wait until everything published is
 * processed, measure from the first record consumed, remove the run's topics and state.
 */
final class PipelineRuns {

  /** What a run on fresh state subtracts: nothing. */
  static final Measurement NO_OFFSETS = new Measurement(0, 0, -1, -1, 0, 0);

  final Map<String, Object> clientProperties;
  final Path workDir;
  final BenchSettings settings;
  final CompletionBarrier.Factory barriers;
  final Consumer<String> progress;
  final DemandflowConfig base;
  final BenchBroker broker;
  private int runs;

  PipelineRuns(
      Map<String, Object> clientProperties,
      Path workDir,
      BenchSettings settings,
      CompletionBarrier.Factory barriers,
      Consumer<String> progress,
      DemandflowConfig base) {
    this.clientProperties = Map.copyOf(clientProperties);
    this.workDir = workDir;
    this.settings = settings;
    this.barriers = barriers;
    this.progress = progress;
    this.base = base;
    this.broker = new BenchBroker(clientProperties);
  }

  /** A new application id for a run of {@code name}: every run starts on fresh state. */
  String nextApplicationId(String name) {
    return "bench-" + name + "-" + (++runs);
  }

  Path stateDir(String applicationId) {
    return workDir.resolve(applicationId);
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

  /** Starts the pipeline and waits until it runs. */
  DemandflowApp startPipeline(DemandflowConfig config) {
    DemandflowApp app = DemandflowApp.create(config).start();
    if (!app.awaitRunning(settings.runTimeout())) {
      app.close();
      throw new IllegalStateException(
          "the pipeline did not reach RUNNING within " + settings.runTimeout());
    }
    return app;
  }

  /** Starts the pipeline, waits until everything published is processed, stops it. */
  Measurement runPipeline(DemandflowConfig config, long records) throws Exception {
    FirstConsumedClock.reset();
    try (DemandflowApp app = startPipeline(config);
        CompletionBarrier barrier = barriers.forApp(app)) {
      barrier.await(settings.runTimeout());
      return measuredSinceFirstRecord(records);
    }
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
   * {@code measured} with the offsets its run wrote to the application's internal topics and, of
   * those, to the ledger's input topics, less what an {@code earlier} run on the same state wrote.
   */
  Measurement withTopicOffsets(Measurement measured, String applicationId, Measurement earlier)
      throws Exception {
    return measured
        .withInternalOffsets(
            broker.endOffsets(BenchBroker.internalTopicsOf(applicationId))
                - Math.max(0, earlier.internalOffsets()))
        .withLedgerOffsets(
            broker.endOffsets(BenchBroker.ledgerInputTopicsOf(applicationId))
                - Math.max(0, earlier.ledgerOffsets()));
  }

  /** Deletes a finished run's internal topics and state directory: the broker stays lean. */
  void removeRunLeftovers(String applicationId) {
    broker.removeRunLeftovers(
        applicationId,
        BenchBroker.internalTopicsOf(applicationId),
        stateDir(applicationId),
        progress);
  }
}
