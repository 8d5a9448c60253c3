package io.demandflow.pipeline.allocation;

import io.demandflow.events.internal.LedgerInput;
import io.demandflow.events.internal.Watermark;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.TimestampOrderGate;
import io.demandflow.pipeline.UpstreamWatermarks;
import io.demandflow.pipeline.orderbook.OrderBookProcessor;
import io.demandflow.topics.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Holds the order book's ledger inputs back until every order-book task has passed their timestamp,
 * then lets them through in timestamp order (docs/order-book.md, "Sequencing"): the ledger decides
 * requests, releases and order changes of every order-book task in the order their input records
 * reached the broker, not in the order the tasks happened to deliver them. A {@link
 * TimestampOrderGate} over the order-book tasks' watermarks.
 *
 * <ul>
 *   <li>{@value #BUFFER}: the held inputs in chunks (the gate's store). Entries of the format
 *       before chunks (one input per key {@code timestamp|arrival}) are moved into a chunk at
 *       start.
 *   <li>{@value #WATERMARKS}: the latest watermark of every order-book task ({@code wm|partition})
 *       and how many flush markers each passed on ({@code flush|partition}, the count as time).
 * </ul>
 *
 * <p>When every task has passed on a flush marker, everything held goes through. Inputs that come
 * late are counted as {@value #LATE}, inputs let through after the longest hold as {@value
 * #FORCED}.
 */
final class LedgerSequenceGate {

  static final String BUFFER = "ledger-held-inputs-store";
  static final String WATERMARKS = "ledger-watermarks-store";

  /** What the gate's sensors are named after. */
  static final String NAME = "ledger";

  /** Counter: ledger inputs that came after a later one had been decided. */
  static final String LATE = NAME + "-inputs-late";

  /** Counter: ledger inputs let through after the longest hold, without a watermark. */
  static final String FORCED = NAME + "-inputs-held-too-long";

  private static final String WATERMARK_PREFIX = "wm";
  private static final String FLUSH_PREFIX = "flush";
  private static final int WIDTH = 19;

  private final KeyValueStore<String, Watermark> watermarkStore;
  private final UpstreamWatermarks watermarks =
      new UpstreamWatermarks(Set.of(OrderBookProcessor.WATERMARK_SOURCE));
  private final UpstreamWatermarks flushes =
      new UpstreamWatermarks(Set.of(OrderBookProcessor.WATERMARK_SOURCE));
  private final TimestampOrderGate<LedgerInput> gate;
  private long flushesDone = 0;

  /**
   * @param inputSerde the serde of the held inputs in their store's chunks
   * @param maxHold how long inputs may be held while the watermark does not move (wall clock); then
   *     they go through without one
   */
  LedgerSequenceGate(
      ProcessorContext<?, ?> context, Serde<LedgerInput> inputSerde, Duration maxHold) {
    this.gate =
        new TimestampOrderGate<>(
            context,
            BUFFER,
            NAME,
            inputSerde,
            maxHold,
            key -> Long.parseLong(key.substring(0, WIDTH)));
    this.watermarkStore = context.getStateStore(WATERMARKS);
    try (KeyValueIterator<String, Watermark> all = watermarkStore.all()) {
      all.forEachRemaining(entry -> restore(entry.key, entry.value));
    }
    watermarks.watermark().ifPresent(gate::resumeAt);
    flushesDone = flushes.watermark().orElse(0);
  }

  /** The stores, for the topology. */
  static List<StoreBuilder<?>> storeBuilders(Serde<Watermark> watermarkSerde) {
    return List.of(
        TimestampOrderGate.storeBuilder(BUFFER),
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(WATERMARKS), AvroSerdes.keys(), watermarkSerde)
            .withCachingEnabled());
  }

  /** An order-book input: the inputs that may be decided now, in order (possibly none). */
  List<Record<String, LedgerInput>> offer(Record<String, LedgerInput> record) {
    return records(gate.offer(record.timestamp(), record.value()));
  }

  /** A watermark of an order-book task: what it lets through, in order. */
  List<Record<String, LedgerInput>> onWatermark(Watermark watermark) {
    if (watermarks.update(
        watermark.getSource(),
        watermark.getPartition(),
        watermark.getPartitions(),
        watermark.getTime())) {
      watermarkStore.put(
          Keys.join(WATERMARK_PREFIX, Integer.toString(watermark.getPartition())), watermark);
    }
    OptionalLong least = watermarks.watermark();
    return least.isEmpty() ? List.of() : records(gate.advanceTo(least.getAsLong()));
  }

  /**
   * A flush marker of an order-book task: once every task has passed on as many, everything held
   * goes through.
   */
  List<Record<String, LedgerInput>> onFlush(Watermark marker) {
    int partition = marker.getPartition();
    String key = Keys.join(FLUSH_PREFIX, Integer.toString(partition));
    Watermark before = watermarkStore.get(key);
    long count = (before == null ? 0 : before.getTime()) + 1;
    Watermark counted = new Watermark(marker.getSource(), partition, marker.getPartitions(), count);
    watermarkStore.put(key, counted);
    flushes.update(counted.getSource(), partition, counted.getPartitions(), count);
    long done = flushes.watermark().orElse(0);
    if (done <= flushesDone) {
      return List.of();
    }
    flushesDone = done;
    return records(gate.releaseAll());
  }

  /**
   * Every interval (wall clock): see {@link TimestampOrderGate#onInterval(long)} (what has been
   * held longer than the longest hold without the watermark moving goes through).
   */
  List<Record<String, LedgerInput>> onInterval(long nowMs) {
    return records(gate.onInterval(nowMs));
  }

  private static List<Record<String, LedgerInput>> records(
      List<TimestampOrderGate.Passed<LedgerInput>> passed) {
    return passed.stream()
        .map(input -> new Record<String, LedgerInput>(null, input.input(), input.time()))
        .toList();
  }

  private void restore(String key, Watermark value) {
    List<String> parts = Keys.split(key);
    UpstreamWatermarks into = FLUSH_PREFIX.equals(parts.get(0)) ? flushes : watermarks;
    into.update(value.getSource(), value.getPartition(), value.getPartitions(), value.getTime());
  }

  void close() {
    gate.close();
  }
}
