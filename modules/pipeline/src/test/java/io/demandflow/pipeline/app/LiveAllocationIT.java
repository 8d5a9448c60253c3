package io.demandflow.pipeline.app;

import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationDecision;
import io.demandflow.events.AllocationReason;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.AllocationStatus;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.RegionDemand;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.Supply;
import io.demandflow.events.internal.LedgerTotals;
import io.demandflow.events.internal.WaitingRequests;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.StoreChunks;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.allocation.LedgerStores;
import io.demandflow.pipeline.orderbook.OrderBookSettings;
import io.demandflow.testkit.Crc32Partitioner;
import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.testkit.OrderFixtures;
import io.demandflow.topics.AvroSerdes;
import io.demandflow.topics.Topic;
import io.demandflow.topics.Topics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;

/**
 * SPEC §5 on a real broker, with the pipeline in its own {@code KafkaStreams} instance and input
 * topics of 3 partitions: what an ERP that publishes an order and then, once Kafka acknowledged it,
 * an allocation request can rely on, whatever client and partitioner it uses.
 */
@KafkaIntegrationTest
class LiveAllocationIT {

  private static final int PARTITIONS = 3;
  private static final int PAIRS = 2_000;
  private static final String PERIOD = "2026-03";
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Test
  void shouldGrantEveryRequestWhenPublishedAsItsOrderIsAcknowledgedWithJavasDefaultPartitioner(
      KafkaTestEnvironment kafka) throws Exception {
    grantsEveryRequestOfOrdersPublishedAtFullSpeed(kafka, Map.of());
  }

  @Test
  void shouldGrantEveryRequestWhenPublishedAsItsOrderIsAcknowledgedWithACrc32Partitioner(
      KafkaTestEnvironment kafka) throws Exception {
    grantsEveryRequestOfOrdersPublishedAtFullSpeed(
        kafka, Map.of(ProducerConfig.PARTITIONER_CLASS_CONFIG, Crc32Partitioner.class.getName()));
  }

  private void grantsEveryRequestOfOrdersPublishedAtFullSpeed(
      KafkaTestEnvironment kafka, Map<String, Object> partitioner) throws Exception {
    try (RunningPipeline pipeline = startWithPartitions(kafka, Map.of());
        Publisher publisher = new Publisher(kafka, pipeline, partitioner)) {
      // Given China approved with a 25 % share, licenses for cn-0..cn-9, and ample supply
      givenChinaApprovedLicensedAndSupplied(publisher, pipeline, 10_000_000);

      // When 2,000 orders (half US, half CN) are published as fast as the producer can, each
      // one's request sent as soon as Kafka acknowledged the order
      List<List<SpecificRecord>> pairs = new ArrayList<>();
      long expectedShareUnits = 0;
      long cnUnits = 0;
      for (int i = 0; i < PAIRS; i++) {
        boolean china = i % 2 == 1;
        int quantity = 1 + i % 50;
        Order order =
            order("o-" + i, 1)
                .setCustomerId((china ? "cn-" : "us-") + i % 10)
                .setRegion(china ? "CN" : "US")
                .setQuantity(quantity)
                .build();
        pairs.add(List.of(order, request("a-" + i, order.getOrderId(), quantity)));
        if (china) {
          expectedShareUnits += quantity;
          cnUnits += quantity;
        }
      }
      publisher.sendChains(pairs);

      // Then every request is GRANTED in full
      Map<String, AllocationDecision> decisions = latestDecisions(kafka, pipeline, PAIRS);
      assertThat(decisions).hasSize(PAIRS);
      assertThat(decisions.values())
          .allSatisfy(
              d -> {
                assertThat(d.getStatus())
                    .as(d.getAllocationId())
                    .isEqualTo(AllocationStatus.GRANTED);
                assertThat(d.getGrantedUnits()).isEqualTo(d.getRequestedUnits());
              });
      // And the revenue share is exact: 30000.00 x 25 % = 7500.00 a unit granted to China
      RevenueShare share = latestRevenueShare(kafka, pipeline, PAIRS / 2);
      assertThat(share.getShareAmount())
          .isEqualByComparingTo(
              new BigDecimal("7500.00").multiply(BigDecimal.valueOf(expectedShareUnits)));
      // And eligibility in the demand tables is right too, however the licenses were partitioned
      long expectedCnUnits = cnUnits;
      await()
          .atMost(TIMEOUT)
          .ignoreExceptions()
          .until(
              () -> {
                RegionDemand row =
                    this.<RegionDemand>timestampedStore(pipeline, StoreNames.REGION_DEMAND)
                        .get(Keys.regionDemand("CN", OrderFixtures.H200, PERIOD))
                        .value();
                return row.getEligibleUnits() == expectedCnUnits && row.getIneligibleUnits() == 0;
              });
    }
  }

  @Test
  void shouldWaitForAnOrderThatArrivesAfterItsRequestAndRejectOneThatNeverArrives(
      KafkaTestEnvironment kafka) throws Exception {
    try (RunningPipeline pipeline =
            startWithPartitions(kafka, Map.of(OrderBookSettings.ORDER_WAIT, "PT2S"));
        Publisher publisher = new Publisher(kafka, pipeline, Map.of())) {
      // Given supply for US orders
      publisher.send(supply(1_000));
      awaitLedger(pipeline, totals -> totals.getSupplyUnits() == 1_000);

      // When a request names an order not published yet, and another one that never comes
      publisher.send(request("a-early", "o-late", 10));
      publisher.send(request("a-orphan", "o-missing", 10));
      // (the first one waits for its order: it is in the order book's waiting store)
      await()
          .atMost(TIMEOUT)
          .ignoreExceptions()
          .until(() -> waitingOrderIds(pipeline).contains("o-late"));
      publisher.send(order("o-late", 1).setQuantity(10).build());

      // Then the first is decided against its order, the second rejected when its wait ends
      Map<String, AllocationDecision> decisions = latestDecisions(kafka, pipeline, 2);
      assertThat(decisions.get("a-early").getStatus()).isEqualTo(AllocationStatus.GRANTED);
      assertThat(decisions.get("a-orphan").getStatus()).isEqualTo(AllocationStatus.REJECTED);
      assertThat(decisions.get("a-orphan").getReason()).isEqualTo(AllocationReason.UNKNOWN_ORDER);
    }
  }

  @Test
  void shouldApplyRequestsReleasesAndOrderChangesOfOneOrderInTheOrderTheyWereAcknowledged(
      KafkaTestEnvironment kafka) throws Exception {
    int orders = 200;
    try (RunningPipeline pipeline = startWithPartitions(kafka, Map.of());
        Publisher publisher = new Publisher(kafka, pipeline, Map.of())) {
      // Given ample supply and US orders of 100 units each, acknowledged
      publisher.send(supply(1_000_000));
      awaitLedger(pipeline, totals -> totals.getSupplyUnits() == 1_000_000);
      List<List<SpecificRecord>> chains = new ArrayList<>();
      for (int i = 0; i < orders; i++) {
        chains.add(List.of(order("o-" + i, 1).setQuantity(100).build()));
      }
      publisher.sendChains(chains);

      // When, for each order, records follow each other as soon as the previous was acknowledged:
      chains.clear();
      for (int i = 0; i < orders; i++) {
        String id = "o-" + i;
        chains.add(
            switch (i % 3) {
              // two requests of 80: the second is decided after the first
              case 0 -> List.of(request("a1-" + i, id, 80), request("a2-" + i, id, 80));
              // a request, then its release
              case 1 -> List.of(request("a1-" + i, id, 80), release("a1-" + i, id));
              // a request, then the order's cancellation
              default ->
                  List.of(
                      request("a1-" + i, id, 80),
                      order(id, 2).setQuantity(100).setStatus(OrderStatus.CANCELLED).build());
            });
      }
      publisher.sendChains(chains);

      // Then each was applied after the one acknowledged before it (two decisions per order)
      Map<String, AllocationDecision> decisions = latestDecisions(kafka, pipeline, orders * 2);
      for (int i = 0; i < orders; i++) {
        AllocationDecision first = decisions.get("a1-" + i);
        switch (i % 3) {
          case 0 -> {
            assertThat(first.getStatus()).as("a1-%d", i).isEqualTo(AllocationStatus.GRANTED);
            AllocationDecision second = decisions.get("a2-" + i);
            assertThat(second.getStatus()).as("a2-%d", i).isEqualTo(AllocationStatus.PARTIAL);
            assertThat(second.getReason()).isEqualTo(AllocationReason.EXCEEDS_ORDER);
            assertThat(second.getGrantedUnits()).isEqualTo(20);
          }
          case 1 -> {
            assertThat(first.getStatus()).as("a1-%d", i).isEqualTo(AllocationStatus.RELEASED);
            assertThat(first.getReason()).isNull();
          }
          default -> {
            // the grant is released by the cancellation, not refused for an unknown order
            assertThat(first.getStatus()).as("a1-%d", i).isEqualTo(AllocationStatus.RELEASED);
            assertThat(first.getReason()).isEqualTo(AllocationReason.ORDER_CHANGED);
          }
        }
      }
    }
  }

  private static RunningPipeline startWithPartitions(
      KafkaTestEnvironment kafka, Map<String, String> overrides) throws Exception {
    Map<String, String> settings = new HashMap<>(overrides);
    settings.put(DemandflowConfig.TOPIC_PARTITIONS, String.valueOf(PARTITIONS));
    return RunningPipeline.start(kafka, settings);
  }

  private void givenChinaApprovedLicensedAndSupplied(
      Publisher publisher, RunningPipeline pipeline, long units) throws Exception {
    publisher.send(
        new RegionPolicy("CN", true, ImportStatus.APPROVED, new BigDecimal("0.2500"), T));
    for (int c = 0; c < 10; c++) {
      publisher.send(OrderFixtures.license("cn-" + c, "CN", T).build());
    }
    publisher.send(supply(units));
    // Supply, licenses and policies apply to requests decided after the ledger has them (SPEC §5)
    awaitLedger(pipeline, totals -> totals.getSupplyUnits() == units);
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(
            () -> {
              ReadOnlyKeyValueStore<String, Object> licenses =
                  plainStore(pipeline, LedgerStores.LICENSES);
              for (int c = 0; c < 10; c++) {
                if (licenses.get(Keys.license("cn-" + c, "CN")) == null) {
                  return false;
                }
              }
              return plainStore(pipeline, LedgerStores.POLICIES).get("CN") != null;
            });
  }

  private static Supply supply(long units) {
    return new Supply(OrderFixtures.H200, PERIOD, units, T, "plan");
  }

  private static AllocationRequest request(String allocationId, String orderId, int units) {
    return new AllocationRequest(allocationId, orderId, units, AllocationAction.REQUEST, T, "erp");
  }

  private static AllocationRequest release(String allocationId, String orderId) {
    return new AllocationRequest(allocationId, orderId, 0, AllocationAction.RELEASE, T, "erp");
  }

  private void awaitLedger(RunningPipeline pipeline, Predicate<LedgerTotals> done) {
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(
            () -> {
              LedgerTotals totals =
                  this.<LedgerTotals>plainStore(pipeline, LedgerStores.TOTALS)
                      .get(Keys.join(OrderFixtures.H200, PERIOD));
              return totals != null && done.test(totals);
            });
  }

  /** The orders with requests waiting in the order book (its store keeps them in chunks). */
  private List<String> waitingOrderIds(RunningPipeline pipeline) {
    Deserializer<WaitingRequests> deserializer =
        new AvroSerdes(pipeline.app().config().serdeConfig())
            .value(WaitingRequests.class)
            .deserializer();
    List<String> orderIds = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> chunks =
        this.<byte[]>plainStore(pipeline, StoreNames.WAITING_REQUESTS).all()) {
      chunks.forEachRemaining(
          chunk ->
              StoreChunks.entries(chunk.value)
                  .forEach(
                      entry ->
                          orderIds.add(
                              deserializer
                                  .deserialize(StoreNames.WAITING_REQUESTS, entry)
                                  .getOrderId())));
    }
    return orderIds;
  }

  private <V> ReadOnlyKeyValueStore<String, V> plainStore(RunningPipeline pipeline, String name) {
    return pipeline
        .app()
        .streams()
        .store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
  }

  private <V> ReadOnlyKeyValueStore<String, ValueAndTimestamp<V>> timestampedStore(
      RunningPipeline pipeline, String name) {
    return pipeline
        .app()
        .streams()
        .store(
            StoreQueryParameters.fromNameAndType(
                name, QueryableStoreTypes.timestampedKeyValueStore()));
  }

  private static Map<String, AllocationDecision> latestDecisions(
      KafkaTestEnvironment kafka, RunningPipeline pipeline, int atLeast) {
    Map<String, AllocationDecision> latest = new HashMap<>();
    committed(kafka, pipeline.topics().decisions(), atLeast)
        .forEach(r -> latest.put(r.key(), r.value()));
    return latest;
  }

  private static RevenueShare latestRevenueShare(
      KafkaTestEnvironment kafka, RunningPipeline pipeline, int atLeast) {
    List<ConsumerRecord<String, RevenueShare>> records =
        committed(kafka, pipeline.topics().revenueShare(), atLeast);
    return records.get(records.size() - 1).value();
  }

  /** At least {@code atLeast} committed records of an output topic, in order. */
  private static <V> List<ConsumerRecord<String, V>> committed(
      KafkaTestEnvironment kafka, Topic<String, V> topic, int atLeast) {
    return kafka.consume(
        topic.name(),
        topic.keyDeserializer(),
        topic.valueDeserializer(),
        atLeast,
        TIMEOUT,
        org.apache.kafka.common.IsolationLevel.READ_COMMITTED);
  }

  /**
   * Publishes the inputs of a test as an ERP would, with one producer per event type (each with the
   * partitioner given), keyed as SPEC §2 says.
   */
  private static final class Publisher implements AutoCloseable {

    private final RunningPipeline pipeline;
    // One producer per topic, hence per event type.
    private final Map<String, KafkaProducer<String, SpecificRecord>> producers = new HashMap<>();
    private final KafkaTestEnvironment kafka;
    private final Map<String, Object> overrides;

    Publisher(KafkaTestEnvironment kafka, RunningPipeline pipeline, Map<String, Object> overrides) {
      this.kafka = kafka;
      this.pipeline = pipeline;
      this.overrides = overrides;
    }

    /** Sends one record and waits for its acknowledgement. */
    void send(SpecificRecord event) throws Exception {
      ProducerRecord<String, SpecificRecord> record = record(event);
      producers.get(record.topic()).send(record).get();
    }

    /**
     * Sends the first record of every chain at once; each later record of a chain only when the
     * broker acknowledged the one before it. Returns when every record was acknowledged.
     */
    void sendChains(List<List<SpecificRecord>> chains) throws Exception {
      CountDownLatch done = new CountDownLatch(chains.size());
      AtomicReference<Exception> failure = new AtomicReference<>();
      for (List<SpecificRecord> chain : chains) {
        sendFrom(chain, 0, done, failure);
      }
      assertThat(done.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("all acknowledged").isTrue();
      assertThat(failure.get()).isNull();
    }

    private void sendFrom(
        List<SpecificRecord> chain,
        int index,
        CountDownLatch done,
        AtomicReference<Exception> failure) {
      ProducerRecord<String, SpecificRecord> record = record(chain.get(index));
      producers
          .get(record.topic())
          .send(
              record,
              (metadata, error) -> {
                if (error != null) {
                  failure.compareAndSet(null, error);
                  done.countDown();
                } else if (index + 1 < chain.size()) {
                  sendFrom(chain, index + 1, done, failure);
                } else {
                  done.countDown();
                }
              });
    }

    /** The record of {@code event}, its topic's producer ready. */
    private ProducerRecord<String, SpecificRecord> record(SpecificRecord event) {
      Topics topics = pipeline.topics();
      if (event instanceof Order o) {
        return record(topics.orders(), o.getOrderId(), o);
      } else if (event instanceof AllocationRequest r) {
        return record(topics.allocations(), r.getAllocationId(), r);
      } else if (event instanceof Supply s) {
        return record(topics.supply(), Keys.join(s.getProduct(), s.getPeriod()), s);
      } else if (event instanceof ExportLicense l) {
        return record(topics.licenses(), Keys.license(l.getCustomerId(), l.getRegion()), l);
      } else if (event instanceof RegionPolicy p) {
        return record(topics.policies(), p.getRegion(), p);
      }
      throw new IllegalArgumentException("not an input: " + event);
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> ProducerRecord<String, SpecificRecord> record(
        Topic<String, V> topic, String key, V value) {
      producers.computeIfAbsent(
          topic.name(),
          name ->
              kafka.newProducer(
                  topic.keySerializer(),
                  (Serializer<SpecificRecord>) topic.valueSerializer(),
                  overrides));
      return new ProducerRecord<>(topic.name(), key, value);
    }

    @Override
    public void close() {
      producers.values().forEach(KafkaProducer::close);
    }
  }
}
