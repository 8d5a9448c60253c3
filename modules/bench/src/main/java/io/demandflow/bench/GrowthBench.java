package io.demandflow.bench;

import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.app.TopicProvisioner;
import io.demandflow.topics.TopicNames;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The growth part: for each size, a pipeline under exactly_once_v2 pre-loaded with that many open
 * orders (not timed), then a fixed batch of simulator events timed on the same state.
 */
final class GrowthBench {

  private final PipelineRuns runs;

  GrowthBench(PipelineRuns runs) {
    this.runs = runs;
  }

  GrowthResult run(int openOrders) throws Exception {
    BenchSettings settings = runs.settings;
    String applicationId = runs.nextApplicationId("growth-" + openOrders);
    DemandflowConfig config =
        PipelineRuns.pipelineConfig(
            PipelineRuns.withSettings(
                runs.base, BenchTopics.prefixed("bench.growth-" + openOrders + ".")),
            applicationId,
            runs.stateDir(applicationId),
            Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2));
    try {
      TopicProvisioner.ensureTopics(config, TopicNames.from(config.asMap()));
      runs.progress.accept(String.format("growth: pre-loading %,d open orders...", openOrders));
      Workload.publishOpenOrders(config, settings.seed(), openOrders);
      // Loads the state; its figures are not the point.
      Measurement loaded =
          runs.withTopicOffsets(
              runs.runPipeline(config, openOrders), applicationId, PipelineRuns.NO_OFFSETS);
      Workload.publishSimulated(config, settings.seed() + 2, settings.growthBatch());
      Measurement batch =
          runs.withTopicOffsets(
              runs.runPipeline(config, settings.growthBatch()), applicationId, loaded);
      runs.progress.accept(
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
      runs.removeRunLeftovers(applicationId);
    }
  }
}
