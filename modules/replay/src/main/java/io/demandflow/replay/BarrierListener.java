package io.demandflow.replay;

import io.demandflow.pipeline.app.DemandflowApp;

/**
 * Called by a replay after each barrier of the scenario, and once more at its end, when everything
 * published so far has been fully processed. The hook for work that a replay does at barriers only
 * (SPEC R7: replay evaluates production signals at every barrier and at the end); a listener that
 * makes the pipeline produce something waits for it with {@link Point#barrier()} before returning.
 */
@FunctionalInterface
public interface BarrierListener {

  void afterBarrier(Point point) throws InterruptedException;

  /**
   * Where the replay stands.
   *
   * @param lineNumber the line of the barrier in the scenario file; at the end of the scenario, the
   *     line of its last event or barrier (0 for an empty scenario)
   * @param endOfScenario true for the final call, after the last line
   * @param app the running pipeline
   * @param barrier the barrier of this replay, to wait for what the listener causes
   */
  record Point(
      int lineNumber, boolean endOfScenario, DemandflowApp app, ProcessingBarrier barrier) {}
}
