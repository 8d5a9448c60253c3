package io.demandflow.pipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemandflowConfigTest {

  @TempDir Path dir;

  @Test
  void shouldApplySourcesInDocumentedPrecedenceWhenAllAreGiven() throws IOException {
    // Given a file, the environment and flags that all set overlapping keys
    Path file = dir.resolve("demandflow.properties");
    Files.writeString(
        file,
        "bootstrap.servers=file:9092\n"
            + "application.id=from-file\n"
            + "num.stream.threads=3\n"
            + "demandflow.topic.orders=orders.from.file\n");
    Map<String, String> env =
        Map.of(
            "DEMANDFLOW_BOOTSTRAP_SERVERS", "env:9092",
            "DEMANDFLOW_APPLICATION_ID", "from-env",
            "DEMANDFLOW_TOPIC_ORDERS", "orders.from.env",
            "UNRELATED", "ignored");

    // When the configuration is resolved with a flag on top
    DemandflowConfig config =
        DemandflowConfig.builder()
            .withPropertiesFile(file)
            .withEnvironment(env)
            .with("bootstrap.servers", "flag:9092")
            .build();

    // Then flags beat the environment, which beats the file, which beats the defaults
    assertThat(config.get("bootstrap.servers")).isEqualTo("flag:9092");
    assertThat(config.get("application.id")).isEqualTo("from-env");
    assertThat(config.get("demandflow.topic.orders")).isEqualTo("orders.from.env");
    assertThat(config.get("num.stream.threads")).isEqualTo("3");
    assertThat(config.get("processing.guarantee")).isEqualTo("exactly_once_v2");
    assertThat(config.asMap()).doesNotContainKey("unrelated");
  }

  @Test
  void shouldMapEnvironmentVariablesToSettingsWhenNamedWithThePrefix() {
    assertThat(DemandflowConfig.keyOfEnvironmentVariable("DEMANDFLOW_BOOTSTRAP_SERVERS"))
        .isEqualTo("bootstrap.servers");
    assertThat(DemandflowConfig.keyOfEnvironmentVariable("DEMANDFLOW_SCHEMA_REGISTRY_URL"))
        .isEqualTo("schema.registry.url");
    assertThat(DemandflowConfig.keyOfEnvironmentVariable("DEMANDFLOW_TOPIC_CUSTOMER__DEMAND"))
        .isEqualTo("demandflow.topic.customer-demand");
    assertThat(DemandflowConfig.keyOfEnvironmentVariable("DEMANDFLOW_TOPIC_PARTITIONS"))
        .isEqualTo("demandflow.topic.partitions");
    assertThat(DemandflowConfig.keyOfEnvironmentVariable("HOME")).isNull();
    assertThat(DemandflowConfig.keyOfEnvironmentVariable("DEMANDFLOW_")).isNull();
  }

  @Test
  void shouldMapToTheKafkaPropertyVerbatimWhenNamedWithTheKafkaPrefix() {
    assertThat(
            DemandflowConfig.keyOfEnvironmentVariable("DEMANDFLOW_KAFKA_TOPIC_MIN_INSYNC_REPLICAS"))
        .isEqualTo("topic.min.insync.replicas");
    assertThat(DemandflowConfig.keyOfEnvironmentVariable("DEMANDFLOW_KAFKA_TOPIC_PARTITIONS"))
        .isEqualTo("topic.partitions");
    assertThat(DemandflowConfig.keyOfEnvironmentVariable("DEMANDFLOW_KAFKA_NUM_STREAM_THREADS"))
        .isEqualTo("num.stream.threads");
    assertThat(DemandflowConfig.keyOfEnvironmentVariable("DEMANDFLOW_KAFKA_SOME__NAME___X_Y"))
        .isEqualTo("some_name-x.y");
    assertThat(DemandflowConfig.keyOfEnvironmentVariable("DEMANDFLOW_KAFKA_")).isNull();
  }

  @Test
  void shouldHandTopicPropertiesToKafkaWhenSetWithTheKafkaPrefix() {
    // Given Kafka Streams' topic.* settings for internal topics next to a demandflow topic name
    Map<String, String> env =
        Map.of(
            "DEMANDFLOW_KAFKA_TOPIC_MIN_INSYNC_REPLICAS", "2",
            "DEMANDFLOW_KAFKA_TOPIC_RETENTION_MS", "86400000",
            "DEMANDFLOW_TOPIC_ORDERS", "erp.orders");

    // When the configuration is built from them
    DemandflowConfig config = DemandflowConfig.builder().withEnvironment(env).build();

    // Then Kafka sees its topic settings and demandflow keeps its topic name
    assertThat(config.kafkaProperties())
        .containsEntry("topic.min.insync.replicas", "2")
        .containsEntry("topic.retention.ms", "86400000")
        .doesNotContainKey("demandflow.topic.orders");
    assertThat(config.get("demandflow.topic.orders")).isEqualTo("erp.orders");
    assertThat(config.asMap()).doesNotContainKey("demandflow.topic.min.insync.replicas");
  }

  @Test
  void shouldPreferTheKafkaFormWhenBothFormsNameTheSameProperty() {
    // Given two variables for bootstrap.servers, the short form seen last
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DEMANDFLOW_KAFKA_BOOTSTRAP_SERVERS", "explicit:9092");
    env.put("DEMANDFLOW_BOOTSTRAP_SERVERS", "short:9092");

    // When the configuration is built
    DemandflowConfig config = DemandflowConfig.builder().withEnvironment(env).build();

    // Then the explicit form wins, whatever the order of the environment
    assertThat(config.get("bootstrap.servers")).isEqualTo("explicit:9092");
  }

  @Test
  void shouldPassOnlyForeignKeysToKafkaWhenBuildingClientProperties() {
    // Given demandflow's own settings next to Kafka's
    DemandflowConfig config = DemandflowConfig.of(Map.of("linger.ms", "7"));

    // Then Kafka clients see their settings and none of demandflow's
    assertThat(config.kafkaProperties())
        .containsEntry("linger.ms", "7")
        .containsEntry("processing.guarantee", "exactly_once_v2")
        .doesNotContainKey(DemandflowConfig.TOPIC_PARTITIONS);
    assertThat(config.serdeConfig()).containsOnlyKeys("schema.registry.url");
  }

  @Test
  void shouldHideSecretsWhenPrinted() {
    // Given settings holding secrets
    DemandflowConfig config =
        DemandflowConfig.of(
            Map.of(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required password=\"s3cr3t\";",
                "ssl.truststore.password",
                "tr0st",
                "basic.auth.user.info",
                "erp:hunter2"));

    // Then neither the redacted map nor toString show them
    assertThat(config.toString()).doesNotContain("s3cr3t", "tr0st", "hunter2");
    assertThat(config.redacted()).containsEntry("ssl.truststore.password", "[hidden]");
    assertThat(config.serdeConfig()).containsEntry("basic.auth.user.info", "erp:hunter2");
  }

  @Test
  void shouldNameTheFileWhenItCannotBeRead() {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> DemandflowConfig.builder().withPropertiesFile(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.properties");
  }
}
