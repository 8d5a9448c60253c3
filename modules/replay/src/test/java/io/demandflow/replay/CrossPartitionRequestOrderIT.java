package io.demandflow.replay;

import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationDecision;
import io.demandflow.events.AllocationReason;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.AllocationStatus;
import io.demandflow.events.Order;
import io.demandflow.events.Supply;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.allocation.LedgerStores;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.testkit.OrderFixtures;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §5: "A REQUEST published after another REQUEST of the same order was acknowledged is decided
 * after it", across input partitions. The live pipeline (order book on its wall-clock cadence) has
 * input topics of 3 partitions; request A goes to allocations partition {@value #LAGGING}, behind a
 * backlog of other requests that its re-key task works through first, and request B of the same
 * order, published once A was acknowledged and the clock has moved on, goes to the idle partition
 * {@value #IDLE}. The order has room for one of them only, so the decisions show which was decided
 * first.
 *
 * <p>The backlog sits on A's own partition, in offset order before A: a backlog on the orders
 * partition of the same re-key task would not hold A back, since that task processes whatever it
 * has buffered ({@code max.task.idle.ms=-1}) and takes A as soon as the orders partition's buffer
 * runs dry between fetches (measured: with 30,000 orders there, A was decided before B).
 */
@KafkaIntegrationTest
class CrossPartitionRequestOrderIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int PARTITIONS = 3;

  /** The partition (of orders and allocations) whose re-key task lags behind: A's. */
  private static final int LAGGING = 0;

  /** The partition whose re-key task has nothing else to do: B's. */
  private static final int IDLE = 1;

  /**
   * Requests queued on A's partition just before A. Tuned so that, without an order across input
   * partitions, B overtakes A on a 2-core machine: A waits behind all of them, B behind none.
   */
  private static final int BACKLOG = 20_000;

  private static final String PERIOD = "2026-03";
  private static final int ORDER_UNITS = 100;
  private static final Instant T = Instant.parse("2026-01-10T10:00:00Z");

  private static final Function<AllocationDecision, Object> STATUS = AllocationDecision::getStatus;
  private static final Function<AllocationDecision, Object> REASON = AllocationDecision::getReason;
  private static final Function<AllocationDecision, Object> GRANTED_UNITS =
      AllocationDecision::getGrantedUnits;

  @TempDir Path dir;

  @Test
  void shouldDecideTheRequestAcknowledgedEarlierFirstWhenItsInputPartitionLagsBehind(
      KafkaTestEnvironment kafka) throws Exception {
    DemandflowConfig live = TestPipeline.config(kafka, dir.resolve("state"), PARTITIONS);
    Topics topics = Topics.of(TopicNames.from(live.asMap()), live.serdeConfig());
    try (DemandflowApp app = TestPipeline.start(live);
        KafkaProducer<String, Order> orders = newProducer(kafka, topics.orders());
        KafkaProducer<String, AllocationRequest> allocations =
            newProducer(kafka, topics.allocations());
        KafkaProducer<String, Supply> supply = newProducer(kafka, topics.supply())) {
      // Given ample supply in the ledger and a US order of 100 units in the order book: room for
      // one request of 100 units, not two; and another customer's order of another product
      String supplyKey = Keys.join(OrderFixtures.H200, PERIOD);
      send(
          supply,
          topics.supply(),
          IDLE,
          supplyKey,
          new Supply(OrderFixtures.H200, PERIOD, 1_000_000L, T, "plan"));
      send(orders, topics.orders(), IDLE, "o-1", order("o-1", 1).setQuantity(ORDER_UNITS).build());
      send(
          orders,
          topics.orders(),
          IDLE,
          "o-bulk",
          order("o-bulk", 1).setCustomerId("bulk-buyer").setProduct(OrderFixtures.H100).build());
      awaitStore(app, LedgerStores.TOTALS, supplyKey);
      awaitStore(app, StoreNames.ORDERS, "o-1");
      awaitStore(app, StoreNames.ORDERS, "o-bulk");

      // And a backlog of requests for the other order on the allocations partition A goes to
      // (no supply of their product: each is rejected, out of A's and B's way), acknowledged
      for (int i = 0; i < BACKLOG; i++) {
        allocations.send(
            new ProducerRecord<>(
                topics.allocations().name(),
                LAGGING,
                "bulk-" + i,
                request("bulk-" + i, "o-bulk", 1)));
      }
      allocations.flush();

      // When request A is published to the lagging partition and acknowledged, and request B of
      // the same order to the idle partition once the broker's clock has moved on
      RecordMetadata a =
          send(
              allocations,
              topics.allocations(),
              LAGGING,
              "a-1",
              request("a-1", "o-1", ORDER_UNITS));
      long bNoEarlierThan = Math.max(a.timestamp(), System.currentTimeMillis()) + 2;
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(1))
          .until(() -> System.currentTimeMillis() >= bNoEarlierThan);
      send(allocations, topics.allocations(), IDLE, "a-2", request("a-2", "o-1", ORDER_UNITS));

      // Then A, acknowledged first, is decided first and granted; B finds the order full
      Map<String, AllocationDecision> decisions =
          latestDecisions(kafka, topics.decisions(), BACKLOG + 2);
      assertThat(decisions.get("a-1"))
          .as("request A")
          .extracting(STATUS, REASON, GRANTED_UNITS)
          .containsExactly(AllocationStatus.GRANTED, null, ORDER_UNITS);
      assertThat(decisions.get("a-2"))
          .as("request B")
          .extracting(STATUS, REASON, GRANTED_UNITS)
          .containsExactly(AllocationStatus.REJECTED, AllocationReason.EXCEEDS_ORDER, 0);
    }
  }

  private static AllocationRequest request(String allocationId, String orderId, int units) {
    return new AllocationRequest(allocationId, orderId, units, AllocationAction.REQUEST, T, "erp");
  }

  private static <V> KafkaProducer<String, V> newProducer(
      KafkaTestEnvironment kafka, Topic<String, V> topic) {
    return kafka.newProducer(topic.keySerializer(), topic.valueSerializer());
  }

  /** Sends one record to {@code partition} and waits for its acknowledgement. */
  private static <V> RecordMetadata send(
      KafkaProducer<String, V> producer, Topic<String, V> topic, int partition, String key, V value)
      throws Exception {
    return producer.send(new ProducerRecord<>(topic.name(), partition, key, value)).get();
  }

  /** Waits until the running pipeline's store {@code name} holds {@code key}. */
  private static void awaitStore(DemandflowApp app, String name, String key) {
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(
            () -> {
              ReadOnlyKeyValueStore<String, Object> store =
                  app.streams()
                      .store(
                          StoreQueryParameters.fromNameAndType(
                              name, QueryableStoreTypes.keyValueStore()));
              return store.get(key) != null;
            });
  }

  /** The latest decision per allocationId, once at least {@code atLeast} were committed. */
  private static Map<String, AllocationDecision> latestDecisions(
      KafkaTestEnvironment kafka, Topic<String, AllocationDecision> decisions, int atLeast) {
    Map<String, AllocationDecision> latest = new HashMap<>();
    kafka
        .consume(
            decisions.name(),
            decisions.keyDeserializer(),
            decisions.valueDeserializer(),
            atLeast,
            TIMEOUT,
            IsolationLevel.READ_COMMITTED)
        .forEach(r -> latest.put(r.key(), r.value()));
    return latest;
  }
}
