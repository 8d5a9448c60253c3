package io.demandflow.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.ingest.scenario.ScenarioLine;
import io.demandflow.ingest.scenario.ScenarioReader;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.signals.SignalSettings;
import io.demandflow.testkit.Crc32Partitioner;
import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §5, last line: a live run and a replay of the same events, published with a barrier wherever
 * SPEC §4 asks for one, end in the same state document. The live run is the pipeline in its live
 * settings (the order book's wall-clock cadence and order wait on) on the shared broker, with input
 * topics of 3 partitions and a publisher that partitions like librdkafka (CRC32); the replay is
 * {@code replay}'s own run, one partition per topic on a broker of its own.
 *
 * <p>A scenario that separates competing requests of different orders by barriers may be published
 * in batches; one that does not ({@code examples/china-licensing.jsonl}) is published as SPEC §5
 * has it, each event once the one before it was acknowledged, and its requests must then be decided
 * in that order whatever partitions they went to.
 */
@KafkaIntegrationTest
class LiveRunMatchesReplayIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** The example with competing requests in one segment, from the repository's examples/. */
  private static final Path CHINA_LICENSING = Path.of("../../examples/china-licensing.jsonl");

  @TempDir Path dir;

  @Test
  void shouldEndInTheReplayDocumentWhenTheSameScenarioRunsLiveOnThreePartitions(
      KafkaTestEnvironment kafka) throws Exception {
    List<ScenarioLine> scenario =
        ScenarioReader.read(
            Path.of(
                getClass().getClassLoader().getResource("replay/live-allocation.jsonl").toURI()));

    // Given the replay's document of the scenario, in which every request but the one whose order
    // never comes is decided against its order
    ObjectNode replayed = replay(scenario);
    Map<String, String> statuses = new TreeMap<>();
    replayed
        .get("allocations")
        .forEach(
            a ->
                statuses.put(
                    a.get("allocationId").asText(),
                    a.get("status").asText() + " " + a.get("reason").asText()));
    assertThat(statuses)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "a-1", "GRANTED null",
                    "a-2", "RELEASED ORDER_CHANGED",
                    "a-3", "REVOKED US_PRIORITY_PREEMPTION",
                    "a-4", "RELEASED null",
                    "a-5", "REJECTED UNKNOWN_ORDER",
                    "a-6", "GRANTED null",
                    "a-7", "PARTIAL EXCEEDS_ORDER",
                    "a-8", "RELEASED ORDER_CHANGED")));

    // When the same events are published to a live pipeline with 3 partitions per topic by a
    // CRC32-partitioning producer, barrier by barrier (signals evaluated at barriers, as replay)
    String live = runLive(kafka, scenario, ScenarioPublisher.Pacing.BATCHED);

    // Then the live state is the replay's document
    assertThat(live).isEqualTo(replayed.toPrettyString());
  }

  @Test
  void shouldEndInTheReplayDocumentWhenCompetingRequestsArePublishedLiveEachAfterTheLastWasAcked(
      KafkaTestEnvironment kafka) throws Exception {
    // Given the replay's document of the China licensing example, whose fourth segment has five
    // requests of different orders competing for supply and the US reservation, no barrier between
    List<ScenarioLine> scenario = ScenarioReader.read(CHINA_LICENSING);
    ObjectNode replayed = replay(scenario);

    // When the same events are published live, each one only once the one before it was
    // acknowledged and the broker's clock has moved on (SPEC §5), barrier by barrier
    String live = runLive(kafka, scenario, ScenarioPublisher.Pacing.ONE_BY_ONE_ACKNOWLEDGED);

    // Then the live state is the replay's document: requests decided in the order published
    assertThat(live).isEqualTo(replayed.toPrettyString());
  }

  private static ObjectNode replay(List<ScenarioLine> scenario) throws InterruptedException {
    return new ScenarioReplay(
            DemandflowConfig.builder().build(), TIMEOUT, List.of(new SegmentEndListener(TIMEOUT)))
        .run(scenario);
  }

  /**
   * The state document after {@code scenario} ran on the pipeline in its live settings, fed by a
   * CRC32-partitioning publisher with {@code pacing} (signals evaluated at barriers, as in replay).
   */
  private String runLive(
      KafkaTestEnvironment kafka, List<ScenarioLine> scenario, ScenarioPublisher.Pacing pacing)
      throws InterruptedException {
    DemandflowConfig live =
        TestPipeline.config(kafka, dir.resolve("state"), 3).with(SignalSettings.INTERVAL_MS, "0");
    try (DemandflowApp app = TestPipeline.start(live)) {
      new ScenarioReplay(live, TIMEOUT, List.of(new SegmentEndListener(TIMEOUT)))
          .feed(
              scenario,
              app,
              live.with(ProducerConfig.PARTITIONER_CLASS_CONFIG, Crc32Partitioner.class.getName()),
              pacing);
      return StateSnapshot.read(live).toPrettyString();
    }
  }
}
