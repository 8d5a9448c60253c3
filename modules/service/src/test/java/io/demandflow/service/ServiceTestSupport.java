package io.demandflow.service;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demandflow.events.Order;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Starts demandflow services on the shared test broker, each test on its own topics. */
final class ServiceTestSupport {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final KafkaTestEnvironment env;
  private final Map<String, String> topics = new LinkedHashMap<>();
  private final String applicationId;

  ServiceTestSupport(KafkaTestEnvironment env) {
    this.env = env;
    this.applicationId = env.uniqueName("demandflow");
    for (String key : topicKeys()) {
      topics.put(key, env.uniqueName(key.substring(key.lastIndexOf('.') + 1)));
    }
  }

  /** Every {@code demandflow.topic.*} key {@link TopicNames} declares. */
  static List<String> topicKeys() {
    return TopicNames.KEYS;
  }

  /**
   * The configuration of one instance: fresh topics of this test, a state directory of its own, a
   * free HTTP port on the loopback interface and a fast gauge refresh.
   */
  DemandflowConfig config(Path stateDir) {
    Map<String, String> settings = new LinkedHashMap<>(topics);
    env.clientProperties().forEach((key, value) -> settings.put(key, String.valueOf(value)));
    settings.put(DemandflowConfig.APPLICATION_ID, applicationId);
    settings.put("state.dir", stateDir.toString());
    settings.put(ServiceSettings.HTTP_HOST, "127.0.0.1");
    settings.put(ServiceSettings.HTTP_PORT, "0");
    settings.put(ServiceSettings.METRICS_REFRESH_MS, "200");
    return DemandflowConfig.of(settings);
  }

  /** Starts an instance with a fresh state directory under {@code tempDir}. */
  DemandflowService startInstance(Path tempDir, String name) throws IOException {
    return startInstance(tempDir, name, Map.of());
  }

  /** Like {@link #startInstance(Path, String)} with extra settings. */
  DemandflowService startInstance(Path tempDir, String name, Map<String, String> settings)
      throws IOException {
    DemandflowConfig config = config(Files.createDirectories(tempDir.resolve(name)));
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      config = config.with(setting.getKey(), setting.getValue());
    }
    return DemandflowService.create(config).start();
  }

  static void awaitRunning(DemandflowService service) {
    await("instance running")
        .atMost(Duration.ofSeconds(60))
        .until(() -> service.app().awaitRunning(Duration.ofMillis(200)));
  }

  void produceOrders(DemandflowConfig config, List<Order> orders) {
    produce(config, Topics::orders, orders, Order::getOrderId);
  }

  /** Publishes records to the test's {@code topic} of {@code config}, keyed by {@code keyOf}. */
  <V> void produce(
      DemandflowConfig config,
      Function<Topics, Topic<String, V>> topic,
      List<V> records,
      Function<V, String> keyOf) {
    Topic<String, V> to =
        topic.apply(Topics.of(TopicNames.from(config.asMap()), config.serdeConfig()));
    env.produce(
        to.name(),
        to.keySerializer(),
        to.valueSerializer(),
        records.stream()
            .map(record -> new ProducerRecord<>(to.name(), keyOf.apply(record), record))
            .toList());
  }

  static HttpResponse<String> get(URI base, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode getJson(URI base, String path) throws Exception {
    return JSON.readTree(get(base, path).body());
  }

  /** The repository root (where docker-compose.yml and deploy/ live). */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("deploy"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no deploy/ directory above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
