package io.demandflow.pipeline.allocation;

import io.demandflow.events.internal.LedgerInput;
import io.demandflow.events.internal.Watermark;
import io.demandflow.pipeline.ChunkedStores;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.PipelineSensors;
import io.demandflow.pipeline.SequencingActivity;
import io.demandflow.pipeline.StoreChunks;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.UpstreamWatermarks;
import io.demandflow.pipeline.orderbook.OrderBookProcessor;
import io.demandflow.topics.AvroSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
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
 * reached the broker, not in the order the tasks happened to deliver them.
 *
 * <ul>
 *   <li>{@value #BUFFER}: the held inputs in chunks ({@link HeldInputs}, keys {@code
 *       chunk|<number>}), in memory with a changelog and a record cache: about one changelog record
 *       per chunk and commit instead of two per input. Read from a heap copy (scans over a store
 *       whose cache holds deletions cost time in the single ledger). Entries of the format before
 *       chunks (one input per key {@code timestamp|arrival}) are moved into a chunk at start.
 *   <li>{@value #WATERMARKS}: the latest watermark of every order-book task ({@code wm|partition})
 *       and how many flush markers each passed on ({@code flush|partition}, the count as time).
 * </ul>
 *
 * <p>An input at or below the watermark all tasks have passed goes through at once (everything held
 * is later). One below the last input let through comes late (its task broke the watermark's
 * promise: a broker clock that went back, or a leader on another broker): it is decided at once and
 * counted ({@value #LATE}). When every task has passed on a flush marker, everything held goes
 * through; so does, every interval, what has been held longer than the longest hold.
 */
final class LedgerSequenceGate {

  static final String BUFFER = "ledger-held-inputs-store";
  static final String WATERMARKS = "ledger-watermarks-store";

  /** Counter: ledger inputs that came after a later one had been decided. */
  static final String LATE = "ledger-inputs-late";

  /** Counter: ledger inputs let through after the longest hold, without a watermark. */
  static final String FORCED = "ledger-inputs-held-too-long";

  private static final String WATERMARK_PREFIX = "wm";
  private static final String FLUSH_PREFIX = "flush";
  private static final int WIDTH = 19;

  private final ProcessorContext<?, ?> context;
  private final KeyValueStore<String, byte[]> buffer;
  private final Serde<LedgerInput> inputSerde;
  private final String bufferTopic;
  private final KeyValueStore<String, Watermark> watermarkStore;
  private final UpstreamWatermarks watermarks =
      new UpstreamWatermarks(Set.of(OrderBookProcessor.WATERMARK_SOURCE));
  private final UpstreamWatermarks flushes =
      new UpstreamWatermarks(Set.of(OrderBookProcessor.WATERMARK_SOURCE));
  private final SequencingActivity activity;
  private final Sensor late;
  private final Sensor forced;
  private final long maxHoldMs;
  private final HeldInputs<LedgerInput> held;
  private long passed = Long.MIN_VALUE;
  private long lastLetThrough = Long.MIN_VALUE;
  private long flushesDone = 0;

  /** Wall-clock time the watermark last moved on, or the gate held nothing (or started). */
  private long lastProgressMs;

  /**
   * @param inputSerde the serde of the held inputs in their store's chunks
   * @param maxHold how long inputs may be held while the watermark does not move (wall clock); then
   *     they go through without one
   */
  LedgerSequenceGate(
      ProcessorContext<?, ?> context, Serde<LedgerInput> inputSerde, Duration maxHold) {
    this.context = context;
    this.inputSerde = inputSerde;
    this.bufferTopic = StoreNames.changelogTopic(context.applicationId(), BUFFER);
    this.maxHoldMs = maxHold.toMillis();
    this.lastProgressMs = context.currentSystemTimeMs();
    this.buffer = context.getStateStore(BUFFER);
    this.held = new HeldInputs<>((chunk, value) -> buffer.put(StoreChunks.key(chunk), value));
    this.watermarkStore = context.getStateStore(WATERMARKS);
    this.activity = SequencingActivity.of(context.appConfigs());
    this.late =
        PipelineSensors.counter(
            context, LATE, "Ledger inputs that came after a later one had been decided", Map.of());
    this.forced =
        PipelineSensors.counter(
            context,
            FORCED,
            "Ledger inputs let through without a watermark after the longest hold",
            Map.of());
    try (KeyValueIterator<String, Watermark> all = watermarkStore.all()) {
      all.forEachRemaining(entry -> restore(entry.key, entry.value));
    }
    passed = watermarks.watermark().orElse(Long.MIN_VALUE);
    flushesDone = flushes.watermark().orElse(0);
    restoreHeld();
  }

  /** The stores, for the topology. */
  static List<StoreBuilder<?>> storeBuilders(Serde<Watermark> watermarkSerde) {
    return List.of(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(BUFFER), AvroSerdes.keys(), Serdes.ByteArray())
            .withCachingEnabled(),
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(WATERMARKS), AvroSerdes.keys(), watermarkSerde)
            .withCachingEnabled());
  }

  /** An order-book input: the inputs that may be decided now, in order (possibly none). */
  List<Record<String, LedgerInput>> offer(Record<String, LedgerInput> record) {
    long time = record.timestamp();
    if (time <= passed) {
      // Everything held is later than the watermark, so this one goes first.
      return List.of(letThrough(record));
    }
    held.add(time, record.value(), inputSerde.serializer().serialize(bufferTopic, record.value()));
    activity.waiting(context.currentSystemTimeMs());
    return List.of();
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
    if (least.isEmpty() || least.getAsLong() <= passed) {
      return List.of();
    }
    passed = least.getAsLong();
    lastProgressMs = context.currentSystemTimeMs();
    return release(passed);
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
    return release(Long.MAX_VALUE);
  }

  /**
   * Every interval (wall clock): notes that the ledger still waits, for {@link SequencingActivity};
   * and when the watermark has not moved for the longest hold while inputs are held (stuck
   * watermarks: an instance that stopped, ticks that cannot be written), lets everything held
   * through, counted as {@value #FORCED}. The hold is wall-clock time without progress, not the
   * inputs' age: a backlog of old records is sequenced like any other.
   */
  List<Record<String, LedgerInput>> onInterval(long nowMs) {
    if (held.isEmpty()) {
      lastProgressMs = nowMs;
      return List.of();
    }
    activity.waiting(nowMs);
    if (nowMs - lastProgressMs <= maxHoldMs) {
      return List.of();
    }
    List<Record<String, LedgerInput>> due = release(Long.MAX_VALUE);
    due.forEach(record -> forced.record());
    passed = Math.max(passed, lastLetThrough);
    lastProgressMs = nowMs;
    return due;
  }

  private List<Record<String, LedgerInput>> release(long upTo) {
    List<Record<String, LedgerInput>> due = new ArrayList<>();
    for (HeldInputs.Held<LedgerInput> input : held.releaseUpTo(upTo)) {
      due.add(letThrough(new Record<>(null, input.input(), input.time())));
    }
    return due;
  }

  /**
   * Reads the held inputs back from the store at start; moves entries of the format before chunks
   * (one input per key {@code timestamp|arrival}, in key order) into a chunk.
   */
  private void restoreHeld() {
    Deserializer<LedgerInput> deserializer = inputSerde.deserializer();
    ChunkedStores.readBack(
        buffer,
        (number, value) -> {
          List<HeldInputs.Held<LedgerInput>> inputs = new ArrayList<>();
          for (HeldInputs.Held<byte[]> stored : HeldInputs.decode(value)) {
            inputs.add(
                new HeldInputs.Held<>(
                    stored.time(),
                    stored.arrival(),
                    deserializer.deserialize(bufferTopic, stored.payload()),
                    stored.payload()));
          }
          held.restore(number, inputs);
        },
        (key, payload) ->
            held.add(
                Long.parseLong(key.substring(0, WIDTH)),
                deserializer.deserialize(bufferTopic, payload),
                payload));
  }

  private Record<String, LedgerInput> letThrough(Record<String, LedgerInput> record) {
    if (record.timestamp() < lastLetThrough) {
      late.record();
    } else {
      lastLetThrough = record.timestamp();
    }
    return record;
  }

  private void restore(String key, Watermark value) {
    List<String> parts = Keys.split(key);
    UpstreamWatermarks into = FLUSH_PREFIX.equals(parts.get(0)) ? flushes : watermarks;
    into.update(value.getSource(), value.getPartition(), value.getPartitions(), value.getTime());
  }

  void close() {
    context.metrics().removeSensor(late);
    context.metrics().removeSensor(forced);
  }
}
