package io.demandflow.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the ledger is waiting for watermarks (docs/order-book.md, "Sequencing"): the ledger notes
 * when it holds inputs back, and {@link InputTickPublisher} writes ticks only while that was
 * recent, so an idle pipeline adds no records to its input topics.
 */
public final class SequencingActivity {

  /**
   * The Streams configuration key under which the app passes its activity (an object, not a string)
   * to the ledger's processor.
   */
  public static final String CONFIG_KEY = "demandflow.internal.sequencing-activity";

  private final AtomicLong lastWaitingMs = new AtomicLong(Long.MIN_VALUE);
  private final Map<String, Integer> inputPartitions = new ConcurrentHashMap<>();

  /**
   * The activity in a processor's application configuration; a fresh one, which nobody reads, when
   * none was passed (a topology test driver: no ticks there).
   */
  public static SequencingActivity of(Map<String, Object> appConfigs) {
    Object value = appConfigs.get(CONFIG_KEY);
    return value instanceof SequencingActivity activity ? activity : new SequencingActivity();
  }

  /** Records that input topic {@code topic} has {@code partitions} partitions. */
  public void inputPartitions(String topic, int partitions) {
    inputPartitions.merge(topic, partitions, Math::max);
  }

  /** The partition counts of the input topics found so far, by topic. */
  public Map<String, Integer> inputPartitions() {
    return Map.copyOf(inputPartitions);
  }

  /** The ledger holds inputs back at {@code nowMs} (wall clock). */
  public void waiting(long nowMs) {
    lastWaitingMs.accumulateAndGet(nowMs, Math::max);
  }

  /** Whether the ledger held inputs back within {@code windowMs} before {@code nowMs}. */
  public boolean waitedWithin(long nowMs, long windowMs) {
    long last = lastWaitingMs.get();
    return last != Long.MIN_VALUE && nowMs - last <= windowMs;
  }
}
