package io.demandflow.pipeline;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The inputs the ledger's sequence gate holds back, in timestamp order (ties in arrival order),
 * kept for its store in {@link StoreChunks}: about one changelog record per chunk and commit
 * instead of two per input (docs/performance.md). An entry's bytes: the input's timestamp (8 bytes,
 * big-endian), its arrival number (8 bytes), then its payload (the input as the store's serde
 * writes it).
 *
 * @param <T> the inputs
 */
public final class HeldInputs<T> {

  private static final int ENTRY_HEADER = 8 + 8;

  /** A held input: its timestamp, arrival number, the input and its serialised payload. */
  public record Held<T>(long time, long arrival, T input, byte[] payload) {}

  private static final Comparator<Held<?>> ORDER =
      Comparator.<Held<?>>comparingLong(Held::time).thenComparingLong(Held::arrival);

  private final TreeSet<Held<T>> held = new TreeSet<>(ORDER);
  private final StoreChunks<Long> chunks;
  private long nextArrival;

  public HeldInputs(StoreChunks.Writer store) {
    this.chunks = new StoreChunks<>(store);
  }

  /** Holds {@code input}, stamped {@code time}, after every input held before it. */
  public void add(long time, T input, byte[] payload) {
    Held<T> entry = new Held<>(time, nextArrival++, input, payload);
    held.add(entry);
    chunks.put(entry.arrival(), entry(entry));
  }

  /**
   * Removes and returns the inputs stamped at or before {@code time}, in timestamp order, rewriting
   * or deleting the chunks they leave.
   */
  public List<Held<T>> releaseUpTo(long time) {
    List<Held<T>> due = new ArrayList<>();
    Iterator<Held<T>> inputs = held.iterator();
    while (inputs.hasNext()) {
      Held<T> input = inputs.next();
      if (input.time() > time) {
        break;
      }
      inputs.remove();
      due.add(input);
    }
    chunks.removeAll(due.stream().map(Held::arrival).toList());
    return due;
  }

  public boolean isEmpty() {
    return held.isEmpty();
  }

  /** What is held, in timestamp order (ties in arrival order). */
  public List<Held<T>> held() {
    return List.copyOf(held);
  }

  /** Takes back a chunk read from the store at start, its entries already decoded. */
  public void restore(long chunk, List<Held<T>> entries) {
    Map<Long, byte[]> byArrival = new LinkedHashMap<>();
    for (Held<T> entry : entries) {
      held.add(entry);
      byArrival.put(entry.arrival(), entry(entry));
      nextArrival = Math.max(nextArrival, entry.arrival() + 1);
    }
    chunks.restore(chunk, byArrival);
  }

  /** The held inputs of a chunk value, payloads still serialised. */
  public static List<Held<byte[]>> decode(byte[] value) {
    List<Held<byte[]>> entries = new ArrayList<>();
    for (byte[] entry : StoreChunks.entries(value)) {
      if (entry.length < ENTRY_HEADER) {
        throw new IllegalArgumentException(
            "Held input of " + entry.length + " bytes: shorter than its timestamp and arrival");
      }
      ByteBuffer in = ByteBuffer.wrap(entry);
      long time = in.getLong();
      long arrival = in.getLong();
      byte[] payload = new byte[in.remaining()];
      in.get(payload);
      entries.add(new Held<>(time, arrival, payload, payload));
    }
    return entries;
  }

  private static byte[] entry(Held<?> held) {
    return ByteBuffer.allocate(ENTRY_HEADER + held.payload().length)
        .putLong(held.time())
        .putLong(held.arrival())
        .put(held.payload())
        .array();
  }
}
