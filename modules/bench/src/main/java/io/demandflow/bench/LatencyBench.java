package io.demandflow.bench;

import io.demandflow.ingest.DemandflowPublisher;
import io.demandflow.ingest.simulate.Pacer;
import io.demandflow.ingest.simulate.Simulator;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.topics.TopicNames;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The latency part: the pipeline under exactly_once_v2 fed simulator events at a fixed, paced rate,
 * with a probe on the customer-demand output measuring each event's end-to-end latency.
 */
final class LatencyBench {

  private final PipelineRuns runs;

  LatencyBench(PipelineRuns runs) {
    this.runs = runs;
  }

  LatencyResult run() throws Exception {
    BenchSettings settings = runs.settings;
    String applicationId = runs.nextApplicationId("latency");
    DemandflowConfig config =
        PipelineRuns.pipelineConfig(
            PipelineRuns.withSettings(runs.base, BenchTopics.prefixed("bench.latency.")),
            applicationId,
            runs.stateDir(applicationId),
            Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2));
    TopicNames topics = TopicNames.from(config.asMap());
    runs.progress.accept(
        String.format(
            "latency: exactly_once_v2 at %,.0f events/s for %s (first %s not counted)...",
            settings.latencyRate(), settings.latencyDuration(), settings.latencyWarmup()));
    Properties clientProps = new Properties();
    clientProps.putAll(runs.clientProperties);
    try (DemandflowApp app = runs.startPipeline(config);
        CompletionBarrier barrier = runs.barriers.forApp(app);
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
      probe.drain(runs.broker.committedEnds(topics.customerDemand()), settings.runTimeout());
      return probe.result(settings.latencyRate(), achieved);
    } finally {
      runs.removeRunLeftovers(applicationId);
    }
  }
}
