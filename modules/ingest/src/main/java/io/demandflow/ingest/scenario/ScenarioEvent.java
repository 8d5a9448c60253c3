package io.demandflow.ingest.scenario;

import io.demandflow.ingest.EventType;
import org.apache.avro.specific.SpecificRecord;

/**
 * An event line of a scenario.
 *
 * @param lineNumber 1-based line in the file
 * @param type the event's type, from its {@code "event"} member
 * @param event the decoded event; not checked against the R8 rules
 */
public record ScenarioEvent(int lineNumber, EventType type, SpecificRecord event)
    implements ScenarioLine {}
