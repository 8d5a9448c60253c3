package io.demandflow.pipeline.input;

import io.demandflow.domain.validation.EventValidator;
import io.demandflow.domain.validation.InvalidEventException;
import io.demandflow.domain.validation.Violation;
import io.demandflow.pipeline.PipelineSensors;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The first step after every input topic: counts the event ({@value #EVENTS_IN}{@code -total}, tag
 * {@code type}) and lets it through only when it means something (SPEC R8, {@link EventValidator})
 * and sits under the key it must be published with. Anything else is thrown as an {@link
 * InvalidEventException}, which the processing exception handler sends to the dead-letter topic.
 * Tombstones pass: on compacted input topics they delete, and later steps decide. {@link
 * InputTicks} are no events: they pass uncounted where the order book reads them as watermarks
 * (orders, allocations) and are dropped elsewhere.
 */
public final class InputValidationProcessor<V> implements FixedKeyProcessor<String, V, V> {

  public static final String EVENTS_IN = "events-in";

  private final String eventType;
  private final Function<V, String> keyOf;
  private final boolean passesTicks;
  private FixedKeyProcessorContext<String, V> context;
  private Sensor eventsIn;

  /**
   * @param eventType the event type as SPEC §4 names it (order, license, ...), for metrics
   * @param keyOf the record key an event must be published under
   * @param passesTicks whether input ticks go on (to the order book) or are dropped
   */
  public InputValidationProcessor(
      String eventType, Function<V, String> keyOf, boolean passesTicks) {
    this.eventType = Objects.requireNonNull(eventType);
    this.keyOf = Objects.requireNonNull(keyOf);
    this.passesTicks = passesTicks;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, V> context) {
    this.context = context;
    this.eventsIn =
        PipelineSensors.counter(
            context, EVENTS_IN, "Input events received", Map.of("event-type", eventType));
  }

  @Override
  public void process(FixedKeyRecord<String, V> record) {
    if (InputTicks.isTick(record.headers(), record.value())) {
      if (passesTicks) {
        context.forward(record);
      }
      return;
    }
    eventsIn.record();
    V event = record.value();
    if (event != null) {
      List<Violation> violations = EventValidator.validate(event);
      if (!violations.isEmpty()) {
        throw InvalidEventException.of(eventType, violations);
      }
      String expectedKey = keyOf.apply(event);
      if (!expectedKey.equals(record.key())) {
        throw new InvalidEventException(
            InvalidEventException.KEY_MISMATCH,
            "invalid "
                + eventType
                + ": record key '"
                + record.key()
                + "' is not the event's key '"
                + expectedKey
                + "'");
      }
    }
    context.forward(record);
  }

  @Override
  public void close() {
    if (context != null && eventsIn != null) {
      context.metrics().removeSensor(eventsIn);
    }
  }
}
