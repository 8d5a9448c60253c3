package io.demandflow.pipeline.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.pipeline.app.DemandflowConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security settings reach every client: Kafka ones (streams and, through {@code kafkaProperties()},
 * the producer, consumers and admin Streams creates and the topic provisioner) and registry ones
 * (the serdes' registry client); secrets are hidden wherever configuration is shown.
 */
class SecuritySettingsTest {

  private static final Map<String, String> SECURE =
      Map.of(
          "security.protocol", "SASL_SSL",
          "sasl.mechanism", "SCRAM-SHA-512",
          "sasl.jaas.config",
              "org.apache.kafka.common.security.scram.ScramLoginModule required"
                  + " username=\"demandflow-app\" password=\"s3cret-kafka\";",
          "ssl.truststore.location", "/etc/demandflow/truststore.p12",
          "ssl.truststore.password", "s3cret-trust",
          "schema.registry.ssl.truststore.location", "/etc/demandflow/registry-trust.p12",
          "schema.registry.ssl.truststore.password", "s3cret-registry-trust",
          "basic.auth.credentials.source", "USER_INFO",
          "basic.auth.user.info", "demandflow:s3cret-registry");

  @Test
  void shouldPassSaslAndTlsSettingsToKafkaClientsWhenConfigured() {
    // Given
    DemandflowConfig config = DemandflowConfig.of(SECURE);

    // When
    var kafka = config.kafkaProperties();

    // Then
    assertThat(kafka)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", SECURE.get("sasl.jaas.config"))
        .containsEntry("ssl.truststore.location", "/etc/demandflow/truststore.p12")
        .containsEntry("ssl.truststore.password", "s3cret-trust");
  }

  @Test
  void shouldPassRegistryTlsAndBasicAuthToSerdesWhenConfigured() {
    // Given
    DemandflowConfig config = DemandflowConfig.of(SECURE);

    // When
    var serde = config.serdeConfig();

    // Then
    assertThat(serde)
        .containsEntry(
            "schema.registry.ssl.truststore.location", "/etc/demandflow/registry-trust.p12")
        .containsEntry("schema.registry.ssl.truststore.password", "s3cret-registry-trust")
        .containsEntry("basic.auth.credentials.source", "USER_INFO")
        .containsEntry("basic.auth.user.info", "demandflow:s3cret-registry")
        .doesNotContainKey("sasl.jaas.config");
  }

  @Test
  void shouldHideEverySecretWhenConfigurationIsShown() {
    // Given
    DemandflowConfig config = DemandflowConfig.of(SECURE);

    // When
    String shown = config.toString() + config.redacted();

    // Then
    assertThat(shown)
        .doesNotContain("s3cret")
        .contains("sasl.jaas.config=[hidden]")
        .contains("security.protocol=SASL_SSL");
  }
}
