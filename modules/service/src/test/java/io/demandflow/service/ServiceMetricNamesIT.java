package io.demandflow.service;

import static io.demandflow.service.ServiceTestSupport.JSON;
import static io.demandflow.service.ServiceTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationRequest;
import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.testkit.OrderFixtures;
import io.demandflow.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric name the Grafana dashboards and the Prometheus rules use is exported by a running
 * app, except the names in {@code deploy/metrics-allowlist.txt}, which come with later issues.
 */
@KafkaIntegrationTest
class ServiceMetricNamesIT {

  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((\\w+)");
  private static final Pattern EXPOSED_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)");

  @TempDir Path tempDir;

  @Test
  void shouldExportEveryMetricTheDashboardsAndRulesUseWhenOrdersFlow(KafkaTestEnvironment env)
      throws Exception {
    // Given the names the dashboards and rules use, and the honest list of names still to come
    Map<String, Set<String>> usedBy = usedMetricNames(ServiceTestSupport.repositoryRoot());
    Set<String> allowedMissing = allowList(ServiceTestSupport.repositoryRoot());
    ServiceTestSupport support = new ServiceTestSupport(env);

    try (DemandflowService service =
        support.startInstance(
            tempDir,
            "a",
            // Signals every second instead of every minute, so the first one comes in time.
            Map.of("demandflow.signals.interval.ms", "1000"))) {
      ServiceTestSupport.awaitRunning(service);

      // When good orders, a duplicate revision and an invalid order (quantity 0) flow ...
      support.produceOrders(
          service.app().config(),
          List.of(
              OrderFixtures.order("o-1", 1).build(),
              OrderFixtures.order("o-1", 1).build(),
              OrderFixtures.order("o-2", 1).setQuantity(0).build()));
      // ... and an allocation request for the good order, so that a decision is counted
      support.produce(
          service.app().config(),
          Topics::allocations,
          List.of(
              AllocationRequest.newBuilder()
                  .setAllocationId("a-1")
                  .setOrderId("o-1")
                  .setQuantity(5)
                  .setAction(AllocationAction.REQUEST)
                  .setEventTime(Instant.parse("2026-01-10T11:00:00Z"))
                  .setSource("erp-test")
                  .build()),
          AllocationRequest::getAllocationId);

      // Then /metrics exports every used name that is not on the allow-list ...
      await("every used metric exported")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Set<String> exported = exportedNames(get(service.url(), "/metrics").body());
                Map<String, Set<String>> missing = new TreeMap<>(usedBy);
                missing.keySet().removeAll(exported);
                missing.keySet().removeAll(allowedMissing);
                assertThat(missing).as("used but not exported (name -> used in)").isEmpty();
                // ... and nothing on the allow-list is exported after all: then it must go.
                assertThat(exported)
                    .as("allow-listed but exported; remove from metrics-allowlist.txt")
                    .doesNotContainAnyElementsOf(allowedMissing);
              });
      assertThat(usedBy).as("names found in the dashboard and rules").hasSizeGreaterThan(10);
    }
  }

  /** Metric name → the files that use it. */
  private static Map<String, Set<String>> usedMetricNames(Path root) throws IOException {
    Map<String, Set<String>> used = new TreeMap<>();
    try (Stream<Path> dashboards = Files.list(root.resolve("deploy/grafana"))) {
      for (Path dashboard : dashboards.filter(p -> p.toString().endsWith(".json")).toList()) {
        JsonNode json = JSON.readTree(dashboard.toFile());
        for (JsonNode expr : json.findValues("expr")) {
          PromQlNames.metricNames(expr.asText())
              .forEach(n -> use(used, n, root.relativize(dashboard)));
        }
        for (JsonNode query : json.path("templating").path("list").findValues("query")) {
          Matcher metric = LABEL_VALUES.matcher(query.asText());
          if (metric.find()) {
            use(used, metric.group(1), root.relativize(dashboard));
          }
        }
      }
    }
    Path rules = root.resolve("deploy/prometheus/alerts.yml");
    for (JsonNode expr : new YAMLMapper().readTree(rules.toFile()).findValues("expr")) {
      PromQlNames.metricNames(expr.asText()).forEach(n -> use(used, n, root.relativize(rules)));
    }
    return used;
  }

  private static void use(Map<String, Set<String>> used, String name, Path file) {
    used.computeIfAbsent(name, n -> new TreeSet<>()).add(file.toString());
  }

  private static Set<String> allowList(Path root) throws IOException {
    Set<String> names = new TreeSet<>();
    for (String line : Files.readAllLines(root.resolve("deploy/metrics-allowlist.txt"))) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        names.add(trimmed.split("\\s+")[0]);
      }
    }
    return names;
  }

  private static Set<String> exportedNames(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      Matcher name = EXPOSED_NAME.matcher(line);
      if (!line.startsWith("#") && name.find()) {
        names.add(name.group(1));
      }
    }
    return names;
  }
}
