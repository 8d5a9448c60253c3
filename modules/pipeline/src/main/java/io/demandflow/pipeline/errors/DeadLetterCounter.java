package io.demandflow.pipeline.errors;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the records sent to the dead-letter topic, by reason and source topic, for metrics. One
 * per application instance: the exception handlers that Kafka Streams creates find it in their
 * configuration under {@link #CONFIG_KEY}.
 */
public final class DeadLetterCounter {

  /** Configuration key under which the application hands its counter to the handlers. */
  public static final String CONFIG_KEY = "demandflow.internal.dead-letter-counter";

  /** Reason of a record that could not be deserialized. */
  public static final String DESERIALIZATION = "DESERIALIZATION";

  /** What a count is kept by; both parts are bounded (reasons and topics are few). */
  public record Key(String reason, String topic) {}

  private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

  public void record(String reason, String topic) {
    counts.computeIfAbsent(new Key(reason, topic), k -> new LongAdder()).increment();
  }

  /** Current counts, sorted. */
  public Map<Key, Long> snapshot() {
    Map<Key, Long> copy =
        new TreeMap<>(java.util.Comparator.comparing(Key::reason).thenComparing(Key::topic));
    counts.forEach((key, count) -> copy.put(key, count.sum()));
    return copy;
  }

  /** All dead letters counted so far. */
  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }
}
