package io.demandflow.pipeline.demand;

import static io.demandflow.testkit.OrderFixtures.H100;
import static io.demandflow.testkit.OrderFixtures.H200;
import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.embedded.TemporaryDirectory;
import io.demandflow.events.CustomerDemand;
import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.RegionDemand;
import io.demandflow.pipeline.PipelineTopology;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.demand.OrderRevisionGate.Skip;
import io.demandflow.pipeline.orderbook.OrderBookSettings;
import io.demandflow.registry.MockSchemaRegistry;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Wiring and stores of {@link DemandTopology}; the arithmetic itself is tested in domain. */
class DemandTopologyTest {

  private final String scope = "demand-topology-" + UUID.randomUUID();
  private final Map<String, String> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);
  private final Topics topics = Topics.of(TopicNames.defaults(), serdeConfig);

  private TopologyTestDriver driver;
  // A state directory of its own: drivers of other test runs on the machine never share stores.
  private TemporaryDirectory stateDir;
  private TestInputTopic<String, Order> orders;
  private TestOutputTopic<String, CustomerDemand> customerDemand;
  private TestOutputTopic<String, RegionDemand> regionDemand;

  @BeforeEach
  void startDriver() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "demand-topology-test");
    stateDir = TemporaryDirectory.create("demandflow-driver-");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.path().toString());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    // No record cache: every update reaches the output topics, so intermediate results are visible.
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    // No input ticks in a test driver: the ledger decides in arrival order (sequencing has its own
    // test, LedgerSequencingTest).
    driver =
        new TopologyTestDriver(
            PipelineTopology.build(
                topics.names(), serdeConfig, Map.of(OrderBookSettings.SEQUENCING, "false")),
            props);

    orders = input(topics.orders());
    customerDemand = output(topics.customerDemand());
    regionDemand = output(topics.regionDemand());
  }

  private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
    return driver.createInputTopic(topic.name(), topic.keySerializer(), topic.valueSerializer());
  }

  private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
    return driver.createOutputTopic(
        topic.name(), topic.keyDeserializer(), topic.valueDeserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
    stateDir.close();
    MockSchemaRegistry.dropScope(scope);
  }

  @Test
  void shouldAggregateOpenDemandWhenOrdersArePlaced() {
    // Given / When
    send(order("o-1", 1).setQuantity(10).build());
    send(order("o-2", 1).setQuantity(5).setUnitPrice(new BigDecimal("29999.99")).build());

    // Then
    CustomerDemand expected = customer("ACME", H200, 15, "449999.95", 2);
    assertThat(latest(customerDemand)).containsExactly(Map.entry("ACME|" + H200, expected));
    assertThat(customerStore().get("ACME|" + H200)).isEqualTo(expected);

    RegionDemand expectedRegion = region("US", H200, "2026-03", 15, "449999.95", 2);
    assertThat(latest(regionDemand))
        .containsExactly(Map.entry("US|" + H200 + "|2026-03", expectedRegion));
    assertThat(regionStore().get("US|" + H200 + "|2026-03")).isEqualTo(expectedRegion);
    assertThat(ordersStore().get("o-1").getRevision()).isEqualTo(1L);
  }

  @Test
  void shouldChangeNothingWhenARevisionIsStale() {
    // Given
    send(order("o-1", 2).setQuantity(10).build());
    customerDemand.readRecordsToList();
    regionDemand.readRecordsToList();

    // When an older revision arrives late
    send(order("o-1", 1).setQuantity(99).build());

    // Then
    assertThat(customerDemand.isEmpty()).isTrue();
    assertThat(regionDemand.isEmpty()).isTrue();
    assertThat(customerStore().get("ACME|" + H200).getOpenUnits()).isEqualTo(10);
    assertThat(ordersStore().get("o-1").getRevision()).isEqualTo(2);
    assertThat(ordersStore().get("o-1").getQuantity()).isEqualTo(10);
    assertThat(skipped(Skip.STALE_REVISION)).isEqualTo(1.0);
    assertThat(skipped(Skip.DUPLICATE_REVISION)).isZero();
  }

  @Test
  void shouldChangeNothingWhenARevisionIsADuplicate() {
    // Given
    send(order("o-1", 1).setQuantity(10).build());
    customerDemand.readRecordsToList();

    // When the same revision is delivered again, even with other content
    send(order("o-1", 1).setQuantity(10).build());
    send(order("o-1", 1).setQuantity(20).build());

    // Then
    assertThat(customerDemand.isEmpty()).isTrue();
    assertThat(customerStore().get("ACME|" + H200).getOpenUnits()).isEqualTo(10);
    assertThat(skipped(Skip.DUPLICATE_REVISION)).isEqualTo(2.0);
    assertThat(skipped(Skip.STALE_REVISION)).isZero();
  }

  @Test
  void shouldReplaceTheContributionWhenQuantityAndPriceAreAmended() {
    // Given
    send(order("o-1", 1).setQuantity(10).build());
    send(order("o-2", 1).setQuantity(1).setUnitPrice(new BigDecimal("100.00")).build());

    // When
    send(order("o-1", 2).setQuantity(4).setUnitPrice(new BigDecimal("31000.50")).build());

    // Then: 4 × 31000.50 + 1 × 100.00
    assertThat(latest(customerDemand).get("ACME|" + H200))
        .isEqualTo(customer("ACME", H200, 5, "124102.00", 2));
    assertThat(latest(regionDemand).get("US|" + H200 + "|2026-03"))
        .isEqualTo(region("US", H200, "2026-03", 5, "124102.00", 2));
    assertThat(customerStore().get("ACME|" + H200).getOpenUnits()).isEqualTo(5);
  }

  @Test
  void shouldRemoveTheRowWhenItsLastOrderIsCancelled() {
    // Given
    send(order("o-1", 1).build());
    customerDemand.readRecordsToList();
    regionDemand.readRecordsToList();

    // When
    send(order("o-1", 2).setStatus(OrderStatus.CANCELLED).build());

    // Then: a tombstone downstream and no row in the stores
    assertThat(customerDemand.readKeyValuesToList())
        .containsExactly(KeyValue.pair("ACME|" + H200, null));
    assertThat(regionDemand.readKeyValuesToList())
        .containsExactly(KeyValue.pair("US|" + H200 + "|2026-03", null));
    assertThat(customerStore().get("ACME|" + H200)).isNull();
    assertThat(regionStore().get("US|" + H200 + "|2026-03")).isNull();
    assertThat(customerStore().approximateNumEntries()).isZero();
    // The order itself is still known, as cancelled, so a late lower revision cannot revive it
    assertThat(ordersStore().get("o-1").getStatus()).isEqualTo(OrderStatus.CANCELLED);
  }

  @Test
  void shouldKeepTheRowWhenAnotherOrderIsStillOpen() {
    // Given
    send(order("o-1", 1).setQuantity(10).build());
    send(order("o-2", 1).setQuantity(3).build());

    // When
    send(order("o-1", 2).setStatus(OrderStatus.CANCELLED).build());

    // Then
    assertThat(latest(customerDemand).get("ACME|" + H200))
        .isEqualTo(customer("ACME", H200, 3, "90000.00", 1));
    assertThat(regionStore().get("US|" + H200 + "|2026-03").getOpenOrders()).isEqualTo(1);
  }

  @Test
  void shouldReopenTheRowWhenACancelledOrderIsPlacedAgain() {
    // Given
    send(order("o-1", 1).build());
    send(order("o-1", 2).setStatus(OrderStatus.CANCELLED).build());

    // When
    send(order("o-1", 3).setQuantity(7).build());

    // Then
    assertThat(latest(customerDemand).get("ACME|" + H200))
        .isEqualTo(customer("ACME", H200, 7, "210000.00", 1));
  }

  @Test
  void shouldCreateNoRowWhenTheFirstRevisionIsAlreadyCancelled() {
    // Given / When
    send(order("o-1", 1).setStatus(OrderStatus.CANCELLED).build());

    // Then
    assertThat(customerStore().approximateNumEntries()).isZero();
    assertThat(regionStore().approximateNumEntries()).isZero();
    assertThat(latest(customerDemand).values()).allMatch(row -> row == null);
  }

  static Stream<Arguments> moves() {
    return Stream.of(
        Arguments.of(
            "customer",
            (UnaryOperator<Order.Builder>) b -> b.setCustomerId("GLOBEX"),
            "GLOBEX|" + H200,
            "US|" + H200 + "|2026-03"),
        Arguments.of(
            "region",
            (UnaryOperator<Order.Builder>) b -> b.setRegion("DE"),
            "ACME|" + H200,
            "DE|" + H200 + "|2026-03"),
        Arguments.of(
            "product",
            (UnaryOperator<Order.Builder>) b -> b.setProduct(H100),
            "ACME|" + H100,
            "US|" + H100 + "|2026-03"),
        Arguments.of(
            "period",
            (UnaryOperator<Order.Builder>) b -> b.setRequestedDate(LocalDate.of(2026, 4, 1)),
            "ACME|" + H200,
            "US|" + H200 + "|2026-04"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("moves")
  void shouldMoveDemandToTheNewRowWhenAnAmendmentChangesTheGrouping(
      String field, UnaryOperator<Order.Builder> move, String newCustomerKey, String newRegionKey) {
    // Given an order of 10 and another of 3 in the same rows
    send(order("o-1", 1).setQuantity(10).build());
    send(order("o-2", 1).setQuantity(3).build());

    // When o-1 moves, with a new quantity too
    send(move.apply(order("o-1", 2).setQuantity(6)).build());

    // Then the old rows keep only o-2 (unless the move keeps them) and the new rows hold o-1
    Map<String, CustomerDemand> customers = latest(customerDemand);
    Map<String, RegionDemand> regions = latest(regionDemand);
    String oldCustomerKey = "ACME|" + H200;
    String oldRegionKey = "US|" + H200 + "|2026-03";
    if (newCustomerKey.equals(oldCustomerKey)) {
      assertThat(customers.get(oldCustomerKey).getOpenUnits()).isEqualTo(9);
    } else {
      assertThat(customers.get(oldCustomerKey).getOpenUnits()).isEqualTo(3);
      assertThat(customers.get(newCustomerKey).getOpenUnits()).isEqualTo(6);
      assertThat(customerStore().get(newCustomerKey).getOpenValue())
          .isEqualTo(new BigDecimal("180000.00"));
    }
    if (newRegionKey.equals(oldRegionKey)) {
      assertThat(regions.get(oldRegionKey).getOpenUnits()).isEqualTo(9);
    } else {
      assertThat(regions.get(oldRegionKey).getOpenUnits()).isEqualTo(3);
      assertThat(regions.get(newRegionKey).getOpenUnits()).isEqualTo(6);
      assertThat(regionStore().get(newRegionKey).getEligibleUnits()).isEqualTo(6);
    }
    assertThat(totalUnits(customerStore())).isEqualTo(9);
    assertThat(totalRegionUnits(regionStore())).isEqualTo(9);
  }

  @Test
  void shouldEmitATombstoneForTheOldRowWhenTheOnlyOrderMoves() {
    // Given
    send(order("o-1", 1).build());
    customerDemand.readRecordsToList();

    // When
    send(order("o-1", 2).setCustomerId("GLOBEX").build());

    // Then
    assertThat(customerDemand.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair("ACME|" + H200, null),
            KeyValue.pair("GLOBEX|" + H200, customer("GLOBEX", H200, 10, "300000.00", 1)));
    assertThat(customerStore().get("ACME|" + H200)).isNull();
  }

  @Test
  void shouldSkipAndCountWhenARecordIsATombstone() {
    // Given
    send(order("o-1", 1).build());
    customerDemand.readRecordsToList();

    // When
    orders.pipeInput("o-1", null);

    // Then
    assertThat(customerDemand.isEmpty()).isTrue();
    assertThat(customerStore().get("ACME|" + H200).getOpenUnits()).isEqualTo(10);
    assertThat(ordersStore().get("o-1")).isNotNull();
    assertThat(skipped(Skip.TOMBSTONE)).isEqualTo(1.0);
  }

  private void send(Order order) {
    orders.pipeInput(order.getOrderId(), order);
  }

  /** The latest value per key, null for a key whose latest record is a tombstone. */
  private static <V> Map<String, V> latest(TestOutputTopic<String, V> topic) {
    Map<String, V> latest = new HashMap<>();
    List<KeyValue<String, V>> records = topic.readKeyValuesToList();
    records.forEach(record -> latest.put(record.key, record.value));
    return latest;
  }

  private double skipped(Skip kind) {
    return driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals(OrderRevisionGate.SKIPPED_TOTAL))
        .filter(e -> e.getKey().group().equals(OrderRevisionGate.METRIC_GROUP))
        .filter(e -> kind.tag().equals(e.getKey().tags().get("kind")))
        .mapToDouble(e -> (Double) e.getValue().metricValue())
        .sum();
  }

  private KeyValueStore<String, CustomerDemand> customerStore() {
    return driver.getKeyValueStore(StoreNames.CUSTOMER_DEMAND);
  }

  private KeyValueStore<String, RegionDemand> regionStore() {
    return driver.getKeyValueStore(StoreNames.REGION_DEMAND);
  }

  private KeyValueStore<String, Order> ordersStore() {
    return driver.getKeyValueStore(StoreNames.ORDERS);
  }

  private static long totalUnits(KeyValueStore<String, CustomerDemand> store) {
    long units = 0;
    try (var all = store.all()) {
      while (all.hasNext()) {
        units += all.next().value.getOpenUnits();
      }
    }
    return units;
  }

  private static long totalRegionUnits(KeyValueStore<String, RegionDemand> store) {
    long units = 0;
    try (var all = store.all()) {
      while (all.hasNext()) {
        units += all.next().value.getOpenUnits();
      }
    }
    return units;
  }

  private static CustomerDemand customer(
      String customerId, String product, long units, String value, int orderCount) {
    return CustomerDemand.newBuilder()
        .setCustomerId(customerId)
        .setProduct(product)
        .setOpenUnits(units)
        .setOpenValue(new BigDecimal(value))
        .setOpenOrders(orderCount)
        .build();
  }

  private static RegionDemand region(
      String region, String product, String period, long units, String value, int orderCount) {
    return RegionDemand.newBuilder()
        .setRegion(region)
        .setProduct(product)
        .setPeriod(period)
        .setOpenUnits(units)
        .setEligibleUnits(units)
        .setIneligibleUnits(0)
        .setOpenValue(new BigDecimal(value))
        .setOpenOrders(orderCount)
        .build();
  }
}
