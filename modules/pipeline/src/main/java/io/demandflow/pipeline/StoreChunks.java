package io.demandflow.pipeline;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Short-lived entries of a store (inputs held back, requests waiting for their order) kept in
 * <em>chunks</em>: up to {@value #MAX_ENTRIES} entries (or {@value #MAX_BYTES} bytes) per store
 * value, in the order they came. A chunk is rewritten when an entry joins, changes or leaves it and
 * deleted when its last entry has left. Behind the store's record cache that is about one changelog
 * record per chunk and commit, where one store entry per entry cost a record to write it and a
 * tombstone to delete it: Kafka Streams' cache writes a tombstone even for a key put and deleted
 * between two commits.
 *
 * <p>A chunk's value, format version {@value #FORMAT}: the version byte, then per entry its length
 * (4 bytes, big-endian) and its bytes. The caller knows what an entry's bytes mean and which key
 * they belong to; the format is pinned by {@code StoreChunksTest}.
 *
 * @param <K> what identifies an entry
 */
public final class StoreChunks<K> {

  /**
   * The format version: a chunk value's first byte (a registry-format Avro value starts with 0).
   */
  public static final byte FORMAT = 1;

  public static final int MAX_ENTRIES = 64;
  public static final int MAX_BYTES = 64 * 1024;

  private static final String KEY_PREFIX = "chunk";
  private static final int KEY_WIDTH = 19;

  /** Writes a chunk's value to the store under its number, or deletes it (null). */
  @FunctionalInterface
  public interface Writer {
    void write(long chunk, byte[] value);
  }

  private static final class Chunk<K> {
    final long id;
    final Map<K, byte[]> entries = new LinkedHashMap<>();
    int bytes = 1;

    Chunk(long id) {
      this.id = id;
    }
  }

  private final Map<K, Chunk<K>> chunkOf = new HashMap<>();
  private final Writer writer;
  private Chunk<K> open;
  private long nextChunk;

  public StoreChunks(Writer writer) {
    this.writer = writer;
  }

  /** Adds the entry of {@code key}, or replaces it where it is. */
  public void put(K key, byte[] entry) {
    Chunk<K> chunk = chunkOf.get(key);
    if (chunk == null) {
      if (open == null
          || open.entries.size() >= MAX_ENTRIES
          || open.bytes + 4 + entry.length > MAX_BYTES) {
        open = new Chunk<>(nextChunk++);
      }
      chunk = open;
      chunkOf.put(key, chunk);
    }
    byte[] before = chunk.entries.put(key, entry);
    chunk.bytes += 4 + entry.length - (before == null ? 0 : 4 + before.length);
    write(chunk);
  }

  /** Removes the entries of {@code keys} (those it has), writing each chunk they leave once. */
  public void removeAll(Iterable<K> keys) {
    Map<Long, Chunk<K>> touched = new LinkedHashMap<>();
    for (K key : keys) {
      Chunk<K> chunk = chunkOf.remove(key);
      if (chunk != null) {
        byte[] entry = chunk.entries.remove(key);
        chunk.bytes -= 4 + entry.length;
        touched.put(chunk.id, chunk);
      }
    }
    touched.values().forEach(this::write);
  }

  /** Removes the entry of {@code key}, if it has one. */
  public void remove(K key) {
    removeAll(List.of(key));
  }

  /**
   * Takes back a chunk read from the store at start, with the key of each of its entries (a chunk
   * restored is not added to: new entries start a new chunk).
   */
  public void restore(long id, Map<K, byte[]> entries) {
    Chunk<K> chunk = new Chunk<>(id);
    entries.forEach(
        (key, entry) -> {
          chunk.entries.put(key, entry);
          chunk.bytes += 4 + entry.length;
          chunkOf.put(key, chunk);
        });
    nextChunk = Math.max(nextChunk, id + 1);
  }

  /** The store key of chunk {@code number}: {@code chunk|<number, zero-padded>}. */
  public static String key(long number) {
    return Keys.join(KEY_PREFIX, Keys.zeroPadded(number, KEY_WIDTH));
  }

  /** The number of the chunk stored under {@code key} ({@link #key}). */
  public static long number(String key) {
    return Long.parseLong(Keys.split(key).get(1));
  }

  /** Whether a store value is a chunk of this format (else: what was stored before chunks). */
  public static boolean isChunk(byte[] value) {
    return value != null && value.length > 0 && value[0] == FORMAT;
  }

  /**
   * The entries of a chunk value, in order.
   *
   * @throws IllegalArgumentException the value is not a chunk of this format or is cut short
   */
  public static List<byte[]> entries(byte[] value) {
    if (!isChunk(value)) {
      throw new IllegalArgumentException(
          "Not a store chunk of format "
              + FORMAT
              + (value == null || value.length == 0 ? ": empty" : ": format byte " + value[0]));
    }
    ByteBuffer in = ByteBuffer.wrap(value, 1, value.length - 1);
    List<byte[]> entries = new ArrayList<>();
    while (in.hasRemaining()) {
      if (in.remaining() < 4) {
        throw new IllegalArgumentException("Store chunk cut short in an entry's length");
      }
      int length = in.getInt();
      if (length < 0 || length > in.remaining()) {
        throw new IllegalArgumentException(
            "Store chunk cut short: an entry of " + length + " bytes announced");
      }
      byte[] entry = new byte[length];
      in.get(entry);
      entries.add(entry);
    }
    return entries;
  }

  private void write(Chunk<K> chunk) {
    if (chunk.entries.isEmpty()) {
      if (chunk == open) {
        open = null;
      }
      writer.write(chunk.id, null);
      return;
    }
    ByteBuffer out = ByteBuffer.allocate(chunk.bytes).put(FORMAT);
    chunk.entries.values().forEach(entry -> out.putInt(entry.length).put(entry));
    writer.write(chunk.id, out.array());
  }
}
