package io.demandflow.bench;

import io.demandflow.pipeline.app.DemandflowApp;
import java.time.Duration;

/**
 * Blocks until everything published so far has been processed by every sub-topology of a running
 * pipeline and its results are visible to a {@code read_committed} consumer. The command line
 * supplies its {@code ProcessingBarrier} (the replay's exact barrier) through {@link Factory}; the
 * benchmark does not re-implement it.
 */
public interface CompletionBarrier extends AutoCloseable {

  /**
   * @throws IllegalStateException when {@code timeout} passes first or the pipeline stops
   */
  void await(Duration timeout) throws InterruptedException;

  @Override
  void close();

  /** Makes a barrier for a started pipeline. */
  @FunctionalInterface
  interface Factory {
    CompletionBarrier forApp(DemandflowApp app);
  }
}
