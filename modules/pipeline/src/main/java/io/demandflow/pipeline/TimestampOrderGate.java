package io.demandflow.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Holds inputs back until a watermark has passed their timestamp, then lets them through in
 * timestamp order, ties in arrival order (docs/order-book.md, "Sequencing"). The order book keeps
 * one over the watermarks of the input partitions, the ledger one over those of the order-book
 * tasks; each owns where its watermark comes from and tells the gate when it moves.
 *
 * <p>What is held is read from heap and kept in a store in chunks ({@link HeldInputs}), in memory
 * with a changelog and a record cache: about one changelog record per chunk and commit instead of
 * two per input.
 *
 * <p>An input at or below the watermark goes through at once (everything held is later). One below
 * the last input let through comes late (its upstream broke the watermark's promise: a broker clock
 * that went back, or a leader on another broker): it goes through at once and is counted ({@code
 * <name>-inputs-late}). When the watermark has not moved for the longest hold while inputs are held
 * (stuck watermarks: an instance that stopped, ticks that cannot be written), everything held goes
 * through, counted ({@code <name>-inputs-held-too-long}).
 *
 * @param <T> the inputs
 */
public final class TimestampOrderGate<T> {

  /** An input let through, with its timestamp. */
  public record Passed<T>(long time, T input) {}

  private final ProcessorContext<?, ?> context;
  private final Serde<T> serde;
  private final String topic;
  private final long maxHoldMs;
  private final SequencingActivity activity;
  private final Sensor late;
  private final Sensor forced;
  private final HeldInputs<T> held;
  private long passed = Long.MIN_VALUE;
  private long lastLetThrough = Long.MIN_VALUE;

  /** Wall-clock time the watermark last moved on, or the gate held nothing (or started). */
  private long lastProgressMs;

  /**
   * Reads what was held back from the store.
   *
   * @param store the name of the gate's store ({@link #storeBuilder(String)})
   * @param name what the gate holds, for its sensors ({@code ledger}: {@code
   *     ledger-inputs-late}...)
   * @param serde the serde of the held inputs in the store's chunks
   * @param maxHold how long inputs may be held while the watermark does not move (wall clock); then
   *     they go through without one
   * @param keyTime the timestamp of an entry stored one per key, before chunks (the format the
   *     ledger's store had); a store that never had them may throw
   */
  public TimestampOrderGate(
      ProcessorContext<?, ?> context,
      String store,
      String name,
      Serde<T> serde,
      Duration maxHold,
      ToLongFunction<String> keyTime) {
    this.context = context;
    this.serde = serde;
    this.topic = StoreNames.changelogTopic(context.applicationId(), store);
    this.maxHoldMs = maxHold.toMillis();
    this.lastProgressMs = context.currentSystemTimeMs();
    this.activity = SequencingActivity.of(context.appConfigs());
    String label = Character.toUpperCase(name.charAt(0)) + name.substring(1).replace('-', ' ');
    this.late =
        PipelineSensors.counter(
            context,
            name + "-inputs-late",
            label + " inputs that came after a later one had gone through",
            Map.of());
    this.forced =
        PipelineSensors.counter(
            context,
            name + "-inputs-held-too-long",
            label + " inputs let through without a watermark after the longest hold",
            Map.of());
    KeyValueStore<String, byte[]> buffer = context.getStateStore(store);
    this.held = new HeldInputs<>((chunk, value) -> buffer.put(StoreChunks.key(chunk), value));
    Deserializer<T> deserializer = serde.deserializer();
    ChunkedStores.readBack(
        buffer,
        (number, value) -> {
          List<HeldInputs.Held<T>> inputs = new ArrayList<>();
          for (HeldInputs.Held<byte[]> stored : HeldInputs.decode(value)) {
            inputs.add(
                new HeldInputs.Held<>(
                    stored.time(),
                    stored.arrival(),
                    deserializer.deserialize(topic, stored.payload()),
                    stored.payload()));
          }
          held.restore(number, inputs);
        },
        (key, payload) ->
            held.add(keyTime.applyAsLong(key), deserializer.deserialize(topic, payload), payload));
  }

  /** The gate's store: in memory, changelogged, cached. */
  public static StoreBuilder<KeyValueStore<String, byte[]>> storeBuilder(String store) {
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(store), Serdes.String(), Serdes.ByteArray())
        .withCachingEnabled();
  }

  /**
   * At start: the watermark the owner had reached (read back from its store). Lets nothing through.
   */
  public void resumeAt(long watermark) {
    passed = Math.max(passed, watermark);
  }

  /** An input stamped {@code time}: what may go through now, in order (it, or nothing). */
  public List<Passed<T>> offer(long time, T input) {
    if (time <= passed) {
      // Everything held is later than the watermark, so this one goes first.
      return List.of(letThrough(time, input));
    }
    held.add(time, input, serde.serializer().serialize(topic, input));
    activity.waiting(context.currentSystemTimeMs());
    return List.of();
  }

  /** The watermark moved to {@code watermark}: what it lets through, in order. */
  public List<Passed<T>> advanceTo(long watermark) {
    if (watermark <= passed) {
      return List.of();
    }
    passed = watermark;
    lastProgressMs = context.currentSystemTimeMs();
    return release(passed);
  }

  /** Everything held, in order (a flush). */
  public List<Passed<T>> releaseAll() {
    return release(Long.MAX_VALUE);
  }

  /**
   * Every interval (wall clock): notes that inputs are held, for {@link SequencingActivity} (input
   * ticks are written while they are); and when the watermark has not moved for the longest hold
   * while inputs are held, lets everything held through. The hold is wall-clock time without
   * progress, not the inputs' age: a backlog of old records is sequenced like any other.
   */
  public List<Passed<T>> onInterval(long nowMs) {
    if (held.isEmpty()) {
      lastProgressMs = nowMs;
      return List.of();
    }
    activity.waiting(nowMs);
    if (nowMs - lastProgressMs <= maxHoldMs) {
      return List.of();
    }
    List<Passed<T>> due = release(Long.MAX_VALUE);
    due.forEach(input -> forced.record());
    passed = Math.max(passed, lastLetThrough);
    lastProgressMs = nowMs;
    return due;
  }

  /** The inputs held, in timestamp order. */
  public List<T> held() {
    return held.held().stream().map(HeldInputs.Held::input).toList();
  }

  private List<Passed<T>> release(long upTo) {
    List<Passed<T>> due = new ArrayList<>();
    for (HeldInputs.Held<T> input : held.releaseUpTo(upTo)) {
      due.add(letThrough(input.time(), input.input()));
    }
    return due;
  }

  private Passed<T> letThrough(long time, T input) {
    if (time < lastLetThrough) {
      late.record();
    } else {
      lastLetThrough = time;
    }
    return new Passed<>(time, input);
  }

  public void close() {
    context.metrics().removeSensor(late);
    context.metrics().removeSensor(forced);
  }
}
