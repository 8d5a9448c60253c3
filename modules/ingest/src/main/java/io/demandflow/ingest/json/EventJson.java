package io.demandflow.ingest.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.ingest.EventType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The one JSON form of demandflow's Avro records. Input events (SPEC §4): the fields of §2 by name,
 * dates {@code YYYY-MM-DD}, timestamps ISO-8601 or epoch milliseconds, decimals as strings, plus an
 * {@code "event"} member naming the type; read and written here for scenario files, JSON Lines
 * batch files and replay. Any record ({@link #row}, {@link #value}) in the same form without the
 * {@code "event"} member: the rows of the replay document and of the query API.
 *
 * <p>Driven by the Avro schema of each event, so a field added to a schema is understood here
 * without code. Strict on purpose: an unknown member is an error (a typo must not silently drop
 * data), and so is a decimal that would need rounding to the schema's scale. Decimals may also be
 * JSON numbers; they are read from their text, never through a double, when the parser keeps it
 * ({@link #newObjectMapper()} does).
 */
public final class EventJson {

  /** The member naming the event type; ignored by {@link #fromJson}. */
  public static final String EVENT_MEMBER = "event";

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private EventJson() {}

  /**
   * A Jackson mapper that keeps decimal numbers exact ({@code USE_BIG_DECIMAL_FOR_FLOATS}) and
   * refuses trailing content; use it to parse what {@link #fromJson} reads.
   */
  public static ObjectMapper newObjectMapper() {
    return new ObjectMapper()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .setNodeFactory(NODES);
  }

  /**
   * Reads an event of type {@code eventType} ({@code order}, {@code allocation}, {@code supply},
   * {@code license}, {@code policy}) from a JSON object.
   *
   * @throws EventFormatException naming the field and what is wrong
   */
  public static SpecificRecord fromJson(String eventType, JsonNode object) {
    EventType type;
    try {
      type = EventType.fromName(eventType);
    } catch (IllegalArgumentException e) {
      throw new EventFormatException(EVENT_MEMBER, e.getMessage());
    }
    return fromJson(type, object);
  }

  /** Like {@link #fromJson(String, JsonNode)} for a known type. */
  public static SpecificRecord fromJson(EventType type, JsonNode object) {
    if (object == null || !object.isObject()) {
      throw new EventFormatException(
          null, "expected a JSON object for a " + type + " event, got " + describe(object));
    }
    Schema schema = type.schema();
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals(EVENT_MEMBER) && schema.getField(name) == null) {
        throw new EventFormatException(
            name, "unknown field of a " + type + " event (known: " + fieldNames(schema) + ")");
      }
    }
    SpecificData data = SpecificData.getForClass(type.eventClass());
    SpecificRecord record = (SpecificRecord) data.newRecord(null, schema);
    for (Schema.Field field : schema.getFields()) {
      JsonNode value = object.get(field.name());
      Object converted;
      if (value == null) {
        if (!field.hasDefaultValue()) {
          throw new EventFormatException(field.name(), "missing field");
        }
        converted = data.deepCopy(field.schema(), data.getDefaultValue(field));
      } else {
        converted = read(field.name(), field.schema(), value);
      }
      record.put(field.pos(), converted);
    }
    return record;
  }

  /** The JSON form of an event, with {@code "event"} set; the inverse of {@link #fromJson}. */
  public static ObjectNode toJson(SpecificRecord event) {
    EventType type = EventType.of(event);
    ObjectNode object = NODES.objectNode();
    object.put(EVENT_MEMBER, type.typeName());
    for (Schema.Field field : event.getSchema().getFields()) {
      object.set(field.name(), value(event.get(field.pos())));
    }
    return object;
  }

  private static Object read(String field, Schema schema, JsonNode value) {
    if (schema.getType() == Schema.Type.UNION) {
      if (value.isNull()) {
        if (schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)) {
          return null;
        }
        throw new EventFormatException(field, "must not be null");
      }
      Schema nonNull =
          schema.getTypes().stream()
              .filter(s -> s.getType() != Schema.Type.NULL)
              .findFirst()
              .orElseThrow();
      return read(field, nonNull, value);
    }
    if (value.isNull()) {
      throw new EventFormatException(field, "must not be null");
    }
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal decimal) {
      return readDecimal(field, decimal, value);
    }
    if (logical instanceof LogicalTypes.Date) {
      return readDate(field, value);
    }
    if (logical instanceof LogicalTypes.TimestampMillis) {
      return readTimestamp(field, value);
    }
    switch (schema.getType()) {
      case STRING:
        if (!value.isTextual()) {
          throw mistyped(field, "a string", value);
        }
        return value.textValue();
      case INT:
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
          throw mistyped(field, "an integer (32 bit)", value);
        }
        return value.intValue();
      case LONG:
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
          throw mistyped(field, "an integer (64 bit)", value);
        }
        return value.longValue();
      case BOOLEAN:
        if (!value.isBoolean()) {
          throw mistyped(field, "true or false", value);
        }
        return value.booleanValue();
      case ENUM:
        if (!value.isTextual()) {
          throw mistyped(field, "one of " + schema.getEnumSymbols(), value);
        }
        if (!schema.hasEnumSymbol(value.textValue())) {
          throw new EventFormatException(
              field,
              "unknown symbol '"
                  + value.textValue()
                  + "' (expected one of "
                  + schema.getEnumSymbols()
                  + ")");
        }
        return SpecificData.get().createEnum(value.textValue(), schema);
      case ARRAY:
        if (!value.isArray()) {
          throw mistyped(field, "an array", value);
        }
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
          items.add(read(field + "[" + i + "]", schema.getElementType(), value.get(i)));
        }
        return items;
      default:
        throw new IllegalStateException(
            "field " + field + " has a schema type EventJson does not handle: " + schema);
    }
  }

  private static BigDecimal readDecimal(
      String field, LogicalTypes.Decimal decimal, JsonNode value) {
    String text;
    if (value.isTextual()) {
      text = value.textValue().strip();
    } else if (value.isNumber()) {
      // A DecimalNode keeps the exact text; a DoubleNode (a parser without
      // USE_BIG_DECIMAL_FOR_FLOATS) gives the shortest text that reads back as the same double.
      text = value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
    } else {
      throw mistyped(field, "a decimal number as a string such as \"0.25\"", value);
    }
    BigDecimal number;
    try {
      number = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new EventFormatException(field, "'" + text + "' is not a decimal number");
    }
    BigDecimal scaled;
    try {
      scaled = number.setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new EventFormatException(
          field,
          text + " has more than " + decimal.getScale() + " decimal places (would need rounding)");
    }
    if (scaled.precision() > decimal.getPrecision()) {
      throw new EventFormatException(
          field,
          text
              + " has more than "
              + decimal.getPrecision()
              + " digits (decimal("
              + decimal.getPrecision()
              + ","
              + decimal.getScale()
              + "))");
    }
    return scaled;
  }

  private static LocalDate readDate(String field, JsonNode value) {
    if (!value.isTextual()) {
      throw mistyped(field, "a date YYYY-MM-DD", value);
    }
    try {
      return LocalDate.parse(value.textValue(), DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      throw new EventFormatException(field, "'" + value.textValue() + "' is not a date YYYY-MM-DD");
    }
  }

  private static Instant readTimestamp(String field, JsonNode value) {
    Instant instant;
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      instant = Instant.ofEpochMilli(value.longValue());
    } else if (value.isTextual()) {
      try {
        instant = OffsetDateTime.parse(value.textValue()).toInstant();
      } catch (DateTimeException e) {
        throw new EventFormatException(
            field,
            "'"
                + value.textValue()
                + "' is not an ISO-8601 timestamp with offset (e.g. 2026-01-15T09:30:00Z)");
      }
    } else {
      throw mistyped(field, "an ISO-8601 timestamp or epoch milliseconds", value);
    }
    if (instant.getNano() % 1_000_000 != 0) {
      throw new EventFormatException(
          field, "'" + value.asText() + "' is more precise than milliseconds");
    }
    return instant;
  }

  /**
   * Every field of {@code record}, in schema order, without an {@code "event"} member: a row of the
   * replay document or of the query API.
   */
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

  /**
   * The JSON form of one Avro value: decimals as strings keeping their scale ({@code "31500.00"}),
   * dates and timestamps as ISO-8601 strings, enums by name, records as objects in schema order,
   * maps as objects sorted by key. Exact by construction: no value ever passes through a floating
   * point, so a float or double is refused rather than rounded (no demandflow schema has one).
   */
  public static JsonNode value(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof BigDecimal decimal) {
      return NODES.textNode(decimal.toPlainString());
    }
    if (value instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof Boolean flag) {
      return NODES.booleanNode(flag);
    }
    if (value instanceof Float || value instanceof Double) {
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
    // Strings, enums (by name), LocalDate (YYYY-MM-DD) and Instant (ISO-8601 in UTC, the form
    // of DateTimeFormatter.ISO_INSTANT): their toString() is the JSON form.
    return NODES.textNode(value.toString());
  }

  private static EventFormatException mistyped(String field, String expected, JsonNode value) {
    return new EventFormatException(field, "expected " + expected + ", got " + describe(value));
  }

  private static String describe(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    String text = value.toString();
    if (text.length() > 60) {
      text = text.substring(0, 57) + "...";
    }
    return value.getNodeType().name().toLowerCase(Locale.ROOT) + " " + text;
  }

  private static String fieldNames(Schema schema) {
    return String.join(", ", schema.getFields().stream().map(Schema.Field::name).toList());
  }

  /** Field names of every input event, for documentation and CSV headers. */
  public static Map<EventType, List<String>> fieldNamesByType() {
    Map<EventType, List<String>> names = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      names.put(type, type.schema().getFields().stream().map(Schema.Field::name).toList());
    }
    return names;
  }
}
