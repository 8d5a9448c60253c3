package io.demandflow.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * An expiry index over one store: what may leave state once it is older than a retention (closed
 * orders, finished allocations): a changelogged store keyed {@code <wall-clock millis,
 * zero-padded>|<id>}, so that key order is time order and the expired entries are one range scan
 * from the start, never a scan of the state they point into.
 */
public final class ExpiryStores {

  private final KeyValueStore<String, String> index;

  public ExpiryStores(KeyValueStore<String, String> index) {
    this.index = index;
  }

  /** The store of an index, to be added to the topology and connected to its processor. */
  public static StoreBuilder<KeyValueStore<String, String>> storeBuilder(String name) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.String());
  }

  /** Notes that {@code id} became eligible to leave state at {@code nowMs}. */
  public void add(long nowMs, String id) {
    index.put(timeKey(nowMs) + id, id);
  }

  /** Removes and returns the ids noted at or before {@code cutoffMs}, oldest first. */
  public List<String> takeUntil(long cutoffMs) {
    if (cutoffMs < 0) {
      return List.of();
    }
    List<KeyValue<String, String>> expired = new ArrayList<>();
    // Every key of a time at or before the cutoff sorts below the next millisecond's prefix.
    try (KeyValueIterator<String, String> range = index.range(timeKey(0), timeKey(cutoffMs + 1))) {
      range.forEachRemaining(expired::add);
    }
    List<String> ids = new ArrayList<>(expired.size());
    for (KeyValue<String, String> entry : expired) {
      index.delete(entry.key);
      ids.add(entry.value);
    }
    return ids;
  }

  private static String timeKey(long millis) {
    return Keys.zeroPadded(millis, 15) + "|";
  }
}
