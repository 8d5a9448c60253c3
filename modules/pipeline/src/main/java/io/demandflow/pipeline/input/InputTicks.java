package io.demandflow.pipeline.input;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Input ticks (docs/order-book.md, "Sequencing"): records without key or value that demandflow
 * writes to every partition of the orders and allocations topics, marked by the header {@value
 * #HEADER} (its value: how many partitions the topic has). The broker stamps a tick with its
 * arrival time like any record of a {@code LogAppendTime} topic, so once the order book has seen a
 * tick of a partition, no record of that partition still to come can carry an earlier timestamp:
 * every tick is a watermark of its partition. Readers of these topics other than demandflow skip
 * records with this header.
 */
public final class InputTicks {

  /** The header that marks a tick; its value is the topic's partition count (decimal). */
  public static final String HEADER = "demandflow.tick";

  private InputTicks() {}

  /**
   * Whether a record is a tick: the header and no value. A record with a value is an event whatever
   * its headers say, and is validated as one (nothing a producer sends is dropped).
   */
  public static boolean isTick(Headers headers, Object value) {
    return value == null && headers != null && headers.lastHeader(HEADER) != null;
  }

  /**
   * The partition count a tick names.
   *
   * @throws IllegalArgumentException when the header is missing or not a positive number
   */
  public static int partitionsOf(Headers headers) {
    Header header = headers == null ? null : headers.lastHeader(HEADER);
    String value =
        header == null || header.value() == null
            ? ""
            : new String(header.value(), StandardCharsets.UTF_8);
    try {
      int partitions = Integer.parseInt(value);
      if (partitions > 0) {
        return partitions;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "header " + HEADER + " must name a positive partition count, got '" + value + "'");
  }

  /** A tick for {@code partition} of {@code topic}, which has {@code partitions} partitions. */
  public static ProducerRecord<byte[], byte[]> tick(String topic, int partition, int partitions) {
    Headers headers = new RecordHeaders();
    headers.add(HEADER, Integer.toString(partitions).getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(topic, partition, null, null, null, headers);
  }
}
