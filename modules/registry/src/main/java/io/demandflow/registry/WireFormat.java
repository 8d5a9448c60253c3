package io.demandflow.registry;

/**
 * Confluent's framing of a Kafka record value or key: magic byte 0, the schema id as a 4-byte
 * big-endian int, then the Avro binary encoding of the datum. Any Confluent-compatible consumer can
 * read what our serializer writes, and vice versa.
 */
final class WireFormat {
  static final byte MAGIC_BYTE = 0;
  static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** TopicNameStrategy: {@code <topic>-key} or {@code <topic>-value}. */
  static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }
}
