package io.demandflow.pipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.topics.TopicNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * The topics the app creates have the retention, cleanup policy and timestamp type of
 * docs/topics.md.
 */
@KafkaIntegrationTest
class TopicProvisionerIT {

  private static final String FOREVER = "-1";
  private static final String WEEK = "604800000";

  @Test
  void shouldCreateEveryTopicWithItsDocumentedConfigWhenNothingIsConfigured(
      KafkaTestEnvironment kafka) throws Exception {
    // Given fresh topic names and the default settings
    TopicNames topics = freshTopics(kafka);
    DemandflowConfig config = configFor(kafka, topics, Map.of());

    // When the app creates its topics
    TopicProvisioner.ensureTopics(config, topics);

    // Then each has the documented configuration
    assertDeleted(kafka, topics.orders(), FOREVER, "LogAppendTime");
    assertDeleted(kafka, topics.allocations(), FOREVER, "LogAppendTime");
    assertDeleted(kafka, topics.supply(), FOREVER, "LogAppendTime");
    assertCompacted(kafka, topics.licenses(), "LogAppendTime");
    assertCompacted(kafka, topics.policies(), "LogAppendTime");
    assertDeleted(kafka, topics.dlq(), FOREVER, "LogAppendTime");
    assertCompacted(kafka, topics.customerDemand(), "CreateTime");
    assertCompacted(kafka, topics.regionDemand(), "CreateTime");
    assertDeleted(kafka, topics.signals(), WEEK, "CreateTime");
    assertDeleted(kafka, topics.signalsEvaluate(), WEEK, "CreateTime");
    assertDeleted(kafka, topics.decisions(), FOREVER, "CreateTime");
    assertCompacted(kafka, topics.revenueShare(), "CreateTime");
  }

  @Test
  void shouldApplyTheConfiguredRetentionsWhenTheyAreSet(KafkaTestEnvironment kafka)
      throws Exception {
    // Given retention settings
    TopicNames topics = freshTopics(kafka);
    DemandflowConfig config =
        configFor(
            kafka,
            topics,
            Map.of(
                TopicConfigs.INPUTS_RETENTION_MS, "2592000000",
                TopicConfigs.DECISIONS_RETENTION_MS, "31536000000",
                TopicConfigs.DLQ_RETENTION_MS, "1209600000"));

    // When the app creates its topics
    TopicProvisioner.ensureTopics(config, topics);

    // Then they carry those retentions
    assertDeleted(kafka, topics.orders(), "2592000000", "LogAppendTime");
    assertDeleted(kafka, topics.supply(), "2592000000", "LogAppendTime");
    assertDeleted(kafka, topics.decisions(), "31536000000", "CreateTime");
    assertDeleted(kafka, topics.dlq(), "1209600000", "LogAppendTime");
  }

  private static TopicNames freshTopics(KafkaTestEnvironment kafka) {
    Map<String, String> names = new HashMap<>();
    for (String key : TopicNames.KEYS) {
      names.put(key, kafka.uniqueName(key.substring(key.lastIndexOf('.') + 1)));
    }
    return TopicNames.from(names);
  }

  private static DemandflowConfig configFor(
      KafkaTestEnvironment kafka, TopicNames topics, Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    kafka.clientProperties().forEach((key, value) -> all.put(key, String.valueOf(value)));
    List<String> names = topics.all();
    for (int i = 0; i < names.size(); i++) {
      all.put(TopicNames.KEYS.get(i), names.get(i));
    }
    return DemandflowConfig.of(all);
  }

  private static void assertDeleted(
      KafkaTestEnvironment kafka, String topic, String retentionMs, String timestampType)
      throws Exception {
    Config config = describe(kafka, topic);
    assertThat(config.get("cleanup.policy").value())
        .as("%s cleanup.policy", topic)
        .isEqualTo("delete");
    assertThat(config.get("retention.ms").value())
        .as("%s retention.ms", topic)
        .isEqualTo(retentionMs);
    assertThat(config.get("retention.bytes").value())
        .as("%s retention.bytes", topic)
        .isEqualTo(FOREVER);
    assertThat(config.get("message.timestamp.type").value())
        .as("%s message.timestamp.type", topic)
        .isEqualTo(timestampType);
  }

  private static void assertCompacted(
      KafkaTestEnvironment kafka, String topic, String timestampType) throws Exception {
    Config config = describe(kafka, topic);
    assertThat(config.get("cleanup.policy").value())
        .as("%s cleanup.policy", topic)
        .isEqualTo("compact");
    assertThat(config.get("message.timestamp.type").value())
        .as("%s message.timestamp.type", topic)
        .isEqualTo(timestampType);
  }

  /** The topic's configs, once the new topic's metadata has reached the broker's cache. */
  private static Config describe(KafkaTestEnvironment kafka, String topic) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                kafka
                    .adminClient()
                    .describeConfigs(List.of(resource))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(resource),
            Objects::nonNull);
  }
}
