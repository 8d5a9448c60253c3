package io.demandflow.pipeline.errors;

import io.demandflow.domain.validation.InvalidEventException;
import io.demandflow.registry.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * SPEC R8 with Kafka Streams' own mechanisms: bad records go to the dead-letter topic set by {@code
 * errors.dead.letter.queue.topic.name} (KIP-1034), whose records carry Kafka's standard headers
 * ({@code __streams.errors.exception}, {@code .message}, {@code .stacktrace}, {@code .topic},
 * {@code .partition}, {@code .offset}) plus {@value #REASON_HEADER}; processing goes on.
 *
 * <p>One exception is not bad data: a schema registry that cannot be reached. Sending the record to
 * the dead-letter topic then would lose good data, so the task fails and Streams retries.
 */
public final class DeadLetterHandlers {

  /** Header naming demandflow's reason: an R8 violation, KEY_MISMATCH or DESERIALIZATION. */
  public static final String REASON_HEADER = "demandflow.errors.reason";

  private DeadLetterHandlers() {}

  /** Records that cannot be deserialized. */
  public static final class Deserialization extends LogAndContinueExceptionHandler {
    private DeadLetterCounter counter = new DeadLetterCounter();

    @Override
    public void configure(Map<String, ?> configs) {
      super.configure(configs);
      counter = counterOf(configs, counter);
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(
        ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
      if (isRegistryUnavailable(exception)) {
        return DeserializationExceptionHandler.Response.fail();
      }
      DeserializationExceptionHandler.Response response =
          super.handleError(context, record, exception);
      String reason = DeadLetterCounter.DESERIALIZATION;
      counter.record(reason, context.topic());
      return DeserializationExceptionHandler.Response.resume(
          withReason(response.deadLetterQueueRecords(), reason));
    }
  }

  /** Records that decode but break R8, and any other failure while processing a record. */
  public static final class Processing extends LogAndContinueProcessingExceptionHandler {
    private DeadLetterCounter counter = new DeadLetterCounter();

    @Override
    public void configure(Map<String, ?> configs) {
      super.configure(configs);
      counter = counterOf(configs, counter);
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(
        ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
      if (isRegistryUnavailable(exception)) {
        return ProcessingExceptionHandler.Response.fail();
      }
      ProcessingExceptionHandler.Response response = super.handleError(context, record, exception);
      String reason =
          exception instanceof InvalidEventException invalid
              ? invalid.reason()
              : "PROCESSING_" + exception.getClass().getSimpleName();
      counter.record(reason, context.topic());
      return ProcessingExceptionHandler.Response.resume(
          withReason(response.deadLetterQueueRecords(), reason));
    }
  }

  private static DeadLetterCounter counterOf(Map<String, ?> configs, DeadLetterCounter fallback) {
    Object configured = configs.get(DeadLetterCounter.CONFIG_KEY);
    return configured instanceof DeadLetterCounter counter ? counter : fallback;
  }

  private static List<ProducerRecord<byte[], byte[]>> withReason(
      List<ProducerRecord<byte[], byte[]>> records, String reason) {
    records.forEach(r -> r.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8)));
    return records;
  }

  private static boolean isRegistryUnavailable(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryException e && !e.isClientError()) {
        return true;
      }
    }
    return false;
  }
}
