package io.demandflow.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.demandflow.ingest.json.EventJson;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One top-level key of the state document and how it is read from its topic. Adding a section to
 * the document is one line in {@link StateSnapshot#sections}.
 */
sealed interface StateSection {

  /** The key of the section in the document. */
  String name();

  /** The topic the section is read from, or null when it has none (yet). */
  String topic();

  /**
   * Renders the section from every committed record of {@link #topic()} (partition by partition,
   * each in offset order).
   */
  JsonNode render(List<ConsumerRecord<String, byte[]>> records, RecordDecoder decoder);

  /** Decodes a record value of a given Avro class. */
  interface RecordDecoder {
    <T extends SpecificRecord> T decode(ConsumerRecord<String, byte[]> record, Class<T> type);
  }

  /** The latest value per key of a compacted table topic, tombstones removed, sorted by key. */
  static StateSection table(
      String name, String topic, Class<? extends SpecificRecord> type, String... fields) {
    return new Table(name, topic, type, List.of(fields));
  }

  /** Every record of an event topic, in the order it was written. */
  static StateSection log(
      String name, String topic, Class<? extends SpecificRecord> type, String... fields) {
    return new Log(name, topic, type, List.of(fields));
  }

  /** The number of records of a topic (its values are not decoded). */
  static StateSection count(String name, String topic) {
    return new Count(name, topic);
  }

  /** See {@link #table}; {@code fields} empty means every field, in schema order. */
  record Table(String name, String topic, Class<? extends SpecificRecord> type, List<String> fields)
      implements StateSection {
    public Table {
      Objects.requireNonNull(topic, "topic");
    }

    @Override
    public JsonNode render(List<ConsumerRecord<String, byte[]>> records, RecordDecoder decoder) {
      Map<String, ConsumerRecord<String, byte[]>> latest = new TreeMap<>();
      for (ConsumerRecord<String, byte[]> record : records) {
        if (record.key() == null) {
          throw new IllegalStateException(
              "record without a key in table topic "
                  + record.topic()
                  + "-"
                  + record.partition()
                  + "@"
                  + record.offset());
        }
        if (record.value() == null) {
          latest.remove(record.key()); // a tombstone: the row is gone
        } else {
          latest.put(record.key(), record);
        }
      }
      return rows(latest.values(), decoder, type, fields);
    }
  }

  /** See {@link #log}. */
  record Log(String name, String topic, Class<? extends SpecificRecord> type, List<String> fields)
      implements StateSection {
    public Log {
      Objects.requireNonNull(topic, "topic");
    }

    @Override
    public JsonNode render(List<ConsumerRecord<String, byte[]>> records, RecordDecoder decoder) {
      return rows(records.stream().filter(r -> r.value() != null).toList(), decoder, type, fields);
    }
  }

  /** See {@link #count}. */
  record Count(String name, String topic) implements StateSection {
    @Override
    public JsonNode render(List<ConsumerRecord<String, byte[]>> records, RecordDecoder decoder) {
      return JsonNodeFactory.instance.numberNode(records.size());
    }
  }

  private static ArrayNode rows(
      Iterable<ConsumerRecord<String, byte[]>> records,
      RecordDecoder decoder,
      Class<? extends SpecificRecord> type,
      List<String> fields) {
    Function<SpecificRecord, JsonNode> toRow =
        fields.isEmpty() ? EventJson::row : value -> EventJson.row(value, fields);
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    records.forEach(record -> array.add(toRow.apply(decoder.decode(record, type))));
    return array;
  }
}
