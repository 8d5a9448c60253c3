package io.demandflow.pipeline;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A small changelogged store read from heap: its content is copied when the processor opens it
 * (Kafka Streams runs a processor's init after restoring its stores), and every write goes to the
 * store, and so to its changelog, and to the copy. A read then skips the key's serialization, the
 * record cache's lookup and the value's Avro decoding, which the ledger paid several times per
 * decision. For stores bounded by reference data (policies, licenses, figures per product and
 * period), never for stores that grow with orders.
 *
 * <p>Values are shared with the store's copy: callers treat them as immutable (the ledger builds
 * new records to change them).
 */
public final class HeapMirror<V> {

  private final KeyValueStore<String, V> store;
  private final Map<String, V> copy = new HashMap<>();

  public HeapMirror(KeyValueStore<String, V> store) {
    this.store = store;
    try (KeyValueIterator<String, V> all = store.all()) {
      all.forEachRemaining(entry -> copy.put(entry.key, entry.value));
    }
  }

  /** The value of {@code key}, or null. */
  public V get(String key) {
    return copy.get(key);
  }

  public void put(String key, V value) {
    store.put(key, value);
    copy.put(key, value);
  }

  public void delete(String key) {
    store.delete(key);
    copy.remove(key);
  }
}
