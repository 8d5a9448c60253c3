package io.demandflow.ingest.scenario;

/** One meaningful line of a scenario file: an event or a barrier. */
public sealed interface ScenarioLine permits ScenarioEvent, ScenarioBarrier {

  /** The 1-based line number in the file, for messages. */
  int lineNumber();
}
