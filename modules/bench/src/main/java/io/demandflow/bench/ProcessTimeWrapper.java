package io.demandflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorWrapper;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.WrappedFixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.WrappedProcessorSupplier;

/**
 * Kafka Streams' own hook for wrapping every processor of a topology ({@code
 * processor.wrapper.class}, KIP-1112), used by the benchmark's attribution round: it measures the
 * thread CPU time of each processor call that is not inside another processor's call on the same
 * thread (CPU, not wall-clock time, so that a busy machine's preemptions are not charged), so a
 * record's whole pass through a sub-topology (its forwards included, down to the sinks' sends) is
 * charged once, to the processor it entered by. A store cache flushing at commit forwards to its
 * downstream processors outside any processor call: that time is charged to them too.
 *
 * <p>Not timed: polling, deserialising the input, commits (producer flush, transaction, the store
 * caches' writes to RocksDB and changelogs) and punctuators. The benchmark reports those as the
 * rest of the stream thread's CPU time.
 */
public final class ProcessTimeWrapper implements ProcessorWrapper {

  private static final Map<String, LongAdder> NANOS_BY_PROCESSOR = new ConcurrentHashMap<>();

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Nesting depth of processor calls on this thread: only depth 0 is timed. */
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  /** Forgets every time recorded (before a run). */
  static void reset() {
    NANOS_BY_PROCESSOR.clear();
  }

  /** CPU nanoseconds of calls entering at each processor, by processor name, since reset. */
  static Map<String, Long> nanosByProcessor() {
    Map<String, Long> result = new HashMap<>();
    NANOS_BY_PROCESSOR.forEach((name, nanos) -> result.put(name, nanos.sum()));
    return result;
  }

  @Override
  public <KIn, VIn, KOut, VOut>
      WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(
          String processorName, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
    LongAdder nanos = NANOS_BY_PROCESSOR.computeIfAbsent(processorName, n -> new LongAdder());
    return ProcessorWrapper.asWrapped(
        new ProcessorSupplier<>() {
          @Override
          public Processor<KIn, VIn, KOut, VOut> get() {
            Processor<KIn, VIn, KOut, VOut> inner = supplier.get();
            return new Processor<>() {
              @Override
              public void init(ProcessorContext<KOut, VOut> context) {
                inner.init(context);
              }

              @Override
              public void process(Record<KIn, VIn> record) {
                timed(nanos, () -> inner.process(record));
              }

              @Override
              public void close() {
                inner.close();
              }
            };
          }

          @Override
          public java.util.Set<org.apache.kafka.streams.state.StoreBuilder<?>> stores() {
            return supplier.stores();
          }
        });
  }

  @Override
  public <KIn, VIn, VOut>
      WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKeyProcessorSupplier(
          String processorName, FixedKeyProcessorSupplier<KIn, VIn, VOut> supplier) {
    LongAdder nanos = NANOS_BY_PROCESSOR.computeIfAbsent(processorName, n -> new LongAdder());
    return ProcessorWrapper.asWrappedFixedKey(
        new FixedKeyProcessorSupplier<>() {
          @Override
          public FixedKeyProcessor<KIn, VIn, VOut> get() {
            FixedKeyProcessor<KIn, VIn, VOut> inner = supplier.get();
            return new FixedKeyProcessor<>() {
              @Override
              public void init(FixedKeyProcessorContext<KIn, VOut> context) {
                inner.init(context);
              }

              @Override
              public void process(FixedKeyRecord<KIn, VIn> record) {
                timed(nanos, () -> inner.process(record));
              }

              @Override
              public void close() {
                inner.close();
              }
            };
          }

          @Override
          public java.util.Set<org.apache.kafka.streams.state.StoreBuilder<?>> stores() {
            return supplier.stores();
          }
        });
  }

  private static void timed(LongAdder nanos, Runnable call) {
    int[] depth = DEPTH.get();
    if (depth[0]++ > 0) {
      try {
        call.run();
      } finally {
        depth[0]--;
      }
      return;
    }
    long start = THREADS.getCurrentThreadCpuTime();
    try {
      call.run();
    } finally {
      depth[0]--;
      nanos.add(THREADS.getCurrentThreadCpuTime() - start);
    }
  }
}
