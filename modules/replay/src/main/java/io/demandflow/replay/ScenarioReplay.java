package io.demandflow.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.embedded.LocalKafkaStack;
import io.demandflow.embedded.TemporaryDirectory;
import io.demandflow.ingest.scenario.ScenarioBarrier;
import io.demandflow.ingest.scenario.ScenarioEvent;
import io.demandflow.ingest.scenario.ScenarioLine;
import io.demandflow.pipeline.StateRetention;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.app.TopicConfigs;
import io.demandflow.pipeline.orderbook.OrderBookSettings;
import io.demandflow.pipeline.signals.SignalSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scenario through the real pipeline on a fresh embedded broker and registry and returns the
 * state document (SPEC §4).
 *
 * <p>Determinism: every topic has one partition, so each topic keeps file order through every
 * repartition and join; one idempotent producer publishes in file order; at every barrier and at
 * the end the replay flushes and waits on a {@link ProcessingBarrier} (committed offsets of every
 * sub-topology, never a sleep) before it publishes more or reads the result. The broker, the
 * registry and the streams state live in a temporary directory removed afterwards.
 */
public final class ScenarioReplay {

  private static final Logger log = LoggerFactory.getLogger(ScenarioReplay.class);

  /** Defaults of a replay, below any file, environment or flag setting. */
  public static final Map<String, String> DEFAULTS =
      Map.of(
          StreamsConfig.APPLICATION_ID_CONFIG, "demandflow-replay",
          // Each hop between sub-topologies waits for a commit: a short interval keeps barriers
          // fast.
          StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "50");

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final DemandflowConfig settings;
  private final Duration barrierTimeout;
  private final List<BarrierListener> listeners;

  /**
   * @param settings pipeline settings (rules, Streams tuning); connection settings, partitions,
   *     processing guarantee and state directory are replaced by the replay's own
   * @param barrierTimeout how long one barrier may wait for the pipeline
   * @param listeners called after each barrier and at the end, in order
   */
  public ScenarioReplay(
      DemandflowConfig settings, Duration barrierTimeout, List<BarrierListener> listeners) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.barrierTimeout = Objects.requireNonNull(barrierTimeout, "barrierTimeout");
    this.listeners = List.copyOf(listeners);
  }

  /** Replays {@code lines} (as read by ScenarioReader) and returns the final state document. */
  public ObjectNode run(List<ScenarioLine> lines) throws InterruptedException {
    long started = System.nanoTime();
    try (TemporaryDirectory workDir = TemporaryDirectory.create("demandflow-replay-");
        LocalKafkaStack stack =
            LocalKafkaStack.builder()
                .broker(broker -> broker.dataDirectory(workDir.path().resolve("kafka")))
                .start()) {
      DemandflowConfig config = replayConfig(stack, workDir);
      try (DemandflowApp app = DemandflowApp.create(config).start()) {
        if (!app.awaitRunning(STARTUP_TIMEOUT)) {
          throw new IllegalStateException(
              "the pipeline did not reach RUNNING within " + STARTUP_TIMEOUT);
        }
        long published = feed(lines, app);
        ObjectNode document = StateSnapshot.read(config);
        log.info(
            "replayed {} events in {} ms",
            published,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return document;
      }
    }
  }

  /**
   * Publishes {@code lines} in file order to the running {@code app}, waiting for it at every
   * barrier and at the end, and calling the listeners after each wait.
   *
   * @return the number of events published
   */
  public long feed(List<ScenarioLine> lines, DemandflowApp app) throws InterruptedException {
    return feed(lines, app, app.config(), ScenarioPublisher.Pacing.BATCHED);
  }

  /**
   * As {@link #feed(List, DemandflowApp)}, publishing with the client settings of {@code
   * publisherConfig} (for example another partitioner, as an ERP's own client would use) and the
   * given pacing of events between barriers.
   */
  long feed(
      List<ScenarioLine> lines,
      DemandflowApp app,
      DemandflowConfig publisherConfig,
      ScenarioPublisher.Pacing pacing)
      throws InterruptedException {
    try (ProcessingBarrier barrier = ProcessingBarrier.forApp(app);
        ScenarioPublisher publisher =
            new ScenarioPublisher(
                publisherConfig,
                lines.stream().filter(ScenarioEvent.class::isInstance).count(),
                pacing)) {
      for (ScenarioLine line : lines) {
        if (line instanceof ScenarioEvent event) {
          publisher.publish(event);
        } else if (line instanceof ScenarioBarrier) {
          awaitProcessed(
              publisher, new BarrierListener.Point(line.lineNumber(), false, app, barrier));
        }
      }
      int lastLine = lines.isEmpty() ? 0 : lines.get(lines.size() - 1).lineNumber();
      awaitProcessed(publisher, new BarrierListener.Point(lastLine, true, app, barrier));
      return publisher.published();
    }
  }

  private void awaitProcessed(ScenarioPublisher publisher, BarrierListener.Point point)
      throws InterruptedException {
    publisher.flush();
    point.barrier().await(barrierTimeout);
    for (BarrierListener listener : listeners) {
      listener.afterBarrier(point);
    }
  }

  private DemandflowConfig replayConfig(LocalKafkaStack stack, TemporaryDirectory workDir) {
    return settings
        .with(DemandflowConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers())
        .with(DemandflowConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl())
        .with(StreamsConfig.STATE_DIR_CONFIG, workDir.path().resolve("streams").toString())
        // One partition per topic keeps file order through every repartition (SPEC §4).
        .with(DemandflowConfig.TOPIC_PARTITIONS, "1")
        .with(DemandflowConfig.TOPICS_CREATE, "true")
        // Signals are evaluated only at barriers (SPEC R7), never on the wall clock.
        .with(SignalSettings.INTERVAL_MS, "0")
        // Requests wait for their order until the end of their segment, never on the wall clock
        // (SPEC §5); SegmentEndListener flushes the order book there.
        .with(OrderBookSettings.INTERVAL_MS, "0")
        // Nothing leaves state on the wall clock either (a replay is far shorter than any
        // retention, and its document must not depend on how long it took).
        .with(StateRetention.PURGE_INTERVAL_MS, "0")
        // The replay clock of ScenarioPublisher, not the broker's arrival time: records of
        // different inputs sent in one burst would tie at the millisecond (SPEC §4: file order).
        .with(TopicConfigs.INPUTS_TIMESTAMP_TYPE, "CreateTime")
        // The barrier reads committed offsets that cover the outputs: exactly-once makes that so.
        .with(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
  }
}
