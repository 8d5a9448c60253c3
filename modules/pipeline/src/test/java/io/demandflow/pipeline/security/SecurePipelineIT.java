package io.demandflow.pipeline.security;

import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.AllocationStatus;
import io.demandflow.events.Supply;
import io.demandflow.events.internal.LedgerTotals;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.allocation.LedgerStores;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.app.TopicProvisioner;
import io.demandflow.registry.MockSchemaRegistry;
import io.demandflow.testkit.DeployedAcls;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * demandflow on a SASL_SSL broker (SCRAM-SHA-512 over TLS, StandardAuthorizer, deny by default)
 * whose only ACLs are the shipped ones ({@code deploy/acls/demandflow-acls.yaml}): the pipeline
 * runs under exactly_once_v2 as {@code demandflow-app}, ERPs write inputs as {@code demandflow-erp}
 * and nothing else, a wrong password is refused, and no password reaches the logs.
 */
@Tag("security")
class SecurePipelineIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Instant T = Instant.parse("2026-01-10T10:00:00Z");
  private static final TopicNames TOPICS = TopicNames.defaults();

  private static final String ADMIN_PASSWORD = SecureBroker.newPassword("admin");
  private static final String APP_PASSWORD = SecureBroker.newPassword("app");
  private static final String ERP_PASSWORD = SecureBroker.newPassword("erp");

  @TempDir static Path directory;

  private static SecureBroker broker;
  private static String registryScope;

  @BeforeAll
  static void startSecureBrokerWithShippedAcls() throws Exception {
    broker = SecureBroker.start(directory, ADMIN_PASSWORD);
    broker.addUsers(Map.of("demandflow-app", APP_PASSWORD, "demandflow-erp", ERP_PASSWORD));
    registryScope = "secure-" + UUID.randomUUID();
    // Topics are created by operations (here: the super user), not by the least-privileged app.
    TopicProvisioner.ensureTopics(configFor(stringMap(broker.adminProperties())), TOPICS);
    try (Admin admin = Admin.create(broker.adminProperties())) {
      admin.createAcls(DeployedAcls.load()).all().get();
    }
  }

  /** Waits until the ledger holds the supply (100) and the US order (10) of H200, 2026-03. */
  private static void awaitLedger(DemandflowApp app) {
    org.awaitility.Awaitility.await("ledger has the order and the supply")
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(
            () -> {
              LedgerTotals totals =
                  app.streams()
                      .store(
                          org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
                              LedgerStores.TOTALS,
                              org.apache.kafka.streams.state.QueryableStoreTypes
                                  .<String, LedgerTotals>keyValueStore()))
                      .get(Keys.join("H200-SXM-141GB", "2026-03"));
              return totals != null
                  && totals.getSupplyUnits() == 100
                  && totals.getUsDemandUnits() == 10;
            });
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
    MockSchemaRegistry.dropScope(registryScope);
  }

  @Test
  void shouldRunPipelineEndToEndWhenOnlyTheShippedAclsAreGranted() throws Exception {
    // Given: the app as demandflow-app with exactly_once_v2 (the default), logs captured
    DemandflowConfig config =
        configFor(broker.clientProperties("demandflow-app", APP_PASSWORD))
            .with("state.dir", directory.resolve("state").toString());
    assertThat(config.get("processing.guarantee")).isEqualTo("exactly_once_v2");
    Topics topics = Topics.of(TOPICS, config.serdeConfig());
    try (CapturedLogs logs = CapturedLogs.start();
        DemandflowApp app = DemandflowApp.create(config).start()) {
      assertThat(app.awaitRunning(TIMEOUT)).as("pipeline reaches RUNNING").isTrue();

      // When: the ERP publishes supply, an order, an allocation request and one bad order
      Map<String, String> erp = broker.clientProperties("demandflow-erp", ERP_PASSWORD);
      send(erp, topics.supply(), "H200-SXM-141GB|2026-03", supply(100));
      send(erp, topics.orders(), "o-1", order("o-1", 1).setQuantity(10).build());
      send(erp, topics.orders(), "o-bad", order("o-bad", 1).setQuantity(0).build());
      // The request must reach the ledger after its order and the supply (SPEC §4: kinds whose
      // interleaving matters are separated), so wait until the ledger has both.
      awaitLedger(app);
      send(
          erp,
          topics.allocations(),
          "a-1",
          new AllocationRequest("a-1", "o-1", 4, AllocationAction.REQUEST, T, "erp"));

      // Then: demand, the decision and the dead letter are written (read as the super user)
      var demand = awaitLatest(topics.customerDemand(), 1);
      assertThat(demand.get("ACME|H200-SXM-141GB").getOpenUnits()).isEqualTo(10);
      var decisions = awaitLatest(topics.decisions(), 1);
      assertThat(decisions.get("a-1").getStatus()).isEqualTo(AllocationStatus.GRANTED);
      assertThat(decisions.get("a-1").getGrantedUnits()).isEqualTo(4);
      var deadLetters = awaitLatest(topics.dlq(), 1);
      assertThat(deadLetters).containsOnlyKeys("o-bad");
      assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);

      // And: no password was logged, although the configuration was (hidden)
      String logged = logs.text();
      assertThat(logged).contains("starting demandflow").contains("sasl.jaas.config");
      assertThat(logged)
          .doesNotContain(APP_PASSWORD)
          .doesNotContain(ADMIN_PASSWORD)
          .doesNotContain(ERP_PASSWORD);
    }
  }

  @Test
  void shouldRefuseClientWhenPasswordIsWrong() {
    // Given
    Map<String, String> wrong = broker.clientProperties("demandflow-erp", "not-" + ERP_PASSWORD);

    // When / Then
    try (KafkaProducer<String, byte[]> producer = producer(wrong, new ByteArraySerializer())) {
      assertThatThrownBy(
              () ->
                  producer.send(new ProducerRecord<>(TOPICS.orders(), "o-x", new byte[] {0})).get())
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  void shouldLetErpWriteOrdersButNotDecisionsOrSignalsWhenShippedAclsApply() throws Exception {
    // Given
    Map<String, String> erp = broker.clientProperties("demandflow-erp", ERP_PASSWORD);
    Topics topics = Topics.of(TOPICS, configFor(erp).serdeConfig());

    // When / Then: orders are accepted
    send(erp, topics.orders(), "o-erp", order("o-erp", 1).build());

    // ... decisions and signals are not
    try (KafkaProducer<String, byte[]> producer = producer(erp, new ByteArraySerializer())) {
      for (String forbidden : List.of(TOPICS.decisions(), TOPICS.signals())) {
        assertThatThrownBy(
                () -> producer.send(new ProducerRecord<>(forbidden, "k", new byte[] {0})).get())
            .as("ERP writing %s", forbidden)
            .hasCauseInstanceOf(TopicAuthorizationException.class);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static DemandflowConfig configFor(Map<String, String> client) {
    return DemandflowConfig.builder()
        .with(client)
        .with(
            DemandflowConfig.SCHEMA_REGISTRY_URL,
            MockSchemaRegistry.MOCK_URL_PREFIX + registryScope)
        .build();
  }

  private static Map<String, String> stringMap(Map<String, Object> props) {
    Map<String, String> strings = new HashMap<>();
    props.forEach((k, v) -> strings.put(k, String.valueOf(v)));
    return strings;
  }

  private static Supply supply(long units) {
    return new Supply("H200-SXM-141GB", "2026-03", units, T, "plan");
  }

  private static <V> void send(
      Map<String, String> client, Topic<String, V> topic, String key, V value)
      throws ExecutionException, InterruptedException {
    try (KafkaProducer<String, V> producer = producer(client, topic.valueSerializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
    }
  }

  private static <V> KafkaProducer<String, V> producer(
      Map<String, String> client, Serializer<V> values) {
    Properties props = new Properties();
    props.putAll(client);
    // A refused client fails fast instead of retrying for the default two minutes.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    return new KafkaProducer<>(props, new StringSerializer(), values);
  }

  /**
   * The latest value per key (read as a string) of {@code topic}, read committed, once it has
   * {@code keys} keys.
   */
  private static <V> Map<String, V> awaitLatest(Topic<?, V> topic, int keys) {
    Map<String, Object> props = new HashMap<>(broker.adminProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "secure-test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, V> latest = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic.name()));
      await()
          .atMost(TIMEOUT)
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  latest.put(r.key(), topic.valueDeserializer().deserialize(r.topic(), r.value()));
                }
                return latest.size() >= keys;
              });
    }
    return latest;
  }
}
