package io.demandflow.pipeline;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Requests to the running pipeline on its control topics (signal evaluations, order-book flushes):
 * small string records that the pipeline reads like any input, so a request takes effect in order
 * with what was published before it.
 */
public final class ControlRecords {

  private ControlRecords() {}

  /**
   * Publishes {@code value} under {@code key} to each of {@code partitions} of {@code topic} and
   * waits until the broker has acknowledged them all.
   *
   * @throws IllegalStateException when a record cannot be written, naming the topic
   */
  public static void send(
      Producer<String, String> producer,
      String topic,
      List<Integer> partitions,
      String key,
      String value)
      throws InterruptedException {
    List<Future<RecordMetadata>> sent =
        partitions.stream()
            .map(p -> producer.send(new ProducerRecord<>(topic, p, key, value)))
            .toList();
    for (Future<RecordMetadata> future : sent) {
      try {
        future.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "cannot write a control record to " + topic + ": " + e.getCause().getMessage(),
            e.getCause());
      }
    }
  }
}
