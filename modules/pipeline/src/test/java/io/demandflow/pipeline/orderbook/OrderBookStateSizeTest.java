package io.demandflow.pipeline.orderbook;

import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.internal.OrderBookInput;
import io.demandflow.events.internal.OrderBookInputKind;
import io.demandflow.pipeline.StoreNames;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * State is bounded by what is open, at the size issue 16 asks for: one million orders placed and
 * cancelled through the order book's processor (in-memory stores, no broker), then the retention
 * passes: what is left in the order table is the open orders.
 */
class OrderBookStateSizeTest {

  private static final int PLACED_AND_CANCELLED = 1_000_000;
  private static final int OPEN = 1_000;
  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private final MockOrderBook mock = new MockOrderBook(T0);
  private final MockProcessorContext<String, OrderBookProcessor.Output> context = mock.context();

  @AfterEach
  void close() {
    mock.close();
  }

  @Test
  void shouldKeepOnlyTheOpenOrdersWhenAMillionOrdersWerePlacedAndCancelled() {
    // Given the order book over in-memory stores, with the default retention (30 days)
    OrderBookProcessor book =
        mock.start(new OrderBookSettings(Duration.ofSeconds(30), Duration.ZERO, "US"));

    // When a million orders are placed and cancelled, and a thousand stay open
    for (int i = 0; i < PLACED_AND_CANCELLED + OPEN; i++) {
      String orderId = "o-" + i;
      process(book, orderId, order(orderId, 1).build());
      if (i < PLACED_AND_CANCELLED) {
        process(book, orderId, order(orderId, 2).setStatus(OrderStatus.CANCELLED).build());
      }
      if (i % 10_000 == 0) {
        context.resetForwards();
      }
    }
    long orders = entries(StoreNames.ORDERS);
    long closed = entries(StoreNames.CLOSED_ORDERS);

    // Then after the retention (the purge punctuation 31 days later) only the open ones are left
    context
        .scheduledPunctuators()
        .get(0)
        .getPunctuator()
        .punctuate(T0 + Duration.ofDays(31).toMillis());
    assertThat(orders).isEqualTo(PLACED_AND_CANCELLED + OPEN);
    assertThat(closed).isEqualTo(PLACED_AND_CANCELLED);
    assertThat(entries(StoreNames.ORDERS)).isEqualTo(OPEN);
    assertThat(entries(StoreNames.CLOSED_ORDERS)).isZero();
    book.close();
  }

  private static void process(OrderBookProcessor book, String orderId, Order order) {
    book.process(
        new Record<>(
            orderId,
            OrderBookInput.newBuilder().setKind(OrderBookInputKind.ORDER).setOrder(order).build(),
            0L));
  }

  private long entries(String name) {
    return mock.store(name).approximateNumEntries();
  }
}
