package io.demandflow.service.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro records as plain JSON, as in the replay document and the query API: fields in schema order
 * (or in the order asked for), decimals as strings keeping their scale ({@code "31500.00"}), dates
 * and times as ISO-8601 strings, enums by name. Exact by construction: no value ever passes through
 * a floating point.
 */
public final class AvroJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroJson() {}

  /** Every field of {@code record}, in schema order. */
  public static ObjectNode row(IndexedRecord record) {
    return row(record, record.getSchema().getFields().stream().map(Schema.Field::name).toList());
  }

  /** The named fields of {@code record}, in the order given. */
  public static ObjectNode row(IndexedRecord record, List<String> fields) {
    ObjectNode row = NODES.objectNode();
    Schema schema = record.getSchema();
    for (String name : fields) {
      Schema.Field field = schema.getField(name);
      if (field == null) {
        throw new IllegalArgumentException(
            schema.getFullName() + " has no field '" + name + "' for the state document");
      }
      row.set(name, value(record.get(field.pos())));
    }
    return row;
  }

  public static JsonNode value(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof BigDecimal decimal) {
      return NODES.textNode(decimal.toPlainString());
    }
    if (value instanceof Integer || value instanceof Long) {
      return NODES.numberNode(((Number) value).longValue());
    }
    if (value instanceof Boolean flag) {
      return NODES.booleanNode(flag);
    }
    if (value instanceof Float || value instanceof Double) {
      // No schema of demandflow has one (all arithmetic is exact); refuse rather than round.
      throw new IllegalArgumentException("floating point value in the state document: " + value);
    }
    if (value instanceof IndexedRecord nested) {
      return row(nested);
    }
    if (value instanceof Collection<?> items) {
      ArrayNode array = NODES.arrayNode();
      items.forEach(item -> array.add(value(item)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      new TreeMap<>(map).forEach((key, item) -> object.set(key.toString(), value(item)));
      return object;
    }
    if (value instanceof ByteBuffer) {
      throw new IllegalArgumentException("raw bytes field in the state document");
    }
    if (value instanceof GenericEnumSymbol<?> || value instanceof Enum<?>) {
      return NODES.textNode(value.toString());
    }
    // Strings, LocalDate and Instant: their toString() is the ISO-8601 form.
    return NODES.textNode(value.toString());
  }
}
