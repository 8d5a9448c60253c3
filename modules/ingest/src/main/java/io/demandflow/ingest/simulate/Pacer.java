package io.demandflow.ingest.simulate;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Paces a loop to a target rate by sleeping until each event's slot, never by spinning (a
 * busy-waiting limiter burns a core the broker and pipeline need). Slots are fixed in advance
 * ({@code start + n / rate}), so short stalls are caught up rather than lowering the rate.
 */
public final class Pacer {

  /** How a pacer waits; returns true when the caller asked to stop meanwhile. */
  @FunctionalInterface
  public interface Sleeper {
    boolean sleep(Duration duration) throws InterruptedException;
  }

  private final long intervalNanos;
  private final Sleeper sleeper;
  private long next;

  /**
   * @param eventsPerSecond target rate; 0 or less means no pacing at all
   * @param sleeper how to wait, e.g. a shutdown signal's timed await so Ctrl-C ends the wait
   */
  public Pacer(double eventsPerSecond, Sleeper sleeper) {
    this.intervalNanos =
        eventsPerSecond <= 0
            ? 0
            : Math.max(1, (long) (TimeUnit.SECONDS.toNanos(1) / eventsPerSecond));
    this.sleeper = sleeper;
    this.next = System.nanoTime();
  }

  /** A pacer that sleeps with {@link Thread#sleep}. */
  public static Pacer sleeping(double eventsPerSecond) {
    return new Pacer(
        eventsPerSecond,
        duration -> {
          Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
          return false;
        });
  }

  /**
   * Waits until the next event may go.
   *
   * @return true when the sleeper reported a stop request
   */
  public boolean awaitNext() throws InterruptedException {
    if (intervalNanos == 0) {
      return false;
    }
    long wait = next - System.nanoTime();
    next += intervalNanos;
    // Sleeps under a millisecond are not worth a syscall each; they add up into the next one.
    if (wait >= TimeUnit.MILLISECONDS.toNanos(1)) {
      return sleeper.sleep(Duration.ofNanos(wait));
    }
    return false;
  }
}
