package io.demandflow.pipeline;

import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.Supply;
import io.demandflow.pipeline.allocation.LedgerStores;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * State is bounded by what is open (docs/topics.md, "State retention"): orders placed and
 * cancelled, and allocations granted and released, leave the order book's and the ledger's stores
 * after the retention (30 days by default); open orders and active grants stay.
 */
class StateRetentionTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final int CLOSED = 2_000;
  private static final int OPEN = 100;
  private static final List<String> BOUNDED_STORES =
      List.of(
          StoreNames.ORDERS,
          StoreNames.ALLOCATED_ORDERS,
          StoreNames.CLOSED_ORDERS,
          LedgerStores.ALLOCATIONS,
          LedgerStores.FINISHED_ALLOCATIONS);

  private final PipelineDriver pipeline = new PipelineDriver();

  @AfterEach
  void close() {
    pipeline.close();
  }

  @Test
  void shouldKeepOnlyWhatIsOpenWhenClosedOrdersAndFinishedAllocationsOutliveTheRetention() {
    // Given supply, orders that were placed, granted and cancelled, and orders still open
    pipeline.send(new Supply("H200-SXM-141GB", "2026-03", 10_000_000L, T, "plan"));
    for (int i = 0; i < CLOSED + OPEN; i++) {
      String orderId = "o-" + i;
      pipeline.send(order(orderId, 1).setQuantity(10).build());
      pipeline.send(
          new AllocationRequest("a-" + i, orderId, 10, AllocationAction.REQUEST, T, "erp"));
      if (i < CLOSED) {
        pipeline.send(order(orderId, 2).setQuantity(10).setStatus(OrderStatus.CANCELLED).build());
      }
    }
    Map<String, Long> before = sizes();
    assertThat(before)
        .containsEntry(StoreNames.ORDERS, (long) CLOSED + OPEN)
        .containsEntry(LedgerStores.ALLOCATIONS, (long) CLOSED + OPEN)
        .containsEntry(StoreNames.CLOSED_ORDERS, (long) CLOSED)
        .containsEntry(LedgerStores.FINISHED_ALLOCATIONS, (long) CLOSED);

    // When less than the retention passes, nothing leaves; a stale revision is still known
    pipeline.advanceWallClock(Duration.ofDays(29));
    assertThat(sizes()).isEqualTo(before);

    // Then after the retention only the open orders and their grants are left
    pipeline.advanceWallClock(Duration.ofDays(2));
    assertThat(sizes())
        .containsEntry(StoreNames.ORDERS, (long) OPEN)
        .containsEntry(StoreNames.ALLOCATED_ORDERS, (long) OPEN)
        .containsEntry(StoreNames.CLOSED_ORDERS, 0L)
        .containsEntry(LedgerStores.ALLOCATIONS, (long) OPEN)
        .containsEntry(LedgerStores.FINISHED_ALLOCATIONS, 0L);
  }

  private Map<String, Long> sizes() {
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (String name : BOUNDED_STORES) {
      KeyValueStore<String, Object> store = pipeline.driver().getKeyValueStore(name);
      long count = 0;
      try (KeyValueIterator<String, Object> all = store.all()) {
        while (all.hasNext()) {
          all.next();
          count++;
        }
      }
      sizes.put(name, count);
    }
    return sizes;
  }
}
