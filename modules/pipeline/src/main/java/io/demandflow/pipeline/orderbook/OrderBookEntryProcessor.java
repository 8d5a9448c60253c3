package io.demandflow.pipeline.orderbook;

import io.demandflow.events.AllocationRequest;
import io.demandflow.events.Order;
import io.demandflow.events.internal.OrderBookInput;
import io.demandflow.events.internal.OrderBookInputKind;
import io.demandflow.events.internal.Watermark;
import io.demandflow.pipeline.input.InputTicks;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The way into the order book from one input topic: an order (key orderId) or an allocation request
 * (re-keyed to the orderId it names; a tombstone means nothing for events and is dropped) becomes
 * an {@link OrderBookInput}; an input tick becomes a WATERMARK of the partition it was read from,
 * which the order book's partitioner sends to every order-book partition. Ticks are dropped when
 * sequencing is off.
 *
 * @param <V> Order or AllocationRequest
 */
final class OrderBookEntryProcessor<V> implements Processor<String, V, String, OrderBookInput> {

  private final boolean sequencing;
  private final long intervalMs;
  private final boolean requests;
  private ProcessorContext<String, OrderBookInput> context;
  private long lastWatermark = Long.MIN_VALUE;

  private OrderBookEntryProcessor(OrderBookSettings settings, boolean requests) {
    this.sequencing = settings.sequencing();
    this.intervalMs = settings.interval().toMillis();
    this.requests = requests;
  }

  /** Orders as they are, keyed by orderId. */
  static OrderBookEntryProcessor<Order> orders(OrderBookSettings settings) {
    return new OrderBookEntryProcessor<>(settings, false);
  }

  /** Allocation requests and releases, re-keyed from allocationId to the orderId they name. */
  static OrderBookEntryProcessor<AllocationRequest> requests(OrderBookSettings settings) {
    return new OrderBookEntryProcessor<>(settings, true);
  }

  @Override
  public void init(ProcessorContext<String, OrderBookInput> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, V> record) {
    if (InputTicks.isTick(record.headers(), record.value())) {
      if (sequencing) {
        forwardWatermark(record, InputTicks.partitionsOf(record.headers()));
      }
      return;
    }
    if (!requests) {
      Order order = (Order) record.value();
      forward(
          record,
          record.key(),
          OrderBookInput.newBuilder().setKind(OrderBookInputKind.ORDER).setOrder(order));
    } else if (record.value() != null) {
      AllocationRequest request = (AllocationRequest) record.value();
      forward(
          record,
          request.getOrderId(),
          OrderBookInput.newBuilder().setKind(OrderBookInputKind.REQUEST).setRequest(request));
    }
    if (sequencing && record.timestamp() >= lastWatermark + intervalMs) {
      // 0: the partition count is not known here; the order book has it from the app or a tick.
      forwardWatermark(record, 0);
    }
  }

  /** A watermark of the partition {@code after} came from, at its timestamp, to every partition. */
  private void forwardWatermark(Record<String, V> after, int partitions) {
    RecordMetadata source =
        context
            .recordMetadata()
            .orElseThrow(() -> new IllegalStateException("an input record without its partition"));
    lastWatermark = Math.max(lastWatermark, after.timestamp());
    Watermark watermark =
        new Watermark(source.topic(), source.partition(), partitions, after.timestamp());
    forward(
        after,
        null,
        OrderBookInput.newBuilder().setKind(OrderBookInputKind.WATERMARK).setWatermark(watermark));
  }

  private void forward(Record<String, V> record, String key, OrderBookInput.Builder input) {
    // The headers stay behind: a tick's header must not mark the repartitioned record.
    context.forward(new Record<>(key, input.build(), record.timestamp()));
  }
}
