package io.demandflow.ingest.scenario;

/**
 * {@code {"event":"barrier"}}: publish nothing that follows until everything before has been fully
 * processed (SPEC §4).
 *
 * @param lineNumber 1-based line in the file
 */
public record ScenarioBarrier(int lineNumber) implements ScenarioLine {

  /** The value of {@code "event"} that marks a barrier. */
  public static final String EVENT_NAME = "barrier";
}
