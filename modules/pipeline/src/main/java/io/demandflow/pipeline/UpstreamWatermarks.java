package io.demandflow.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How far every partition of some upstreams has come, in record timestamps, and the point all of
 * them have passed (docs/order-book.md, "Sequencing"). An upstream partition reports a time when no
 * later record from it can have an earlier timestamp; the watermark is the least such time over
 * every partition of every required upstream, and is unknown until each of them has reported once
 * (the partition count of an upstream comes with its reports or is declared, so a partition that
 * never reported holds it back). Plain Java: the order book and the ledger keep one each, backed by
 * a store.
 */
public final class UpstreamWatermarks {

  private final Set<String> required;
  private final Map<String, Integer> partitions = new HashMap<>();
  private final Map<String, Long> times = new HashMap<>();

  /**
   * @param required the upstreams that must all have reported (input topic names, or the order
   *     book)
   */
  public UpstreamWatermarks(Set<String> required) {
    this.required = Set.copyOf(Objects.requireNonNull(required, "required"));
  }

  /**
   * Records that {@code partition} of {@code source} (of {@code partitionCount}) has reached {@code
   * time}; a time below one already reported changes nothing (times never go back).
   *
   * @return whether anything changed
   */
  public boolean update(String source, int partition, int partitionCount, long time) {
    boolean changed = declare(source, partitionCount);
    Long before = times.get(key(source, partition));
    if (before == null || time > before) {
      times.put(key(source, partition), time);
      changed = true;
    }
    return changed;
  }

  /**
   * Records that {@code source} has (at least) {@code partitionCount} partitions; a count of 0 or
   * less says nothing (a watermark from data, whose sender does not know the count).
   *
   * @return whether the known count rose
   */
  public boolean declare(String source, int partitionCount) {
    Integer count = partitions.get(source);
    if (partitionCount <= 0 || (count != null && partitionCount <= count)) {
      return false;
    }
    partitions.put(source, partitionCount);
    return true;
  }

  /** The time every partition of every required upstream has passed; empty while one is silent. */
  public OptionalLong watermark() {
    long least = Long.MAX_VALUE;
    for (String source : required) {
      Integer count = partitions.get(source);
      if (count == null) {
        return OptionalLong.empty();
      }
      for (int p = 0; p < count; p++) {
        Long time = times.get(key(source, p));
        if (time == null) {
          return OptionalLong.empty();
        }
        least = Math.min(least, time);
      }
    }
    return required.isEmpty() ? OptionalLong.empty() : OptionalLong.of(least);
  }

  /** The store key of one upstream partition: {@code source|partition}. */
  public static String key(String source, int partition) {
    return Keys.join(source, Integer.toString(partition));
  }
}
