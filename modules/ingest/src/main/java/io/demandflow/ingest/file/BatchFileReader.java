package io.demandflow.ingest.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.domain.validation.EventValidator;
import io.demandflow.domain.validation.Violation;
import io.demandflow.ingest.EventType;
import io.demandflow.ingest.json.EventFormatException;
import io.demandflow.ingest.json.EventJson;
import io.demandflow.ingest.scenario.ScenarioReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads a batch file of one event type, line by line, and judges every data line: it must decode
 * ({@link EventJson}, strict) and keep the R8 rules ({@link EventValidator}). Nothing is dropped
 * silently: each line comes out either valid or with its problem.
 *
 * <p>CSV: UTF-8, a header row naming SPEC fields (any order; fields with a default such as {@code
 * products}, {@code maxUnits}, {@code validUntil} may be left out), fields separated by {@code ,},
 * RFC 4180 double quotes around cells holding {@code ,} or {@code "} (a cell cannot span lines).
 * {@code products} is a {@code ;}-separated list; an empty cell is null for nullable fields and the
 * empty list for {@code products}; timestamps are ISO-8601 or epoch milliseconds.
 *
 * <p>JSON Lines: one object per line with SPEC field names; {@code "event"} may be left out, but
 * when present must name the file's type. In both formats blank lines and lines starting with
 * {@code #} or {@code //} are skipped.
 */
public final class BatchFileReader {

  private static final ObjectMapper MAPPER = EventJson.newObjectMapper();
  private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

  private BatchFileReader() {}

  /**
   * Reads {@code file} and hands each data line, judged, to {@code sink}, in file order.
   *
   * @throws BatchFormatException when the file as a whole cannot be read (CSV header wrong)
   * @throws UncheckedIOException when the file cannot be read
   */
  public static void read(Path file, BatchFormat format, EventType type, Consumer<BatchLine> sink) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      LineJudge judge = format == BatchFormat.CSV ? null : new JsonLineJudge(type);
      int lineNumber = 0;
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        lineNumber++;
        if (ScenarioReader.isSkipped(text)) {
          continue;
        }
        if (judge == null) {
          judge = new CsvLineJudge(file, type, text);
          continue;
        }
        sink.accept(judge.judge(lineNumber, text));
      }
      if (judge == null) {
        throw new BatchFormatException(file + ": empty; a CSV file starts with a header row");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads the whole file into a list; convenient for small files and tests. */
  public static List<BatchLine> readAll(Path file, BatchFormat format, EventType type) {
    List<BatchLine> lines = new ArrayList<>();
    read(file, format, type, lines::add);
    return lines;
  }

  private interface LineJudge {
    BatchLine judge(int lineNumber, String text);
  }

  private abstract static class EventJudge implements LineJudge {
    final EventType type;

    EventJudge(EventType type) {
      this.type = type;
    }

    abstract ObjectNode toJson(String text);

    @Override
    public BatchLine judge(int lineNumber, String text) {
      SpecificRecord event;
      try {
        event = EventJson.fromJson(type, toJson(text));
      } catch (EventFormatException e) {
        return BatchLine.rejected(lineNumber, text, e.getMessage());
      }
      List<Violation> violations = EventValidator.validate(event);
      if (!violations.isEmpty()) {
        return BatchLine.rejected(
            lineNumber,
            text,
            violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
      }
      return BatchLine.valid(lineNumber, text, event);
    }
  }

  private static final class JsonLineJudge extends EventJudge {
    JsonLineJudge(EventType type) {
      super(type);
    }

    @Override
    ObjectNode toJson(String text) {
      JsonNode json;
      try {
        json = MAPPER.readTree(text);
      } catch (JsonProcessingException e) {
        throw new EventFormatException(null, "not a JSON object: " + e.getOriginalMessage());
      }
      if (json == null || !json.isObject()) {
        throw new EventFormatException(null, "not a JSON object");
      }
      JsonNode named = json.get(EventJson.EVENT_MEMBER);
      if (named != null && !(named.isTextual() && named.textValue().equals(type.typeName()))) {
        throw new EventFormatException(
            EventJson.EVENT_MEMBER, "is " + named + " in a file of " + type + " events");
      }
      return (ObjectNode) json;
    }
  }

  private static final class CsvLineJudge extends EventJudge {
    private final List<Schema.Field> columns = new ArrayList<>();

    CsvLineJudge(Path file, EventType type, String header) {
      super(type);
      Schema schema = type.schema();
      Set<String> seen = new HashSet<>();
      for (String name : Csv.split(header)) {
        Schema.Field field = schema.getField(name.strip());
        if (field == null) {
          throw new BatchFormatException(
              file
                  + ": header: unknown column '"
                  + name.strip()
                  + "' for "
                  + type
                  + " events (columns: "
                  + BatchFileWriter.csvHeader(type)
                  + ")");
        }
        if (!seen.add(field.name())) {
          throw new BatchFormatException(file + ": header: column '" + name + "' appears twice");
        }
        columns.add(field);
      }
      List<String> missing =
          schema.getFields().stream()
              .filter(f -> !f.hasDefaultValue() && !seen.contains(f.name()))
              .map(Schema.Field::name)
              .toList();
      if (!missing.isEmpty()) {
        throw new BatchFormatException(
            file + ": header: missing column(s) " + missing + " for " + type + " events");
      }
    }

    @Override
    ObjectNode toJson(String text) {
      List<String> cells = Csv.split(text);
      if (cells.size() != columns.size()) {
        throw new EventFormatException(
            null, "has " + cells.size() + " cells, the header " + columns.size());
      }
      ObjectNode json = NODES.objectNode();
      for (int i = 0; i < cells.size(); i++) {
        Schema.Field field = columns.get(i);
        String cell = cells.get(i);
        if (!cell.isEmpty() || !field.hasDefaultValue()) {
          json.set(field.name(), cell(field.schema(), cell));
        }
      }
      return json;
    }

    /** The JSON a cell stands for, by the column's schema; EventJson then checks it. */
    private static JsonNode cell(Schema schema, String cell) {
      Schema actual = nonNull(schema);
      if (cell.isEmpty() && actual.getType() != Schema.Type.STRING) {
        return NODES.nullNode();
      }
      LogicalType logical = actual.getLogicalType();
      if (logical instanceof LogicalTypes.TimestampMillis
          && cell.chars().allMatch(Character::isDigit)) {
        return NODES.numberNode(Long.parseLong(cell));
      }
      if (logical != null) {
        return NODES.textNode(cell);
      }
      switch (actual.getType()) {
        case INT:
        case LONG:
          try {
            return NODES.numberNode(Long.parseLong(cell.strip()));
          } catch (NumberFormatException e) {
            return NODES.textNode(cell);
          }
        case BOOLEAN:
          if (cell.strip().equalsIgnoreCase("true") || cell.strip().equalsIgnoreCase("false")) {
            return NODES.booleanNode(Boolean.parseBoolean(cell.strip()));
          }
          return NODES.textNode(cell);
        case ARRAY:
          var array = NODES.arrayNode();
          Arrays.stream(cell.split(";"))
              .map(String::strip)
              .filter(s -> !s.isEmpty())
              .forEach(array::add);
          return array;
        default:
          return NODES.textNode(cell);
      }
    }

    private static Schema nonNull(Schema schema) {
      if (schema.getType() != Schema.Type.UNION) {
        return schema;
      }
      return schema.getTypes().stream()
          .filter(s -> s.getType() != Schema.Type.NULL)
          .findFirst()
          .orElseThrow();
    }
  }
}
