package io.demandflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Strimzi KafkaUser resources in {@code deploy/k8s/} grant exactly the canonical ACL set of
 * {@code deploy/acls/demandflow-acls.yaml} (the one the security test runs the pipeline with), so
 * Kubernetes deployments get the ACLs that were tested.
 */
class DeployedAclsConsistencyTest {

  private static final String STRIMZI_USERS = "deploy/k8s/kafka-users.yaml";

  /** Strimzi's spellings of resource and pattern types, mapped to Kafka's. */
  private static final Map<String, String> STRIMZI_TYPES =
      Map.of(
          "topic", "TOPIC",
          "group", "GROUP",
          "transactionalid", "TRANSACTIONAL_ID",
          "cluster", "CLUSTER");

  private static final Map<String, String> STRIMZI_PATTERNS =
      Map.of("literal", "LITERAL", "prefix", "PREFIXED");

  @Test
  void shouldParseEveryEntryWhenLoadingTheCanonicalAclFile() {
    // When
    var bindings = DeployedAcls.load();

    // Then: both principals are there, each operation its own binding
    assertThat(bindings)
        .extracting(b -> b.entry().principal())
        .contains("User:demandflow-app", "User:demandflow-erp");
    assertThat(bindings).hasSizeGreaterThan(20);
  }

  @Test
  void shouldGrantTheCanonicalAclsWhenDeployedWithStrimzi() {
    // Given
    Path repository =
        DeployedAcls.repositoryFile(DeployedAcls.ACL_FILE).getParent().getParent().getParent();
    Path users = repository.resolve(STRIMZI_USERS);
    Assumptions.assumeTrue(Files.exists(users), STRIMZI_USERS + " not present");

    // When
    Set<String> canonical = new TreeSet<>();
    for (AclBinding binding : DeployedAcls.load()) {
      canonical.add(
          line(
              binding.entry().principal(),
              binding.pattern().resourceType().name(),
              binding.pattern().name(),
              binding.pattern().patternType().name(),
              binding.entry().operation().name()));
    }
    Set<String> strimzi = new TreeSet<>();
    for (JsonNode user : DeployedAcls.readAll(users)) {
      if (!"KafkaUser".equals(user.path("kind").asText())) {
        continue;
      }
      String principal = "User:" + user.path("metadata").path("name").asText();
      for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
        JsonNode resource = acl.path("resource");
        String type = STRIMZI_TYPES.get(resource.path("type").asText().toLowerCase(Locale.ROOT));
        String pattern =
            STRIMZI_PATTERNS.get(
                resource.path("patternType").asText("literal").toLowerCase(Locale.ROOT));
        String name = type.equals("CLUSTER") ? "kafka-cluster" : resource.path("name").asText();
        for (JsonNode operation : acl.path("operations")) {
          strimzi.add(line(principal, type, name, pattern, kafkaOperation(operation.asText())));
        }
      }
    }

    // Then
    assertThat(strimzi)
        .as(
            "%s must grant exactly the ACLs of %s (the tested set); fix whichever is wrong",
            STRIMZI_USERS, DeployedAcls.ACL_FILE)
        .containsExactlyInAnyOrderElementsOf(canonical);
  }

  /** Strimzi writes operations in CamelCase ({@code DescribeConfigs}), Kafka in upper snake. */
  private static String kafkaOperation(String strimzi) {
    return strimzi.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  private static String line(
      String principal, String type, String name, String pattern, String operation) {
    return String.join(" ", principal, type, name, pattern, operation);
  }
}
