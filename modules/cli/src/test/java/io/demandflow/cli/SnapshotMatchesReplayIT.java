package io.demandflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.ingest.scenario.ScenarioReader;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.signals.SignalSettings;
import io.demandflow.replay.ScenarioReplay;
import io.demandflow.replay.SegmentEndListener;
import io.demandflow.replay.TestPipeline;
import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code snapshot} against a pipeline running on a cluster (the shared test broker) gives the same
 * document as {@code replay} of the same events; {@code ReplayCommandIT} shows that replay writes
 * the expected document compared with here.
 */
@KafkaIntegrationTest
class SnapshotMatchesReplayIT {

  @TempDir Path dir;

  @Test
  void shouldWriteReplayDocumentWhenSnapshotReadsPipelineFedSameScenario(KafkaTestEnvironment kafka)
      throws Exception {
    // Given a pipeline on the shared broker, fed the replay test's scenario barrier by barrier
    Path scenario = resource("replay/small-scenario.jsonl");
    // (signals evaluated at barriers only, as replay does)
    DemandflowConfig config =
        TestPipeline.config(kafka, dir.resolve("state"), 1).with(SignalSettings.INTERVAL_MS, "0");
    try (DemandflowApp app = TestPipeline.start(config)) {
      Duration timeout = Duration.ofSeconds(60);
      new ScenarioReplay(config, timeout, List.of(new SegmentEndListener(timeout)))
          .feed(ScenarioReader.read(scenario), app);

      // When snapshot reads its output topics into a file
      Path document = dir.resolve("snapshot.json");
      List<String> args = new ArrayList<>(List.of("snapshot", "--out", document.toString()));
      args.addAll(List.of("-b", kafka.bootstrapServers(), "-r", kafka.schemaRegistryUrl()));
      args.addAll(TestPipeline.topicArguments(config));
      StringWriter err = new StringWriter();
      CommandLine cli = DemandflowCli.newCommandLine();
      cli.setErr(new PrintWriter(err, true));
      int exitCode = cli.execute(args.toArray(String[]::new));

      // Then it is byte for byte the replay's document
      assertThat(exitCode).as(err.toString()).isZero();
      assertThat(Files.readString(document))
          .isEqualTo(Files.readString(resource("replay/small-scenario.expected.json")));
    }
  }

  private static Path resource(String name) throws Exception {
    return Path.of(SnapshotMatchesReplayIT.class.getClassLoader().getResource(name).toURI());
  }
}
