package io.demandflow.pipeline.allocation;

import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationDecision;
import io.demandflow.events.AllocationReason;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.AllocationStatus;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.Supply;
import io.demandflow.events.internal.LedgerInput;
import io.demandflow.events.internal.LedgerInputKind;
import io.demandflow.events.internal.LedgerTotals;
import io.demandflow.pipeline.PipelineDriver;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Wiring of the allocation ledger: inputs of every kind in, decisions and revenue share out. */
class AllocationTopologyTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private final PipelineDriver pipeline = new PipelineDriver();
  private final List<AllocationDecision> decisions = new ArrayList<>();

  @AfterEach
  void close() {
    pipeline.close();
  }

  private void supply(long units) {
    pipeline.send(new Supply("H200-SXM-141GB", "2026-03", units, T, "plan"));
  }

  private void chinaPolicy(ImportStatus status) {
    pipeline.send(new RegionPolicy("CN", true, status, new BigDecimal("0.2500"), T));
  }

  private void license(Long maxUnits) {
    pipeline.send(
        new ExportLicense("L-1", "cn-1", "CN", List.of(), maxUnits, null, LicenseStatus.ACTIVE, T));
  }

  private Order usOrder(String id, long revision, int quantity) {
    return order(id, revision).setCustomerId("us-1").setQuantity(quantity).build();
  }

  private Order cnOrder(String id, long revision, int quantity) {
    return order(id, revision).setCustomerId("cn-1").setRegion("CN").setQuantity(quantity).build();
  }

  private void request(String allocationId, String orderId, int quantity) {
    pipeline.send(
        new AllocationRequest(allocationId, orderId, quantity, AllocationAction.REQUEST, T, "erp"));
  }

  private Map<String, AllocationDecision> latest() {
    for (TestRecord<String, AllocationDecision> record :
        pipeline.read(pipeline.topics().decisions())) {
      assertThat(record.key()).isEqualTo(record.value().getAllocationId());
      decisions.add(record.value());
    }
    Map<String, AllocationDecision> latest = new LinkedHashMap<>();
    decisions.forEach(d -> latest.put(d.getAllocationId(), d));
    return latest;
  }

  private void assertLatest(
      String allocationId, AllocationStatus status, AllocationReason reason, int granted) {
    AllocationDecision decision = latest().get(allocationId);
    assertThat(decision).as(allocationId).isNotNull();
    assertThat(decision.getStatus()).as(allocationId).isEqualTo(status);
    assertThat(decision.getReason()).as(allocationId).isEqualTo(reason);
    assertThat(decision.getGrantedUnits()).as(allocationId).isEqualTo(granted);
  }

  @Test
  void shouldCutAChinaRequestByTheUsReservationAndRevokeItWhenUsDemandRises() {
    // Given
    chinaPolicy(ImportStatus.APPROVED);
    license(null);
    supply(1000);
    pipeline.send(usOrder("us-o", 1, 600));
    pipeline.send(cnOrder("cn-o", 1, 600));

    // When China asks for 600
    request("a-cn", "cn-o", 600);

    // Then 400 are granted (600 reserved for US), with the ledger figures
    assertLatest("a-cn", AllocationStatus.PARTIAL, AllocationReason.US_DEMAND_RESERVED, 400);
    AllocationDecision decision = latest().get("a-cn");
    assertThat(decision.getSupplyUnits()).isEqualTo(1000);
    assertThat(decision.getUsDemandUnits()).isEqualTo(600);
    assertThat(decision.getNonUsGrantedUnits()).isEqualTo(400);

    // When US demand rises to 900 (given to the ledger at the order book's next interval): 100
    // stay with China
    pipeline.send(usOrder("us-o", 2, 900));
    assertLatest("a-cn", AllocationStatus.PARTIAL, AllocationReason.US_DEMAND_RESERVED, 400);
    pipeline.advanceWallClock(Duration.ofMillis(100));
    assertLatest("a-cn", AllocationStatus.PARTIAL, AllocationReason.US_PRIORITY_PREEMPTION, 100);

    // When supply falls to 900: nothing stays with China
    supply(900);
    assertLatest("a-cn", AllocationStatus.REVOKED, AllocationReason.US_PRIORITY_PREEMPTION, 0);

    // And the ledger store agrees
    org.apache.kafka.streams.state.KeyValueStore<String, LedgerTotals> totals =
        pipeline.driver().getKeyValueStore(LedgerStores.TOTALS);
    assertThat(totals.get("H200-SXM-141GB|2026-03").getNonUsGrantedUnits()).isZero();
    assertThat(totals.get("H200-SXM-141GB|2026-03").getUsDemandUnits()).isEqualTo(900);
  }

  @Test
  void shouldReleaseGrantsOnCancellationAndOnRelease() {
    supply(1000);
    pipeline.send(usOrder("o-1", 1, 100));
    pipeline.send(usOrder("o-2", 1, 100));
    request("a-1", "o-1", 100);
    request("a-2", "o-2", 100);

    pipeline.send(order("o-1", 2).setCustomerId("us-1").setStatus(OrderStatus.CANCELLED).build());
    pipeline.send(new AllocationRequest("a-2", "o-2", 0, AllocationAction.RELEASE, T, "erp"));

    assertLatest("a-1", AllocationStatus.RELEASED, AllocationReason.ORDER_CHANGED, 0);
    assertLatest("a-2", AllocationStatus.RELEASED, null, 0);
  }

  @Test
  void shouldEmitNothingForADuplicateRequest() {
    supply(1000);
    pipeline.send(usOrder("o-1", 1, 100));
    request("a-1", "o-1", 10);
    latest();
    int before = decisions.size();

    request("a-1", "o-1", 90);

    latest();
    assertThat(decisions).hasSize(before);
    assertLatest("a-1", AllocationStatus.GRANTED, null, 10);
  }

  @Test
  void shouldApplyTheLicenseCapAndImportStatus() {
    chinaPolicy(ImportStatus.PENDING);
    license(150L);
    supply(1000);
    pipeline.send(cnOrder("cn-o", 1, 500));

    request("a-1", "cn-o", 100);
    assertLatest("a-1", AllocationStatus.REJECTED, AllocationReason.IMPORT_NOT_APPROVED, 0);

    chinaPolicy(ImportStatus.APPROVED);
    request("a-2", "cn-o", 100);
    request("a-3", "cn-o", 100);
    assertLatest("a-2", AllocationStatus.GRANTED, null, 100);
    assertLatest("a-3", AllocationStatus.PARTIAL, AllocationReason.LICENSE_CAP, 50);
  }

  @Test
  void shouldPublishRevenueShareTotalsPerRegionAndQuarter() {
    chinaPolicy(ImportStatus.APPROVED);
    license(null);
    supply(1000);
    pipeline.send(cnOrder("cn-o", 1, 10));

    request("a-1", "cn-o", 10);

    List<TestRecord<String, RevenueShare>> shares = pipeline.read(pipeline.topics().revenueShare());
    assertThat(shares).hasSize(1);
    assertThat(shares.get(0).key()).isEqualTo("CN|2026-Q1");
    // 10 × 30000.00 × 0.25
    assertThat(shares.get(0).value().getShareAmount()).isEqualByComparingTo("75000.00");
    assertThat(shares.get(0).value().getGrossValue()).isEqualByComparingTo("300000.00");
  }

  @Test
  void shouldRejectAnUnknownOrderWhenTheOrderWaitEnds() {
    // Given a request whose order is not there
    request("a-1", "nope", 10);

    // When less than the order wait (30 s by default) passes, it waits
    pipeline.advanceWallClock(Duration.ofSeconds(29));
    assertThat(latest()).doesNotContainKey("a-1");

    // Then when the wait ends it is rejected
    pipeline.advanceWallClock(Duration.ofSeconds(2));
    assertLatest("a-1", AllocationStatus.REJECTED, AllocationReason.UNKNOWN_ORDER, 0);
  }

  @Test
  void shouldApplyAReleaseAtOnceWhenItNamesAnOrderWithNothingWaiting() {
    // Given a grant
    supply(1000);
    pipeline.send(usOrder("us-o", 1, 10));
    request("a-1", "us-o", 10);
    assertLatest("a-1", AllocationStatus.GRANTED, null, 10);

    // When its RELEASE names an order the order book does not know
    pipeline.send(new AllocationRequest("a-1", "elsewhere", 0, AllocationAction.RELEASE, T, "erp"));

    // Then it is applied at once: a release needs no order, only to follow its request
    assertLatest("a-1", AllocationStatus.RELEASED, null, 0);
  }

  @Test
  void shouldDecideAWaitingRequestAgainstItsOrderWhenTheOrderArrivesWithinTheWait() {
    // Given supply and a request whose order has not arrived
    supply(1000);
    request("a-1", "us-o", 10);
    pipeline.advanceWallClock(Duration.ofSeconds(10));

    // When the order arrives
    pipeline.send(usOrder("us-o", 1, 10));

    // Then the request is decided against it
    assertLatest("a-1", AllocationStatus.GRANTED, null, 10);
  }

  @Test
  void shouldGiveTheLedgerOnlyRequestsOrdersWithRequestsAndUsDemandSums() {
    // Given 50 US and 50 CN orders without requests, one CN order with a request
    supply(1000);
    chinaPolicy(ImportStatus.APPROVED);
    license(null);
    for (int i = 0; i < 50; i++) {
      pipeline.send(usOrder("us-" + i, 1, 1));
      pipeline.send(cnOrder("cn-" + i, 1, 1));
    }
    request("a-cn", "cn-0", 1);
    // ... which is raised (its grant stays as it is), then lowered (its grant may be cut)
    pipeline.send(cnOrder("cn-0", 2, 3));
    pipeline.send(cnOrder("cn-0", 3, 2));

    // Then the ledger got the US demand as one sum, the request with its order, and the change
    // of the one order with a request that may cut its grant: 3 inputs, not 102
    List<TestRecord<String, LedgerInput>> inputs =
        pipeline.readInternal("ledger-order-book-repartition", LedgerInput.class);
    assertThat(inputs)
        .extracting(r -> r.value().getKind())
        .containsExactly(
            LedgerInputKind.US_DEMAND, LedgerInputKind.ALLOCATION, LedgerInputKind.ORDER);
    assertThat(inputs.get(0).value().getUsDemand().getUnits()).isEqualTo(50);
    assertThat(inputs.get(1).value().getOrder().getOrderId()).isEqualTo("cn-0");
    assertThat(inputs.get(2).value().getOrder().getRevision()).isEqualTo(3);
  }
}
