package io.demandflow.ingest.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.demandflow.ingest.EventType;
import io.demandflow.ingest.json.EventJson;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Writes events as batch-file lines that {@link BatchFileReader} reads back. */
public final class BatchFileWriter {

  private BatchFileWriter() {}

  /** The CSV header of an event type: its SPEC field names in schema order. */
  public static String csvHeader(EventType type) {
    return type.schema().getFields().stream()
        .map(Schema.Field::name)
        .collect(Collectors.joining(","));
  }

  /** One CSV line for {@code event}, columns as in {@link #csvHeader}. */
  public static String csvLine(SpecificRecord event) {
    JsonNode json = EventJson.toJson(event);
    List<String> cells = new ArrayList<>();
    for (Schema.Field field : event.getSchema().getFields()) {
      JsonNode value = json.get(field.name());
      String cell;
      if (value.isNull()) {
        cell = "";
      } else if (value.isArray()) {
        List<String> items = new ArrayList<>();
        value.forEach(item -> items.add(item.asText()));
        cell = String.join(";", items);
      } else {
        cell = value.asText();
      }
      cells.add(Csv.quote(cell));
    }
    return String.join(",", cells);
  }
}
