package io.demandflow.pipeline.app;

import io.demandflow.embedded.TemporaryDirectory;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.Assertions;

/**
 * The real demandflow application on the shared test broker, with topic names, application id and
 * state directory of its own, so tests never see each other's data.
 */
final class RunningPipeline implements AutoCloseable {

  private final DemandflowApp app;
  private final Path stateDir;
  private final Topics topics;

  private RunningPipeline(DemandflowApp app, Path stateDir) {
    this.app = app;
    this.stateDir = stateDir;
    this.topics = Topics.of(app.topics(), app.config().serdeConfig());
  }

  static RunningPipeline start(KafkaTestEnvironment kafka) throws IOException {
    return start(kafka, Map.of());
  }

  /** As {@link #start(KafkaTestEnvironment)}, with further settings. */
  static RunningPipeline start(KafkaTestEnvironment kafka, Map<String, String> overrides)
      throws IOException {
    Map<String, String> settings = new HashMap<>();
    for (String key : TopicNames.KEYS) {
      settings.put(key, kafka.uniqueName(key.substring("demandflow.topic.".length())));
    }
    Path stateDir = Files.createTempDirectory("demandflow-test-state-");
    DemandflowConfig config =
        DemandflowConfig.builder()
            .with(settings)
            .with(DemandflowConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .with(DemandflowConfig.SCHEMA_REGISTRY_URL, kafka.schemaRegistryUrl())
            .with(DemandflowConfig.APPLICATION_ID, kafka.uniqueName("app"))
            .with("state.dir", stateDir.toString())
            .with(overrides)
            .build();
    DemandflowApp app = DemandflowApp.create(config).start();
    Assertions.assertThat(app.awaitRunning(Duration.ofSeconds(60)))
        .as("pipeline reaches RUNNING")
        .isTrue();
    return new RunningPipeline(app, stateDir);
  }

  DemandflowApp app() {
    return app;
  }

  /** The pipeline's topics, with serdes on its registry. */
  Topics topics() {
    return topics;
  }

  Map<String, String> serdeConfig() {
    return app.config().serdeConfig();
  }

  @Override
  public void close() {
    app.close();
    TemporaryDirectory.deleteRecursively(stateDir);
  }
}
