package io.demandflow.testkit;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a Kafka client future, turning its checked failures into a described one. */
final class BlockingFutures {

  private BlockingFutures() {}

  /**
   * The future's value, waiting at most {@code timeout}.
   *
   * @param future the future
   * @param what what it does, for the failure message (e.g. {@code create topics [a]})
   * @param timeout how long to wait
   * @param <T> value type
   * @return the value
   * @throws IllegalStateException if it fails, times out or the thread is interrupted
   */
  static <T> T get(Future<T> future, String what, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("failed to " + what, e);
    }
  }
}
