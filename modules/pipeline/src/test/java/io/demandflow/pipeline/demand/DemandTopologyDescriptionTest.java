package io.demandflow.pipeline.demand;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.pipeline.PipelineTopology;
import io.demandflow.registry.MockSchemaRegistry;
import io.demandflow.topics.TopicNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Golden-file test of {@code DemandTopology}'s description. Node, store and internal topic names
 * are part of the deployed state (changelogs, repartition topics, committed offsets): a change here
 * can strand the state of running instances, so it must be deliberate.
 *
 * <p>After an intended change, regenerate the file and review its diff:
 *
 * <pre>./mvnw -B -q -pl modules/pipeline test -Dtest=DemandTopologyDescriptionTest \
 *     -Ddemandflow.golden.update=true</pre>
 */
class DemandTopologyDescriptionTest {

  private static final Path GOLDEN = Path.of("src/test/resources/topology/demand-topology.txt");
  private static final String SCOPE = "demand-topology-description";

  @AfterEach
  void dropRegistry() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void shouldMatchTheGoldenFileWhenTheTopologyIsBuiltWithDefaultTopics() throws IOException {
    // Given
    Map<String, String> serdeConfig = Map.of("schema.registry.url", "mock://" + SCOPE);

    // When
    String description =
        PipelineTopology.build(TopicNames.defaults(), serdeConfig).describe().toString();

    // Then
    if (Boolean.getBoolean("demandflow.golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, description, StandardCharsets.UTF_8);
    }
    assertThat(GOLDEN).as("golden file (see class Javadoc to regenerate)").exists();
    assertThat(description)
        .as("topology description; if the change is intended, regenerate the golden file")
        .isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }
}
