package io.demandflow.ingest.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demandflow.ingest.EventType;
import io.demandflow.ingest.json.EventFormatException;
import io.demandflow.ingest.json.EventJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a scenario file (SPEC §4): JSON Lines, UTF-8, one event or barrier per line.
 *
 * <p>Blank lines and comment lines (starting with {@code #} or {@code //}, after leading spaces)
 * are skipped, so scenarios can explain themselves; line numbers still count them. Events are
 * decoded by {@link EventJson} but deliberately not checked against the R8 rules: a scenario may
 * carry invalid events on purpose, to show them reaching the dead-letter topic.
 */
public final class ScenarioReader {

  private static final ObjectMapper MAPPER = EventJson.newObjectMapper();

  private ScenarioReader() {}

  /**
   * Every event and barrier of {@code file}, in file order.
   *
   * @throws ScenarioFormatException {@code <file>:<line>: <what is wrong>} at the first bad line
   * @throws UncheckedIOException when the file cannot be read
   */
  public static List<ScenarioLine> read(Path file) {
    List<ScenarioLine> lines = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int lineNumber = 0;
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        lineNumber++;
        if (!isSkipped(text)) {
          lines.add(parse(file, lineNumber, text));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scenario " + file + ": " + e.getMessage(), e);
    }
    return List.copyOf(lines);
  }

  /** Whether a line carries nothing: blank, or a {@code #} or {@code //} comment. */
  public static boolean isSkipped(String line) {
    String trimmed = line.strip();
    return trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("//");
  }

  /**
   * One line of a scenario (not a skipped one).
   *
   * @throws ScenarioFormatException when it is not an event or a barrier
   */
  public static ScenarioLine parse(Path file, int lineNumber, String text) {
    JsonNode json;
    try {
      json = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ScenarioFormatException(
          file, lineNumber, "not a JSON object: " + e.getOriginalMessage(), e);
    }
    if (json == null || !json.isObject()) {
      throw new ScenarioFormatException(file, lineNumber, "not a JSON object", null);
    }
    JsonNode name = json.get(EventJson.EVENT_MEMBER);
    if (name == null || !name.isTextual()) {
      throw new ScenarioFormatException(
          file,
          lineNumber,
          "missing \"event\" (one of "
              + EventType.names()
              + ", "
              + ScenarioBarrier.EVENT_NAME
              + ")",
          null);
    }
    if (name.textValue().equals(ScenarioBarrier.EVENT_NAME)) {
      if (json.size() != 1) {
        throw new ScenarioFormatException(
            file, lineNumber, "a barrier has no other members: " + text.strip(), null);
      }
      return new ScenarioBarrier(lineNumber);
    }
    try {
      EventType type = EventType.fromName(name.textValue());
      return new ScenarioEvent(lineNumber, type, EventJson.fromJson(type, json));
    } catch (IllegalArgumentException | EventFormatException e) {
      throw new ScenarioFormatException(file, lineNumber, e.getMessage(), e);
    }
  }
}
