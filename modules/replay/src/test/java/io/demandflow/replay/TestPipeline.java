package io.demandflow.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.topics.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real demandflow application on the shared test broker with topic names, application id and
 * state directory of its own, so tests never see each other's data.
 */
public final class TestPipeline {

  private static final List<String> TOPIC_KEYS = TopicNames.KEYS;

  private TestPipeline() {}

  /** Settings naming fresh topics, a fresh application id and {@code stateDir}. */
  public static DemandflowConfig config(KafkaTestEnvironment kafka, Path stateDir, int partitions) {
    Map<String, String> settings = new LinkedHashMap<>();
    TOPIC_KEYS.forEach(
        key -> settings.put(key, kafka.uniqueName(key.substring("demandflow.topic.".length()))));
    return DemandflowConfig.builder()
        .with(settings)
        .with(DemandflowConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(DemandflowConfig.SCHEMA_REGISTRY_URL, kafka.schemaRegistryUrl())
        .with(DemandflowConfig.APPLICATION_ID, kafka.uniqueName("app"))
        .with(DemandflowConfig.TOPIC_PARTITIONS, Integer.toString(partitions))
        .with("state.dir", stateDir.toString())
        .build();
  }

  /** The application for {@code config}, started and RUNNING. */
  public static DemandflowApp start(DemandflowConfig config) {
    DemandflowApp app = DemandflowApp.create(config).start();
    assertThat(app.awaitRunning(Duration.ofSeconds(60))).as("pipeline reaches RUNNING").isTrue();
    return app;
  }

  /** {@code -D key=value} arguments that point a command at the same topics as {@code config}. */
  public static List<String> topicArguments(DemandflowConfig config) {
    return TOPIC_KEYS.stream()
        .flatMap(key -> List.of("-D", key + "=" + config.get(key)).stream())
        .toList();
  }
}
