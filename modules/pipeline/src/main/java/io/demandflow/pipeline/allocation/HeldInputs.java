package io.demandflow.pipeline.allocation;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The inputs the ledger's sequence gate holds back, in timestamp order (ties in arrival order), and
 * how they are kept in its store: in <em>chunks</em> of up to {@value #CHUNK_ENTRIES} inputs in
 * arrival order, one store value per chunk. A chunk is rewritten when an input joins or some of its
 * inputs go through, and deleted when all of them have: with the store's record cache that is about
 * one changelog record per chunk and commit, where one entry per input cost a record to write it
 * and a tombstone to delete it (docs/performance.md, "Sequencing").
 *
 * <p>A chunk's value, format version {@value #FORMAT}: the version byte, then per input its
 * timestamp (8 bytes, big-endian), its arrival number (8 bytes), the length of its payload (4
 * bytes) and the payload (the input as the store's serde writes it).
 *
 * @param <T> the inputs
 */
final class HeldInputs<T> {

  /** The chunk value's format version (its first byte). */
  static final byte FORMAT = 1;

  static final int CHUNK_ENTRIES = 64;
  static final int CHUNK_BYTES = 64 * 1024;

  private static final int ENTRY_HEADER = 8 + 8 + 4;

  /** A held input: its timestamp, arrival number, the input and its serialised payload. */
  record Held<T>(long time, long arrival, T input, byte[] payload) {}

  private static final Comparator<Held<?>> ORDER =
      Comparator.<Held<?>>comparingLong(Held::time).thenComparingLong(Held::arrival);

  private static final class Chunk<T> {
    final long id;
    final Map<Long, Held<T>> live = new LinkedHashMap<>();
    byte[] value = {FORMAT};

    Chunk(long id) {
      this.id = id;
    }
  }

  private final TreeMap<Held<T>, Chunk<T>> held = new TreeMap<>(ORDER);
  private final BiConsumer<Long, byte[]> store;
  private Chunk<T> open;
  private long nextArrival;
  private long nextChunk;

  /**
   * @param store writes a chunk's value to the store, or deletes it (null)
   */
  HeldInputs(BiConsumer<Long, byte[]> store) {
    this.store = store;
  }

  /** Holds {@code input}, stamped {@code time}, after every input held before it. */
  void add(long time, T input, byte[] payload) {
    if (open == null
        || open.live.size() >= CHUNK_ENTRIES
        || open.value.length + ENTRY_HEADER + payload.length > CHUNK_BYTES) {
      open = new Chunk<>(nextChunk++);
    }
    Held<T> entry = new Held<>(time, nextArrival++, input, payload);
    open.live.put(entry.arrival(), entry);
    held.put(entry, open);
    open.value = append(open.value, entry);
    store.accept(open.id, open.value);
  }

  /**
   * Removes and returns the inputs stamped at or before {@code time}, in timestamp order, rewriting
   * or deleting the chunks they leave.
   */
  List<Held<T>> releaseUpTo(long time) {
    List<Held<T>> due = new ArrayList<>();
    Map<Long, Chunk<T>> touched = new LinkedHashMap<>();
    Iterator<Map.Entry<Held<T>, Chunk<T>>> entries = held.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Held<T>, Chunk<T>> entry = entries.next();
      Held<T> input = entry.getKey();
      if (input.time() > time) {
        break;
      }
      entries.remove();
      Chunk<T> chunk = entry.getValue();
      chunk.live.remove(input.arrival());
      touched.put(chunk.id, chunk);
      due.add(input);
    }
    for (Chunk<T> chunk : touched.values()) {
      if (chunk.live.isEmpty()) {
        if (chunk == open) {
          open = null;
        }
        store.accept(chunk.id, null);
      } else {
        chunk.value = encode(chunk.live.values());
        store.accept(chunk.id, chunk.value);
      }
    }
    return due;
  }

  boolean isEmpty() {
    return held.isEmpty();
  }

  /**
   * Takes back a chunk read from the store at start (chunks restored are not added to: new inputs
   * start a new chunk).
   */
  void restore(long chunkId, List<Held<T>> entries) {
    Chunk<T> chunk = new Chunk<>(chunkId);
    chunk.value = encode(entries);
    for (Held<T> entry : entries) {
      chunk.live.put(entry.arrival(), entry);
      held.put(entry, chunk);
      nextArrival = Math.max(nextArrival, entry.arrival() + 1);
    }
    nextChunk = Math.max(nextChunk, chunkId + 1);
  }

  /** The chunk value of {@code entries}, in their order. */
  static byte[] encode(Iterable<? extends Held<?>> entries) {
    int size = 1;
    for (Held<?> entry : entries) {
      size += ENTRY_HEADER + entry.payload().length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).put(FORMAT);
    entries.forEach(entry -> write(out, entry));
    return out.array();
  }

  /**
   * The entries of a chunk value, with payloads still serialised.
   *
   * @throws IllegalArgumentException the value is not a chunk of a known format
   */
  static List<Held<byte[]>> decode(byte[] value) {
    if (value.length == 0 || value[0] != FORMAT) {
      throw new IllegalArgumentException(
          "Not a held-inputs chunk of format "
              + FORMAT
              + (value.length == 0 ? ": empty" : ": format byte " + value[0]));
    }
    ByteBuffer in = ByteBuffer.wrap(value, 1, value.length - 1);
    List<Held<byte[]>> entries = new ArrayList<>();
    while (in.hasRemaining()) {
      if (in.remaining() < ENTRY_HEADER) {
        throw new IllegalArgumentException("Held-inputs chunk truncated in an entry's header");
      }
      long time = in.getLong();
      long arrival = in.getLong();
      int length = in.getInt();
      if (length < 0 || length > in.remaining()) {
        throw new IllegalArgumentException(
            "Held-inputs chunk truncated: payload of " + length + " bytes announced");
      }
      byte[] payload = new byte[length];
      in.get(payload);
      entries.add(new Held<>(time, arrival, payload, payload));
    }
    return entries;
  }

  private static byte[] append(byte[] value, Held<?> entry) {
    ByteBuffer out = ByteBuffer.allocate(value.length + ENTRY_HEADER + entry.payload().length);
    out.put(value);
    write(out, entry);
    return out.array();
  }

  private static void write(ByteBuffer out, Held<?> entry) {
    out.putLong(entry.time()).putLong(entry.arrival()).putInt(entry.payload().length);
    out.put(entry.payload());
  }
}
