package io.demandflow.pipeline.app;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a failed stream thread, after a delay that doubles with each failure in a row (from
 * {@link #BACKOFF_MS} up to {@link #BACKOFF_MAX_MS}). Without it, a cause that outlives the thread
 * (an unreachable registry, a broken input) makes a tight restart loop. A failure after a quiet
 * period of ten times the maximum delay starts again from the first delay.
 *
 * <p>Kafka Streams calls the handler on the failing thread, so the wait holds only that thread; the
 * maximum stays below the consumer's session and poll timeouts.
 */
final class ThreadReplacementHandler implements StreamsUncaughtExceptionHandler {

  static final String BACKOFF_MS = "demandflow.thread.replace.backoff.ms";
  static final String BACKOFF_MAX_MS = "demandflow.thread.replace.backoff.max.ms";

  private static final Logger log = LoggerFactory.getLogger(ThreadReplacementHandler.class);

  /** Waits; replaced in tests. */
  interface Sleeper {
    void sleep(Duration delay) throws InterruptedException;
  }

  private final Duration first;
  private final Duration max;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private int failuresInARow;
  private long lastFailureNanos;

  ThreadReplacementHandler(Duration first, Duration max, LongSupplier nanoClock, Sleeper sleeper) {
    this.first = first;
    this.max = max;
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  static ThreadReplacementHandler from(DemandflowConfig config) {
    return new ThreadReplacementHandler(
        Duration.ofMillis(config.getLong(BACKOFF_MS)),
        Duration.ofMillis(config.getLong(BACKOFF_MAX_MS)),
        System::nanoTime,
        delay -> Thread.sleep(delay.toMillis()));
  }

  @Override
  public StreamThreadExceptionResponse handle(Throwable failure) {
    Duration delay = nextDelay();
    log.error(
        "stream thread failed; replacing it in {} ms (backoff {}, {}): {}",
        delay.toMillis(),
        BACKOFF_MS,
        BACKOFF_MAX_MS,
        rootCause(failure).toString(),
        failure);
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** The wait before the replacement of the failure being handled now. */
  synchronized Duration nextDelay() {
    long now = nanoClock.getAsLong();
    boolean quietSinceLast =
        failuresInARow > 0 && now - lastFailureNanos > max.multipliedBy(10).toNanos();
    failuresInARow = quietSinceLast ? 1 : failuresInARow + 1;
    lastFailureNanos = now;
    Duration delay = first;
    for (int i = 1; i < failuresInARow && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) < 0 ? delay : max;
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
