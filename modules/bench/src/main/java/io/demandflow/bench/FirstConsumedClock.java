package io.demandflow.bench;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer interceptor that notes when the first record reached the application under test, with
 * the process CPU time at that moment: the start of a throughput measurement (start-up, group join
 * and state-store opening are not counted). Installed as {@code main.consumer.interceptor.classes};
 * one application is measured at a time, so the clock is process-wide.
 */
public final class FirstConsumedClock<K, V> implements ConsumerInterceptor<K, V> {

  private static final AtomicLong firstNanos = new AtomicLong();
  private static final AtomicLong cpuAtFirst = new AtomicLong();
  private static volatile Map<Long, ThreadCpu.Sample> threadsAtFirst = Map.of();

  /** Forgets the previous measurement; call before starting the next application. */
  public static void reset() {
    firstNanos.set(0);
    cpuAtFirst.set(0);
    threadsAtFirst = Map.of();
  }

  /** {@link System#nanoTime()} when the first record was consumed; 0 while none was. */
  public static long firstNanos() {
    return firstNanos.get();
  }

  /** {@link ProcessMeter#cpuNanos()} when the first record was consumed. */
  public static long cpuAtFirstNanos() {
    return cpuAtFirst.get();
  }

  /** Every thread's CPU time when the first record was consumed (empty while none was). */
  static Map<Long, ThreadCpu.Sample> threadsAtFirst() {
    return threadsAtFirst;
  }

  @Override
  public ConsumerRecords<K, V> onConsume(ConsumerRecords<K, V> records) {
    if (!records.isEmpty() && firstNanos.get() == 0) {
      long cpu = ProcessMeter.cpuNanos();
      if (firstNanos.compareAndSet(0, System.nanoTime())) {
        cpuAtFirst.set(cpu);
        threadsAtFirst = ThreadCpu.snapshot();
      }
    }
    return records;
  }

  @Override
  public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {}

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}
}
