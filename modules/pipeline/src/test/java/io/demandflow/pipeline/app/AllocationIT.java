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
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.Order;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.Supply;
import io.demandflow.events.internal.LedgerTotals;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.allocation.LedgerStores;
import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.topics.Topic;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The allocation ledger on a real broker with exactly-once: the China licensing story — a request
 * cut by the US reservation, then revoked when US demand rises.
 */
@KafkaIntegrationTest
class AllocationIT {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void shouldReserveUsDemandAndPreemptChinaGrantsWhenRunOnABroker(KafkaTestEnvironment kafka)
      throws Exception {
    try (RunningPipeline pipeline = RunningPipeline.start(kafka)) {
      // Given the CN policy approved, a licensed CN customer, supply 1000, US demand 600
      send(
          kafka,
          pipeline.topics().policies(),
          "CN",
          new RegionPolicy("CN", true, ImportStatus.APPROVED, new BigDecimal("0.2500"), T));
      send(
          kafka,
          pipeline.topics().licenses(),
          "cn-1|CN",
          new ExportLicense("L-1", "cn-1", "CN", List.of(), null, null, LicenseStatus.ACTIVE, T));
      sendSupplyAndUsOrder(kafka, pipeline);
      sendOrder(
          kafka,
          pipeline,
          order("cn-o", 1).setCustomerId("cn-1").setRegion("CN").setQuantity(600).build());
      awaitLedger(
          pipeline, totals -> totals.getUsDemandUnits() == 600 && totals.getSupplyUnits() == 1000);

      // When China requests 600
      send(kafka, pipeline.topics().allocations(), "a-cn", request("a-cn", "cn-o", 600));
      // Then 400 are granted, 600 reserved for US
      Map<String, AllocationDecision> decisions = awaitDecisions(kafka, pipeline, 1);
      assertThat(decisions.get("a-cn").getStatus()).isEqualTo(AllocationStatus.PARTIAL);
      assertThat(decisions.get("a-cn").getReason()).isEqualTo(AllocationReason.US_DEMAND_RESERVED);
      assertThat(decisions.get("a-cn").getGrantedUnits()).isEqualTo(400);

      // When US demand rises to 1000, the China grant is revoked
      sendOrder(kafka, pipeline, order("us-o", 2).setCustomerId("us-1").setQuantity(1000).build());
      decisions = awaitDecisions(kafka, pipeline, 2);
      assertThat(decisions.get("a-cn").getStatus()).isEqualTo(AllocationStatus.REVOKED);
      assertThat(decisions.get("a-cn").getReason())
          .isEqualTo(AllocationReason.US_PRIORITY_PREEMPTION);
      assertThat(decisions.get("a-cn").getNonUsGrantedUnits()).isZero();
    }
  }

  @Test
  void shouldDecideARequestRightAfterAReleaseOfTheSameOrderWithinOneCommitInterval(
      KafkaTestEnvironment kafka) throws Exception {
    // A long commit interval keeps the ledger's writes in Kafka Streams' store cache between
    // commits: a grant deleted there must not come back to the next request's lookup.
    try (RunningPipeline pipeline =
        RunningPipeline.start(kafka, Map.of("commit.interval.ms", "5000"))) {
      // Given a US order with supply and a first grant, committed
      sendSupplyAndUsOrder(kafka, pipeline);
      awaitLedger(
          pipeline, totals -> totals.getUsDemandUnits() == 600 && totals.getSupplyUnits() == 1000);
      send(kafka, pipeline.topics().allocations(), "a-0", request("a-0", "us-o", 100));
      awaitDecisions(kafka, pipeline, 1);

      // When, within one commit interval, a second grant is made and released and a third asked
      send(kafka, pipeline.topics().allocations(), "a-1", request("a-1", "us-o", 100));
      send(
          kafka,
          pipeline.topics().allocations(),
          "a-1",
          new AllocationRequest("a-1", "us-o", 0, AllocationAction.RELEASE, T, "erp"));
      send(kafka, pipeline.topics().allocations(), "a-2", request("a-2", "us-o", 100));

      // Then every request is decided against the grants that are active
      Map<String, AllocationDecision> decisions = awaitDecisions(kafka, pipeline, 4);
      assertThat(decisions.get("a-0").getGrantedUnits()).isEqualTo(100);
      assertThat(decisions.get("a-1").getStatus()).isEqualTo(AllocationStatus.RELEASED);
      assertThat(decisions.get("a-2").getStatus()).isEqualTo(AllocationStatus.GRANTED);
      assertThat(decisions.get("a-2").getGrantedUnits()).isEqualTo(100);
    }
  }

  private static AllocationRequest request(String allocationId, String orderId, int units) {
    return new AllocationRequest(allocationId, orderId, units, AllocationAction.REQUEST, T, "erp");
  }

  /** Supply 1000 of H200 for 2026-03 and a US order of 600 for it (us-1, us-o). */
  private static void sendSupplyAndUsOrder(KafkaTestEnvironment kafka, RunningPipeline pipeline) {
    send(
        kafka,
        pipeline.topics().supply(),
        "H200-SXM-141GB|2026-03",
        new Supply("H200-SXM-141GB", "2026-03", 1000L, T, "plan"));
    sendOrder(kafka, pipeline, order("us-o", 1).setCustomerId("us-1").setQuantity(600).build());
  }

  private static void sendOrder(KafkaTestEnvironment kafka, RunningPipeline pipeline, Order order) {
    send(kafka, pipeline.topics().orders(), order.getOrderId(), order);
  }

  private static <V> void send(
      KafkaTestEnvironment kafka, Topic<String, V> topic, String key, V value) {
    try (KafkaProducer<String, V> producer =
        kafka.newProducer(topic.keySerializer(), topic.valueSerializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, value));
    }
  }

  private static void awaitLedger(
      RunningPipeline pipeline, java.util.function.Predicate<LedgerTotals> done) {
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              ReadOnlyKeyValueStore<String, LedgerTotals> store =
                  pipeline
                      .app()
                      .streams()
                      .store(
                          StoreQueryParameters.fromNameAndType(
                              LedgerStores.TOTALS, QueryableStoreTypes.keyValueStore()));
              LedgerTotals totals = store.get(Keys.join("H200-SXM-141GB", "2026-03"));
              return totals != null && done.test(totals);
            });
  }

  private static Map<String, AllocationDecision> awaitDecisions(
      KafkaTestEnvironment kafka, RunningPipeline pipeline, int count) {
    List<ConsumerRecord<String, AllocationDecision>> records =
        kafka.consumeAllCommitted(
            pipeline.topics().decisions().name(),
            pipeline.topics().decisions().keyDeserializer(),
            pipeline.topics().decisions().valueDeserializer(),
            count);
    Map<String, AllocationDecision> latest = new HashMap<>();
    records.forEach(r -> latest.put(r.key(), r.value()));
    return latest;
  }
}
