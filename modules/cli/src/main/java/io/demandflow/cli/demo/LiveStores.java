package io.demandflow.cli.demo;

import io.demandflow.pipeline.app.DemandflowApp;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the running pipeline's key-value stores in this process, for the demo. A store is briefly
 * unavailable while tasks move: reads then find nothing, and the next read sees it again.
 */
public final class LiveStores {

  private LiveStores() {}

  /** Every value of the store (one per task holding the key, for stores kept by every task). */
  public static <V> List<V> readAll(DemandflowApp app, String storeName, Class<V> type) {
    List<V> rows = new ArrayList<>();
    try (KeyValueIterator<String, V> all = LiveStores.<V>store(app, storeName).all()) {
      while (all.hasNext()) {
        KeyValue<String, V> row = all.next();
        rows.add(type.cast(row.value));
      }
    } catch (InvalidStateStoreException rebalancing) {
      return List.of();
    }
    return rows;
  }

  /** The value of {@code key}, or null when absent or the store is unavailable. */
  public static <V> V get(DemandflowApp app, String storeName, String key, Class<V> type) {
    try {
      return type.cast(LiveStores.<V>store(app, storeName).get(key));
    } catch (InvalidStateStoreException rebalancing) {
      return null;
    }
  }

  private static <V> ReadOnlyKeyValueStore<String, V> store(DemandflowApp app, String storeName) {
    return app.streams()
        .store(
            StoreQueryParameters.fromNameAndType(
                storeName, QueryableStoreTypes.<String, V>keyValueStore()));
  }
}
