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
import io.demandflow.events.Supply;
import io.demandflow.events.internal.LedgerInput;
import io.demandflow.events.internal.LedgerInputKind;
import io.demandflow.events.internal.Watermark;
import io.demandflow.pipeline.PipelineDriver;
import io.demandflow.pipeline.PipelineTopology;
import io.demandflow.pipeline.input.InputTicks;
import io.demandflow.pipeline.orderbook.OrderBookProcessor;
import io.demandflow.pipeline.orderbook.OrderBookSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sequencing (docs/order-book.md, SPEC §5): with it on, the ledger decides the order book's inputs
 * in the order of their input records' timestamps across every order-book task, once every task's
 * watermark has passed them, whatever order the tasks delivered them in.
 */
class LedgerSequencingTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final String LEDGER_TOPIC = "ledger-order-book-repartition";

  private PipelineDriver pipeline;

  @AfterEach
  void close() {
    pipeline.close();
  }

  private void start(int orderBookPartitions) {
    start(orderBookPartitions, Map.of());
  }

  /** The pipeline with sequencing on, {@code settings} on top, and supply for one request. */
  private void start(int orderBookPartitions, Map<String, String> settings) {
    Map<String, String> config =
        new HashMap<>(
            Map.of(
                OrderBookSettings.SEQUENCING,
                "true",
                PipelineTopology.TOPIC_PARTITIONS,
                Integer.toString(orderBookPartitions)));
    config.putAll(settings);
    pipeline = new PipelineDriver(config);
    pipeline.send(new Supply("H200-SXM-141GB", "2026-03", 100L, T, "plan"));
  }

  private static Order usOrder(String id) {
    return order(id, 1).setCustomerId("us-1").setQuantity(100).build();
  }

  private static AllocationRequest request(String allocationId, String orderId) {
    return new AllocationRequest(allocationId, orderId, 100, AllocationAction.REQUEST, T, "erp");
  }

  /** What an order-book task gives the ledger for a request whose order it holds. */
  private void fromOrderBook(String allocationId, String orderId, long ms) {
    pipeline.sendInternal(
        LEDGER_TOPIC,
        orderId,
        LedgerInput.newBuilder()
            .setKind(LedgerInputKind.ALLOCATION)
            .setRequest(request(allocationId, orderId))
            .setOrder(usOrder(orderId))
            .build(),
        ms);
  }

  private void marker(LedgerInputKind kind, int task, long ms) {
    pipeline.sendInternal(
        LEDGER_TOPIC,
        Integer.toString(task),
        LedgerInput.newBuilder()
            .setKind(kind)
            .setWatermark(new Watermark(OrderBookProcessor.WATERMARK_SOURCE, task, 2, ms))
            .build(),
        ms);
  }

  private List<AllocationDecision> decisions() {
    return pipeline.read(pipeline.topics().decisions()).stream().map(TestRecord::value).toList();
  }

  @Test
  void shouldDecideInTimestampOrderWhenOneOrderBookTaskDeliversALaterRequestFirst() {
    // Given two order-book tasks and supply for one of two requests of 100
    start(2);

    // When task 1 delivers a request stamped 2,000 before task 0 delivers one stamped 1,000
    fromOrderBook("a-2", "o-2", 2_000);
    fromOrderBook("a-1", "o-1", 1_000);
    marker(LedgerInputKind.WATERMARK, 0, 5_000);

    // Then nothing is decided while task 1 has not passed them
    assertThat(decisions()).isEmpty();

    // When task 1 passes them too: the earlier request is decided first and gets the supply
    marker(LedgerInputKind.WATERMARK, 1, 3_000);
    List<AllocationDecision> decided = decisions();
    assertThat(decided)
        .extracting(AllocationDecision::getAllocationId)
        .containsExactly("a-1", "a-2");
    assertThat(decided.get(0).getStatus()).isEqualTo(AllocationStatus.GRANTED);
    assertThat(decided.get(1).getStatus()).isEqualTo(AllocationStatus.REJECTED);
    assertThat(decided.get(1).getReason()).isEqualTo(AllocationReason.INSUFFICIENT_SUPPLY);
  }

  @Test
  void shouldHoldOnlyWhatLiesBeyondTheWatermarkOfEveryTask() {
    // Given both tasks at 3,000
    start(2);
    marker(LedgerInputKind.WATERMARK, 0, 3_000);
    marker(LedgerInputKind.WATERMARK, 1, 3_000);

    // When a request stamped at the watermark and one beyond it arrive
    fromOrderBook("a-late", "o-1", 3_000);
    fromOrderBook("a-next", "o-2", 3_001);

    // Then the first is decided at once and the second waits for the next watermarks
    assertThat(decisions())
        .extracting(AllocationDecision::getAllocationId)
        .containsExactly("a-late");
    marker(LedgerInputKind.WATERMARK, 0, 4_000);
    marker(LedgerInputKind.WATERMARK, 1, 4_000);
    assertThat(decisions())
        .extracting(AllocationDecision::getAllocationId)
        .containsExactly("a-next");
  }

  @Test
  void shouldLetEverythingHeldThroughOnceEveryTaskPassedOnAFlush() {
    // Given two held requests
    start(2);
    fromOrderBook("a-2", "o-2", 2_000);
    fromOrderBook("a-1", "o-1", 1_000);

    // When only task 0 passed on a flush: nothing yet
    marker(LedgerInputKind.FLUSH, 0, 0);
    assertThat(decisions()).isEmpty();

    // When task 1 did too: both, in timestamp order
    marker(LedgerInputKind.FLUSH, 1, 0);
    assertThat(decisions())
        .extracting(AllocationDecision::getAllocationId)
        .containsExactly("a-1", "a-2");
  }

  @Test
  void shouldDecideARequestOnceTheTicksOfEveryInputPartitionPassedIt() {
    // Given one order-book task and an order
    start(1);
    pipeline.send(pipeline.topics().orders(), "o-1", usOrder("o-1"), 1_000);

    // When its request arrives, stamped 1,100: it is held (no input partition has ticked)
    pipeline.send(pipeline.topics().allocations(), "a-1", request("a-1", "o-1"), 1_100);
    assertThat(decisions()).isEmpty();

    // When the orders topic's only partition ticks at 1,200: the allocations topic is still silent
    pipeline.sendTick(pipeline.topics().orders(), 1, 1_200);
    assertThat(decisions()).isEmpty();

    // When the allocations topic ticks too: the request is decided against its order
    pipeline.sendTick(pipeline.topics().allocations(), 1, 1_200);
    assertThat(decisions())
        .singleElement()
        .satisfies(
            decision -> {
              assertThat(decision.getAllocationId()).isEqualTo("a-1");
              assertThat(decision.getStatus()).isEqualTo(AllocationStatus.GRANTED);
            });
    // And the ticks are no events: nothing went to the dead-letter topic
    assertThat(pipeline.read(pipeline.topics().dlq())).isEmpty();
  }

  @Test
  void shouldDecideARequestBeforeUsDemandStampedAfterItAlthoughTheOrderBookSawTheOrderFirst() {
    // Given one order-book task, China approved and licensed, supply 100 and a China order
    start(1);
    pipeline.send(new RegionPolicy("CN", true, ImportStatus.APPROVED, new BigDecimal("0.25"), T));
    pipeline.send(
        new ExportLicense("L-1", "cn-1", "CN", List.of(), null, null, LicenseStatus.ACTIVE, T));
    Order china = order("cn-o", 1).setCustomerId("cn-1").setRegion("CN").setQuantity(100).build();
    pipeline.send(pipeline.topics().orders(), "cn-o", china, 500);

    // When a US order stamped 2,000 reaches the order book before a China request stamped 1,000
    // (the request's partition lagged)
    pipeline.send(pipeline.topics().orders(), "us-o", usOrder("us-o"), 2_000);
    pipeline.send(pipeline.topics().allocations(), "a-cn", request("a-cn", "cn-o"), 1_000);
    pipeline.sendTick(pipeline.topics().orders(), 1, 3_000);
    pipeline.sendTick(pipeline.topics().allocations(), 1, 3_000);

    // Then the request is decided first, with all 100 units, and the US demand stamped later takes
    // them back (R5), as if the two had reached the book in timestamp order
    assertThat(decisions())
        .extracting(d -> d.getStatus() + " " + d.getReason() + " " + d.getGrantedUnits())
        .containsExactly("GRANTED null 100", "REVOKED US_PRIORITY_PREEMPTION 0");
  }

  @Test
  void shouldApplyACancellationAfterARequestAcknowledgedBeforeItAlthoughTheBookSawItFirst() {
    // Given one order-book task and an order of 100
    start(1);
    pipeline.send(pipeline.topics().orders(), "o-1", usOrder("o-1"), 1_000);

    // When its cancellation, published once a request for it was acknowledged (stamped 1,200
    // against 1,100), reaches the order book first: the request's re-key task lagged
    Order cancelled =
        order("o-1", 2)
            .setCustomerId("us-1")
            .setQuantity(100)
            .setStatus(OrderStatus.CANCELLED)
            .build();
    pipeline.send(pipeline.topics().orders(), "o-1", cancelled, 1_200);
    pipeline.send(pipeline.topics().allocations(), "a-1", request("a-1", "o-1"), 1_100);
    // (nothing is applied before every input partition has passed them)
    assertThat(decisions()).isEmpty();
    pipeline.sendTick(pipeline.topics().orders(), 1, 1_300);
    pipeline.sendTick(pipeline.topics().allocations(), 1, 1_300);

    // Then the request is decided against the order as it was, and the cancellation releases the
    // grant: not UNKNOWN_ORDER against the cancelled revision
    assertThat(decisions())
        .extracting(d -> d.getAllocationId() + " " + d.getStatus() + " " + d.getReason())
        .containsExactly("a-1 GRANTED null", "a-1 RELEASED ORDER_CHANGED");
  }

  @Test
  void shouldApplyRequestsOfAnOrderWithChangesHeldAgainstItsRevisionAsOfTheirTimestamps() {
    // Given one order-book task and an order of 100, then revisions 2 (60 units, stamped 1,200)
    // and 3 (cancelled, 1,400) that reach the book before requests stamped 1,100 and 1,300
    start(1);
    pipeline.send(pipeline.topics().orders(), "o-1", usOrder("o-1"), 1_000);
    pipeline.send(
        pipeline.topics().orders(),
        "o-1",
        order("o-1", 2).setCustomerId("us-1").setQuantity(60).build(),
        1_200);
    pipeline.send(
        pipeline.topics().orders(),
        "o-1",
        order("o-1", 3)
            .setCustomerId("us-1")
            .setQuantity(60)
            .setStatus(OrderStatus.CANCELLED)
            .build(),
        1_400);
    pipeline.send(pipeline.topics().allocations(), "a-1", request("a-1", "o-1"), 1_100);
    pipeline.send(pipeline.topics().allocations(), "a-2", request("a-2", "o-1"), 1_300);

    // When every input partition passed them
    pipeline.sendTick(pipeline.topics().orders(), 1, 1_500);
    pipeline.sendTick(pipeline.topics().allocations(), 1, 1_500);

    // Then a-1 gets 100 of revision 1, revision 2 cuts it to 60, a-2 finds revision 2 fully
    // granted, and the cancellation releases a-1
    assertThat(decisions())
        .extracting(d -> d.getAllocationId() + " " + d.getStatus() + " " + d.getGrantedUnits())
        .containsExactly("a-1 GRANTED 100", "a-1 PARTIAL 60", "a-2 REJECTED 0", "a-1 RELEASED 0");
  }

  @Test
  void shouldLetHeldInputsThroughInTimestampOrderOnceTheWatermarkStoodStillForTheLongestHold() {
    // Given a longest hold of one second and two held requests, stamped long ago (a backlog), of
    // which one task never reports
    start(2, Map.of(OrderBookSettings.ORDER_WAIT, "PT1S"));
    fromOrderBook("a-2", "o-2", 2_000);
    fromOrderBook("a-1", "o-1", 1_000);
    marker(LedgerInputKind.WATERMARK, 0, 5_000);

    // When half the hold passes: their age does not matter, they still wait for task 1
    pipeline.advanceWallClock(Duration.ofMillis(500));
    assertThat(decisions()).isEmpty();

    // When the watermark has stood still for longer than the hold: both, in timestamp order
    pipeline.advanceWallClock(Duration.ofMillis(700));
    assertThat(decisions())
        .extracting(AllocationDecision::getAllocationId)
        .containsExactly("a-1", "a-2");
  }

  @Test
  void shouldTakeARecordWithAValueAsAnEventWhateverItsHeaders() {
    // Given an order published with the tick header by mistake
    start(1);
    Headers headers = InputTicks.tick("any", 0, 1).headers();
    pipeline
        .driver()
        .createInputTopic(
            pipeline.topics().orders().name(),
            pipeline.topics().orders().keySerializer(),
            pipeline.topics().orders().valueSerializer())
        .pipeInput(new TestRecord<>("o-1", usOrder("o-1"), headers, 1_000L));

    // When its request comes and both partitions tick
    pipeline.send(pipeline.topics().allocations(), "a-1", request("a-1", "o-1"), 1_100);
    pipeline.sendTick(pipeline.topics().orders(), 1, 1_200);
    pipeline.sendTick(pipeline.topics().allocations(), 1, 1_200);

    // Then the order was an order: the request is granted against it
    assertThat(decisions())
        .extracting(AllocationDecision::getStatus)
        .containsExactly(AllocationStatus.GRANTED);
  }
}
