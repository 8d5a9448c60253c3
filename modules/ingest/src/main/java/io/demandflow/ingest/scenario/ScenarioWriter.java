package io.demandflow.ingest.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demandflow.ingest.json.EventJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes a scenario file (SPEC §4) that {@link ScenarioReader} reads back: one compact JSON object
 * per line, UTF-8, {@code "event"} first.
 */
public final class ScenarioWriter implements AutoCloseable {

  private static final ObjectMapper MAPPER = EventJson.newObjectMapper();

  private final BufferedWriter out;
  private long lines;

  private ScenarioWriter(BufferedWriter out) {
    this.out = out;
  }

  /** Creates (or replaces) {@code file}. */
  public static ScenarioWriter create(Path file) {
    try {
      return new ScenarioWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write scenario " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code lines} (events and barriers) to {@code file}. */
  public static void write(Path file, List<? extends ScenarioLine> lines) {
    try (ScenarioWriter writer = create(file)) {
      for (ScenarioLine line : lines) {
        if (line instanceof ScenarioEvent event) {
          writer.event(event.event());
        } else {
          writer.barrier();
        }
      }
    }
  }

  /** The JSON line of an event, without the line break. */
  public static String toLine(SpecificRecord event) {
    try {
      return MAPPER.writeValueAsString(EventJson.toJson(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + event.getSchema().getName(), e);
    }
  }

  public ScenarioWriter event(SpecificRecord event) {
    return line(toLine(event));
  }

  public ScenarioWriter barrier() {
    return line("{\"" + EventJson.EVENT_MEMBER + "\":\"" + ScenarioBarrier.EVENT_NAME + "\"}");
  }

  /** A {@code #} comment line (skipped by readers). */
  public ScenarioWriter comment(String text) {
    return line("# " + text.replace('\n', ' '));
  }

  /** Lines written so far. */
  public long lines() {
    return lines;
  }

  private ScenarioWriter line(String text) {
    try {
      out.write(text);
      out.newLine();
      lines++;
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write scenario line: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close scenario file: " + e.getMessage(), e);
    }
  }
}
