package io.demandflow.pipeline.orderbook;

import io.demandflow.events.Order;
import io.demandflow.events.internal.HeldOrderBookInput;
import io.demandflow.events.internal.UsDemandChange;
import io.demandflow.events.internal.WaitingRequests;
import io.demandflow.events.internal.Watermark;
import io.demandflow.pipeline.StateRetention;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.registry.MockSchemaRegistry;
import io.demandflow.topics.AvroSerdes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The order book's processor over in-memory stores in a {@link MockProcessorContext}, no broker:
 * the stores outlive a processor, so a new one started on them is a restart.
 */
final class MockOrderBook implements AutoCloseable {

  /** The input topics whose watermarks the order book waits for. */
  static final Set<String> INPUT_TOPICS = Set.of("orders", "allocations");

  private final List<String> scopes = new ArrayList<>();
  private final MockProcessorContext<String, OrderBookProcessor.Output> context =
      new MockProcessorContext<>();
  private final Serde<WaitingRequests> waitingSerde = avro(WaitingRequests.class);
  private final Serde<HeldOrderBookInput> heldSerde = avro(HeldOrderBookInput.class);

  /** Every store of the order book, empty; the wall clock at {@code nowMs}. */
  MockOrderBook(long nowMs) {
    addStore(StoreNames.ORDERS, avro(Order.class));
    addStore(StoreNames.CLOSED_ORDERS, Serdes.String());
    addStore(StoreNames.ALLOCATED_ORDERS, Serdes.String());
    addStore(StoreNames.WAITING_REQUESTS, Serdes.ByteArray());
    addStore(StoreNames.PENDING_US_DEMAND, avro(UsDemandChange.class));
    addStore(StoreNames.ORDER_BOOK_WATERMARKS, avro(Watermark.class));
    addStore(StoreNames.ORDER_BOOK_HELD_INPUTS, Serdes.ByteArray());
    context.setCurrentSystemTimeMs(nowMs);
  }

  /** A new processor, initialised on the stores (default retention). */
  OrderBookProcessor start(OrderBookSettings settings) {
    OrderBookProcessor book =
        new OrderBookProcessor(
            settings, StateRetention.from(Map.of()), INPUT_TOPICS, waitingSerde, heldSerde);
    book.init(context);
    return book;
  }

  MockProcessorContext<String, OrderBookProcessor.Output> context() {
    return context;
  }

  <V> KeyValueStore<String, V> store(String name) {
    return context.getStateStore(name);
  }

  @Override
  public void close() {
    scopes.forEach(MockSchemaRegistry::dropScope);
  }

  /** Serdes with a registry scope of their own: the mock context names every changelog alike. */
  private <V extends SpecificRecord> Serde<V> avro(Class<V> type) {
    String scope = "mock-order-book-" + UUID.randomUUID();
    scopes.add(scope);
    return new AvroSerdes(Map.of("schema.registry.url", "mock://" + scope)).value(type);
  }

  private <V> void addStore(String name, Serde<V> valueSerde) {
    KeyValueStore<String, V> store =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), valueSerde)
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
  }
}
