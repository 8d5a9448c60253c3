package io.demandflow.pipeline.orderbook;

import io.demandflow.events.internal.WaitingRequests;
import io.demandflow.pipeline.ChunkedStores;
import io.demandflow.pipeline.StoreChunks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The requests waiting in the order book for their order, per order: read from heap, kept in the
 * waiting-requests store in {@link StoreChunks} (keys {@code chunk|<number>}), so that a request
 * that waits a few milliseconds — in a backlog, an order and its request are read in one poll by
 * two re-key tasks — costs a share of one changelog record per chunk and commit, not a record to
 * write it and a tombstone to delete it. A {@link WaitingIndex} finds the expired waits.
 *
 * <p>Entries of the format before chunks (one per order, key orderId, the Avro value) are moved
 * into chunks at start.
 */
final class WaitingRequestStores {

  private final String topic;
  private final Serializer<WaitingRequests> serializer;
  private final Deserializer<WaitingRequests> deserializer;
  private final Map<String, WaitingRequests> byOrder = new HashMap<>();
  private final WaitingIndex index = new WaitingIndex();
  private final StoreChunks<String> chunks;

  /**
   * Reads what waits back from the store.
   *
   * @param topic the store's changelog topic, for the serde
   */
  WaitingRequestStores(
      KeyValueStore<String, byte[]> store, Serde<WaitingRequests> serde, String topic) {
    this.topic = topic;
    this.serializer = serde.serializer();
    this.deserializer = serde.deserializer();
    this.chunks = new StoreChunks<>((chunk, value) -> store.put(StoreChunks.key(chunk), value));
    ChunkedStores.readBack(
        store,
        (number, value) -> {
          Map<String, byte[]> entries = new LinkedHashMap<>();
          for (byte[] bytes : StoreChunks.entries(value)) {
            WaitingRequests waiting = deserializer.deserialize(topic, bytes);
            remember(waiting);
            entries.put(waiting.getOrderId(), bytes);
          }
          chunks.restore(number, entries);
        },
        (orderId, bytes) -> put(deserializer.deserialize(topic, bytes)));
  }

  /** The requests waiting for {@code orderId}, or null. */
  WaitingRequests get(String orderId) {
    return byOrder.get(orderId);
  }

  /** Notes what waits for an order (its first request, or its queue grown). */
  void put(WaitingRequests waiting) {
    remember(waiting);
    chunks.put(waiting.getOrderId(), serializer.serialize(topic, waiting));
  }

  /** Nothing waits for {@code orderId} any more (its order arrived). */
  void remove(String orderId) {
    if (byOrder.remove(orderId) != null) {
      index.remove(orderId);
      chunks.remove(orderId);
    }
  }

  /**
   * Removes and returns what waits since {@code cutoffMs} or before, in the order of their order
   * ids in the store (UTF-8 bytes).
   */
  List<WaitingRequests> takeUntil(long cutoffMs) {
    List<String> orderIds = index.takeUntil(cutoffMs);
    List<WaitingRequests> expired = new ArrayList<>(orderIds.size());
    orderIds.forEach(orderId -> expired.add(byOrder.remove(orderId)));
    chunks.removeAll(orderIds);
    return expired;
  }

  private void remember(WaitingRequests waiting) {
    byOrder.put(waiting.getOrderId(), waiting);
    index.add(waiting.getOrderId(), waiting.getWaitingSince().toEpochMilli());
  }
}
