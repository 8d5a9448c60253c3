package io.demandflow.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.demandflow.pipeline.app.BoundedMemoryRocksDbConfig;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.app.TopicConfigs;
import io.demandflow.topics.TopicNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine or Kubernetes cluster runs in CI, so docker-compose.yml, the Dockerfile and
 * deploy/k8s are checked statically: they parse, every image is pinned, every {@code DEMANDFLOW_*}
 * variable names a real setting, and ports agree with the probes and the scrape configuration.
 */
class DeploymentFilesTest {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Path ROOT = ServiceTestSupport.repositoryRoot();
  private static final Pattern PINNED_IMAGE =
      Pattern.compile("^[a-z0-9./_-]+(:[0-9]+)?/?[a-z0-9./_-]*:[A-Za-z0-9._-]+$");

  @Test
  void shouldPinEveryImageWhenComposeAndDockerfileAreParsed() throws IOException {
    // Given the compose file and the Dockerfile
    JsonNode services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");
    List<String> images = new ArrayList<>();
    services.forEach(service -> images.add(service.path("image").asText()));
    for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
      if (line.startsWith("FROM ")) {
        images.add(line.substring(5).trim().split("\\s+")[0]); // without "AS <stage>"
      }
    }
    images.addAll(k8sImages());

    // Then every image has an explicit tag that is not "latest"
    assertThat(images).hasSizeGreaterThan(6).allSatisfy(DeploymentFilesTest::assertPinned);
    assertThat(images).contains("apache/kafka:4.4.0");
  }

  @Test
  void shouldBuildTheJarInTheImageWhenTheDockerfileIsRead() throws IOException {
    // Given the Dockerfile
    List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile"));

    // Then a build stage runs the Maven wrapper and the runtime stage copies the jar from it,
    // never from the host's target/ (a fresh clone has none)
    assertThat(lines).anyMatch(line -> line.matches("FROM \\S+ AS build"));
    assertThat(String.join("\n", lines)).contains("./mvnw ");
    assertThat(lines).anyMatch(line -> line.startsWith("COPY --from=build "));
    assertThat(lines).noneMatch(line -> line.startsWith("COPY") && line.contains("target/"));
    // And the jar is the production one, without the embedded broker (ProductionJarIT, commands)
    assertThat(String.join("\n", lines))
        .contains("-pl modules/commands -am package")
        .contains("cp modules/commands/target/demandflow-production.jar /demandflow.jar");
    assertThat(Files.readAllLines(ROOT.resolve(".dockerignore")))
        .contains(".git", "**/target", "**/node_modules");
  }

  @Test
  void shouldCheckHealthWithoutAShellWhenComposeIsParsed() throws IOException {
    // Given the compose services
    JsonNode services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");

    // Then Kafka, the registry and the pipeline have exec-form healthchecks (no /dev/tcp, which
    // the images' dash lacks), and every service waited on as healthy has one
    for (String name : List.of("kafka", "schema-registry", "demandflow")) {
      JsonNode test = services.path(name).path("healthcheck").path("test");
      assertThat(test.get(0).asText()).as("healthcheck of %s", name).isEqualTo("CMD");
    }
    services.forEach(
        service ->
            service
                .path("depends_on")
                .fields()
                .forEachRemaining(
                    dependency -> {
                      if ("service_healthy"
                          .equals(dependency.getValue().path("condition").asText())) {
                        assertThat(services.path(dependency.getKey()).has("healthcheck"))
                            .as("%s has a healthcheck", dependency.getKey())
                            .isTrue();
                      }
                    }));
    // And the demandflow image brings the healthcheck's command
    assertThat(Files.readString(ROOT.resolve("Dockerfile")))
        .contains("install -y --no-install-recommends curl");
  }

  @Test
  void shouldReachKafkaFromTheHostWhenComposeRuns() throws IOException {
    // Given the Kafka service
    JsonNode kafka =
        YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services").path("kafka");
    String advertised = kafka.path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText();

    // Then a listener is advertised as localhost on a port that is published to the host
    Matcher host = Pattern.compile("PLAINTEXT_HOST://localhost:(\\d+)").matcher(advertised);
    assertThat(host.find()).as("host listener in %s", advertised).isTrue();
    List<String> ports = new ArrayList<>();
    kafka.path("ports").forEach(port -> ports.add(port.asText()));
    assertThat(ports).contains(host.group(1) + ":" + host.group(1));
  }

  @Test
  void shouldConnectLikeTheSecurityDocsAndGuardThePodsWhenKubernetesFilesAreRead()
      throws IOException {
    // Given the StatefulSet's environment and the other resources
    Map<String, String> env = statefulSetEnv();
    JsonNode podLabels =
        k8s("StatefulSet").path("spec").path("template").path("metadata").path("labels");

    // Then it connects with SASL_SSL and SCRAM-SHA-512, trusting a mounted CA
    assertThat(env)
        .containsEntry("DEMANDFLOW_SECURITY_PROTOCOL", "SASL_SSL")
        .containsEntry("DEMANDFLOW_SASL_MECHANISM", "SCRAM-SHA-512")
        .containsKey("DEMANDFLOW_SSL_TRUSTSTORE_LOCATION");
    // And a disruption budget and a PodMonitor select its pods, the monitor on /metrics of http
    JsonNode budget = k8s("PodDisruptionBudget");
    assertThat(budget.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
    assertThat(budget.path("spec").path("selector").path("matchLabels")).isEqualTo(podLabels);
    JsonNode monitor = k8s("PodMonitor");
    assertThat(monitor.path("spec").path("selector").path("matchLabels")).isEqualTo(podLabels);
    JsonNode endpoint = monitor.path("spec").path("podMetricsEndpoints").get(0);
    assertThat(endpoint.path("port").asText()).isEqualTo("http");
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
  }

  @Test
  void shouldMapEveryDemandflowVariableToRealSettingWhenEnvironmentIsRead() throws IOException {
    // Given every DEMANDFLOW_* variable of compose and Kubernetes
    Map<String, String> variables = new LinkedHashMap<>();
    JsonNode services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");
    services.forEach(
        service ->
            service
                .path("environment")
                .fields()
                .forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText())));
    statefulSetEnv().forEach(variables::put);
    variables.keySet().removeIf(name -> !name.startsWith("DEMANDFLOW_"));

    // Then each maps, by the documented rule, to a setting demandflow or Kafka knows
    Set<String> known = knownSettings();
    assertThat(variables).hasSizeGreaterThan(10);
    variables
        .keySet()
        .forEach(
            name ->
                assertThat(DemandflowConfig.keyOfEnvironmentVariable(name))
                    .as("setting of %s", name)
                    .isIn(known));
  }

  @Test
  void shouldUseOneHttpPortWhenComposeScrapeConfigAndProbesAreCompared() throws IOException {
    // Given the HTTP port the pipeline is configured with in compose and Kubernetes
    JsonNode pipeline =
        YAML.readTree(ROOT.resolve("docker-compose.yml").toFile())
            .path("services")
            .path("demandflow");
    String composePort = pipeline.path("environment").path("DEMANDFLOW_HTTP_PORT").asText("8080");
    Map<String, String> env = statefulSetEnv();
    String k8sPort =
        env.getOrDefault(
            "DEMANDFLOW_HTTP_PORT", ServiceSettings.DEFAULTS.get(ServiceSettings.HTTP_PORT));

    // Then compose publishes it and Prometheus scrapes it
    assertThat(pipeline.path("ports").get(0).asText()).endsWith(":" + composePort);
    JsonNode prometheus = YAML.readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());
    assertThat(prometheus.findValues("targets").get(0).get(0).asText())
        .isEqualTo("demandflow:" + composePort);
    assertThat(prometheus.path("scrape_configs").get(0).path("metrics_path").asText())
        .isEqualTo("/metrics");

    // And in Kubernetes the container port, the probes, the headless service and the scrape
    // annotation all use it, and the state volume is mounted where state.dir points
    JsonNode statefulSet = k8s("StatefulSet");
    JsonNode pod = statefulSet.path("spec").path("template");
    JsonNode container = pod.path("spec").path("containers").get(0);
    assertThat(container.path("ports").get(0).path("containerPort").asText()).isEqualTo(k8sPort);
    assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("http");
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/health/live");
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/health/ready");
    assertThat(container.path("livenessProbe").path("httpGet").path("port").asText())
        .isEqualTo("http");
    assertThat(container.path("readinessProbe").path("httpGet").path("port").asText())
        .isEqualTo("http");
    assertThat(pod.path("metadata").path("annotations").path("prometheus.io/port").asText())
        .isEqualTo(k8sPort);
    JsonNode headless = k8s("Service");
    assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
    assertThat(statefulSet.path("spec").path("serviceName").asText())
        .isEqualTo(headless.path("metadata").path("name").asText());
    assertThat(env.get("DEMANDFLOW_HTTP_ADVERTISED__HOST"))
        .contains(headless.path("metadata").path("name").asText());
    assertThat(env.get("DEMANDFLOW_NUM_STANDBY_REPLICAS")).isEqualTo("1");
    assertThat(container.path("volumeMounts").get(0).path("mountPath").asText())
        .isEqualTo(env.get("DEMANDFLOW_STATE_DIR"));
    assertThat(
            statefulSet
                .path("spec")
                .path("volumeClaimTemplates")
                .get(0)
                .path("metadata")
                .path("name")
                .asText())
        .isEqualTo(container.path("volumeMounts").get(0).path("name").asText());
    assertThat(container.path("resources").path("limits").path("memory").asText()).isNotEmpty();
  }

  @Test
  void shouldDeclareEveryTopicAndLeastPrivilegeAclsWhenStrimziResourcesAreRead()
      throws IOException {
    // Given the Strimzi resources
    Set<String> topics = new HashSet<>();
    for (JsonNode topic : k8sAll("KafkaTopic")) {
      topics.add(topic.path("spec").path("topicName").asText());
    }
    TopicNames spec = TopicNames.defaults();

    // Then every topic of the pipeline is declared
    assertThat(topics).containsExactlyInAnyOrderElementsOf(spec.all());

    // And the app reads inputs (writing only input ticks to orders and allocations), writes
    // outputs, and owns only its own prefix, group and ids
    Map<String, Set<String>> app = acls("demandflow-app");
    for (String ticked : List.of(spec.orders(), spec.allocations())) {
      assertThat(app.get("topic:" + ticked)).containsExactlyInAnyOrder("Read", "Write", "Describe");
    }
    for (String input : List.of(spec.supply(), spec.licenses(), spec.policies())) {
      assertThat(app.get("topic:" + input)).containsExactlyInAnyOrder("Read", "Describe");
    }
    List<String> inputs =
        List.of(spec.orders(), spec.allocations(), spec.supply(), spec.licenses(), spec.policies());
    for (String other : spec.all()) {
      if (!inputs.contains(other)) {
        assertThat(app.get("topic:" + other)).as("ACL of %s", other).contains("Write");
      }
    }
    String applicationId = DemandflowConfig.DEFAULTS.get(DemandflowConfig.APPLICATION_ID);
    assertThat(app)
        .containsKeys(
            "topic:" + applicationId + "-",
            "group:" + applicationId,
            "transactionalId:" + applicationId + "-");
    assertThat(app.keySet()).noneMatch(resource -> resource.startsWith("cluster"));

    // And the ERP principal may write the inputs only
    Map<String, Set<String>> erp = acls("demandflow-erp");
    assertThat(erp.keySet())
        .containsExactlyInAnyOrder(
            "topic:" + spec.orders(),
            "topic:" + spec.allocations(),
            "topic:" + spec.supply(),
            "topic:" + spec.licenses(),
            "topic:" + spec.policies());
    erp.values()
        .forEach(
            operations -> assertThat(operations).containsExactlyInAnyOrder("Write", "Describe"));
  }

  @Test
  void shouldConfigureEachStrimziTopicAsTheAppCreatesItWhenBothAreCompared() throws IOException {
    // Given the configs the app gives topics it creates, with the default settings
    Map<String, Map<String, String>> created =
        TopicConfigs.of(DemandflowConfig.of(Map.of()), TopicNames.defaults());

    // When the Strimzi resources are read
    Map<String, Map<String, String>> declared = new LinkedHashMap<>();
    for (JsonNode topic : k8sAll("KafkaTopic")) {
      Map<String, String> config = new LinkedHashMap<>();
      topic
          .path("spec")
          .path("config")
          .fields()
          .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
      config.remove("min.insync.replicas"); // a cluster concern, not the topic's intent
      declared.put(topic.path("spec").path("topicName").asText(), config);
    }

    // Then both agree on retention, cleanup policy and timestamp type of every topic
    assertThat(declared).isEqualTo(created);
  }

  private static void assertPinned(String image) {
    assertThat(image).as("image %s has a tag", image).matches(PINNED_IMAGE);
    assertThat(image).as("image %s is not 'latest'", image).doesNotEndWith(":latest");
  }

  private static Set<String> knownSettings() {
    Set<String> known = new HashSet<>(DemandflowConfig.DEFAULTS.keySet());
    known.addAll(ServiceSettings.DEFAULTS.keySet());
    known.add(ServiceSettings.HTTP_ADVERTISED_HOST);
    known.add(BoundedMemoryRocksDbConfig.BLOCK_CACHE_BYTES);
    known.add(BoundedMemoryRocksDbConfig.WRITE_BUFFER_BYTES);
    known.addAll(ServiceTestSupport.topicKeys());
    known.addAll(StreamsConfig.configDef().names());
    known.addAll(ProducerConfig.configNames());
    known.addAll(ConsumerConfig.configNames());
    known.addAll(AdminClientConfig.configNames());
    known.addAll(
        List.of("schema.registry.url", "basic.auth.credentials.source", "basic.auth.user.info"));
    return known;
  }

  private static Map<String, String> statefulSetEnv() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    k8s("StatefulSet")
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .get(0)
        .path("env")
        .forEach(
            variable ->
                env.put(variable.path("name").asText(), variable.path("value").asText(null)));
    return env;
  }

  private static Map<String, Set<String>> acls(String user) throws IOException {
    Map<String, Set<String>> acls = new LinkedHashMap<>();
    for (JsonNode kafkaUser : k8sAll("KafkaUser")) {
      if (kafkaUser.path("metadata").path("name").asText().equals(user)) {
        for (JsonNode acl : kafkaUser.path("spec").path("authorization").path("acls")) {
          Set<String> operations = new HashSet<>();
          acl.path("operations").forEach(op -> operations.add(op.asText()));
          JsonNode resource = acl.path("resource");
          acls.put(
              resource.path("type").asText() + ":" + resource.path("name").asText(), operations);
        }
      }
    }
    assertThat(acls).as("ACLs of %s", user).isNotEmpty();
    return acls;
  }

  private static List<String> k8sImages() throws IOException {
    List<String> images = new ArrayList<>();
    for (JsonNode document : k8sDocuments()) {
      document.findValues("image").forEach(image -> images.add(image.asText()));
    }
    return images;
  }

  private static JsonNode k8s(String kind) throws IOException {
    List<JsonNode> all = k8sAll(kind);
    assertThat(all).as("one %s", kind).hasSize(1);
    return all.get(0);
  }

  private static List<JsonNode> k8sAll(String kind) throws IOException {
    return k8sDocuments().stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
  }

  private static List<JsonNode> k8sDocuments() throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("deploy/k8s"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
          YAML.readValues(parser, JsonNode.class)
              .readAll()
              .forEach(
                  document -> {
                    if (document != null && !document.isEmpty()) {
                      documents.add(document);
                    }
                  });
        }
      }
    }
    assertThat(documents).isNotEmpty();
    return documents;
  }
}
