package io.demandflow.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.demandflow.ingest.json.EventJson;
import io.demandflow.topics.Topic;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * One top-level key of the state document and how it is read from its topic. Adding a section to
 * the document is one line in {@link StateSnapshot#sections}.
 */
sealed interface StateSection {

  /** The key of the section in the document. */
  String name();

  /** The name of the topic the section is read from. */
  String topic();

  /**
   * Renders the section from every committed record of {@link #topic()} (partition by partition,
   * each in offset order), values still encoded.
   */
  JsonNode render(List<ConsumerRecord<String, byte[]>> records);

  /**
   * The latest value per key of a compacted table topic, tombstones removed, sorted by key; values
   * decoded with the topic's value serde.
   */
  static StateSection table(
      String name, Topic<String, ? extends SpecificRecord> topic, String... fields) {
    return new Table(name, topic, List.of(fields));
  }

  /** Every record of an event topic, in the order it was written. */
  static StateSection log(
      String name, Topic<String, ? extends SpecificRecord> topic, String... fields) {
    return new Log(name, topic, List.of(fields));
  }

  /** The number of records of a topic (its values are not decoded). */
  static StateSection count(String name, Topic<?, ?> topic) {
    return new Count(name, topic.name());
  }

  /** See {@link #table}; {@code fields} empty means every field, in schema order. */
  record Table(String name, Topic<String, ? extends SpecificRecord> source, List<String> fields)
      implements StateSection {
    public Table {
      Objects.requireNonNull(source, "source");
    }

    @Override
    public String topic() {
      return source.name();
    }

    @Override
    public JsonNode render(List<ConsumerRecord<String, byte[]>> records) {
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
      return rows(latest.values(), name, source, fields);
    }
  }

  /** See {@link #log}. */
  record Log(String name, Topic<String, ? extends SpecificRecord> source, List<String> fields)
      implements StateSection {
    public Log {
      Objects.requireNonNull(source, "source");
    }

    @Override
    public String topic() {
      return source.name();
    }

    @Override
    public JsonNode render(List<ConsumerRecord<String, byte[]>> records) {
      return rows(records.stream().filter(r -> r.value() != null).toList(), name, source, fields);
    }
  }

  /** See {@link #count}. */
  record Count(String name, String topic) implements StateSection {
    @Override
    public JsonNode render(List<ConsumerRecord<String, byte[]>> records) {
      return JsonNodeFactory.instance.numberNode(records.size());
    }
  }

  private static ArrayNode rows(
      Iterable<ConsumerRecord<String, byte[]>> records,
      String section,
      Topic<String, ? extends SpecificRecord> topic,
      List<String> fields) {
    Function<SpecificRecord, JsonNode> toRow =
        fields.isEmpty() ? EventJson::row : value -> EventJson.row(value, fields);
    Deserializer<? extends SpecificRecord> values = topic.valueDeserializer();
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    records.forEach(record -> array.add(toRow.apply(decode(values, record, section))));
    return array;
  }

  private static SpecificRecord decode(
      Deserializer<? extends SpecificRecord> values,
      ConsumerRecord<String, byte[]> record,
      String section) {
    try {
      return values.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot decode the "
              + section
              + " value at "
              + record.topic()
              + "-"
              + record.partition()
              + "@"
              + record.offset()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
