package io.demandflow.pipeline.orderbook;

import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.internal.LedgerInput;
import io.demandflow.events.internal.LedgerInputKind;
import io.demandflow.events.internal.OrderBookInput;
import io.demandflow.events.internal.OrderBookInputKind;
import io.demandflow.events.internal.Watermark;
import io.demandflow.pipeline.StoreNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sequencing in the order book survives a restart: what it holds back is read back from {@value
 * StoreNames#ORDER_BOOK_HELD_INPUTS}, and a request held behind a change of its order (the change
 * reached the book first, stamped later) is still applied with the revision before that change.
 */
class OrderBookSequencingRestartTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private final MockOrderBook mock = new MockOrderBook(T.toEpochMilli());
  private final MockProcessorContext<String, OrderBookProcessor.Output> context = mock.context();

  @AfterEach
  void close() {
    mock.close();
  }

  @Test
  void shouldApplyAHeldRequestWithTheRevisionBeforeAHeldChangeAfterARestart() {
    // Given the order book with sequencing and an order (a first revision is applied at once: a
    // request stamped before it would wait for it anyway), and input partitions at 1,050
    OrderBookProcessor before = started();
    publish(before, order("o-1", 1).setQuantity(100).build(), 1_000);
    assertThat(heldStoreKeys()).isEmpty();
    inputWatermarks(before, 1_050);
    // and its cancellation (stamped 1,200) and a request (1,100) held, the cancellation first
    publish(
        before, order("o-1", 2).setQuantity(100).setStatus(OrderStatus.CANCELLED).build(), 1_200);
    request(before, new AllocationRequest("a-1", "o-1", 80, AllocationAction.REQUEST, T, "erp"));
    assertThat(ledgerInputs()).noneMatch(line -> line.startsWith("ALLOCATION"));
    assertThat(heldStoreKeys()).singleElement().asString().startsWith("chunk|");
    before.close();

    // When the book starts again on the same stores and the input partitions pass 1,300
    context.resetForwards();
    OrderBookProcessor after = started();
    inputWatermarks(after, 1_300);

    // Then the request goes to the ledger with revision 1, then the cancellation that releases it
    assertThat(ledgerInputs())
        .filteredOn(line -> line.startsWith("ALLOCATION") || line.startsWith("ORDER"))
        .containsExactly("ALLOCATION a-1 revision 1 at 1100", "ORDER revision 2 at 1200");
    assertThat(heldStoreKeys()).isEmpty();
    after.close();
  }

  @Test
  void shouldRebuildItsHeapFromTheStoresWhenTheSameProcessorIsInitialisedAgain() {
    // Given a US order of 100 processed, its US demand pending (in heap and store)
    OrderBookProcessor book = started();
    Order order = order("o-1", 1).setQuantity(100).build();
    publish(book, order, 1_000);

    // When the transaction is aborted (the stores go back to before the order) and Kafka Streams
    // revives the task: the same processor is closed and initialised again, and the order is
    // processed again
    book.close();
    mock.store(StoreNames.ORDERS).delete("o-1");
    mock.store(StoreNames.PENDING_US_DEMAND).delete("H200-SXM-141GB|2026-03");
    book.init(context);
    context.resetForwards();
    publish(book, order, 1_000);
    inputWatermarks(book, 1_100);

    // Then the ledger gets its US demand once, not the aborted copy on top
    assertThat(
            context.forwarded().stream()
                .map(forward -> forward.record().value().ledgerInput())
                .filter(input -> input != null && input.getKind() == LedgerInputKind.US_DEMAND)
                .map(input -> input.getUsDemand().getUnits()))
        .containsExactly(100L);
    book.close();
  }

  private OrderBookProcessor started() {
    return mock.start(
        new OrderBookSettings(Duration.ofSeconds(30), Duration.ofMillis(100), "US", 1, true));
  }

  private static void publish(OrderBookProcessor book, Order order, long ms) {
    book.process(
        new Record<>(
            order.getOrderId(),
            OrderBookInput.newBuilder().setKind(OrderBookInputKind.ORDER).setOrder(order).build(),
            ms));
  }

  private static void request(OrderBookProcessor book, AllocationRequest request) {
    book.process(
        new Record<>(
            request.getOrderId(),
            OrderBookInput.newBuilder()
                .setKind(OrderBookInputKind.REQUEST)
                .setRequest(request)
                .build(),
            1_100L));
  }

  /** Both input topics (one partition each) have passed {@code ms}. */
  private static void inputWatermarks(OrderBookProcessor book, long ms) {
    for (String topic : MockOrderBook.INPUT_TOPICS) {
      book.process(
          new Record<>(
              "0",
              OrderBookInput.newBuilder()
                  .setKind(OrderBookInputKind.WATERMARK)
                  .setWatermark(new Watermark(topic, 0, 1, ms))
                  .build(),
              ms));
    }
  }

  /** What went to the ledger, one line each. */
  private List<String> ledgerInputs() {
    return context.forwarded().stream()
        .map(MockProcessorContext.CapturedForward::record)
        .filter(record -> record.value().ledgerInput() != null)
        .map(
            record -> {
              LedgerInput input = record.value().ledgerInput();
              String what =
                  input.getKind() == LedgerInputKind.ALLOCATION
                      ? " " + input.getRequest().getAllocationId()
                      : "";
              String revision =
                  input.getOrder() == null ? "" : " revision " + input.getOrder().getRevision();
              return input.getKind() + what + revision + " at " + record.timestamp();
            })
        .toList();
  }

  private List<String> heldStoreKeys() {
    KeyValueStore<String, byte[]> store = mock.store(StoreNames.ORDER_BOOK_HELD_INPUTS);
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      all.forEachRemaining(entry -> keys.add(entry.key));
    }
    return keys;
  }
}
