package io.demandflow.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Reading back, at start, a store whose entries are kept in {@link StoreChunks}. */
public final class ChunkedStores {

  private ChunkedStores() {}

  /**
   * Gives each chunk of {@code store} (its number and value) to {@code chunk}, in store order; then
   * deletes each entry of the format before chunks (a value that is not a chunk) and gives it to
   * {@code unchunked} (key and value, in store order), for the caller to put into chunks.
   */
  public static void readBack(
      KeyValueStore<String, byte[]> store,
      BiConsumer<Long, byte[]> chunk,
      BiConsumer<String, byte[]> unchunked) {
    Map<String, byte[]> before = new LinkedHashMap<>();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        if (StoreChunks.isChunk(entry.value)) {
          chunk.accept(StoreChunks.number(entry.key), entry.value);
        } else {
          before.put(entry.key, entry.value);
        }
      }
    }
    // After the scan: a store iterator need not see its own writes consistently.
    before.forEach(
        (key, value) -> {
          store.delete(key);
          unchunked.accept(key, value);
        });
  }
}
