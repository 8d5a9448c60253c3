package io.demandflow.ingest.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demandflow.events.Order;
import io.demandflow.ingest.EventType;
import io.demandflow.ingest.IngestFixtures;
import io.demandflow.testkit.OrderFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioReaderTest {

  @TempDir Path dir;

  @Test
  void shouldReadBackEventsAndBarriersWhenWrittenByTheScenarioWriter() {
    // Given
    Path file = dir.resolve("all.jsonl");
    List<ScenarioLine> written = new ArrayList<>();
    int line = 0;
    for (SpecificRecord event : IngestFixtures.oneOfEach()) {
      written.add(new ScenarioEvent(++line, EventType.of(event), event));
    }
    written.add(new ScenarioBarrier(++line));
    ScenarioWriter.write(file, written);

    // When
    List<ScenarioLine> read = ScenarioReader.read(file);

    // Then
    assertThat(read).isEqualTo(written);
  }

  @Test
  void shouldSkipBlankAndCommentLinesButCountThemWhenNumberingLines() throws Exception {
    // Given
    Order order = OrderFixtures.order("O-1", 1).build();
    Path file =
        write(
            "# a scenario",
            "",
            "// US orders first",
            ScenarioWriter.toLine(order),
            "  {\"event\":\"barrier\"}");

    // When
    List<ScenarioLine> read = ScenarioReader.read(file);

    // Then
    assertThat(read)
        .containsExactly(new ScenarioEvent(4, EventType.ORDER, order), new ScenarioBarrier(5));
  }

  @Test
  void shouldKeepEventsThatBreakR8WhenReading() throws Exception {
    // Given: quantity 0 on a PLACED order is invalid by R8, but decodes
    Order invalid = OrderFixtures.order("O-1", 1).setQuantity(0).build();
    Path file = write(ScenarioWriter.toLine(invalid));

    // When / Then
    assertThat(ScenarioReader.read(file))
        .containsExactly(new ScenarioEvent(1, EventType.ORDER, invalid));
  }

  @Test
  void shouldReportFileAndLineWhenALineIsNotJson() throws Exception {
    // Given
    Path file = write(ScenarioWriter.toLine(IngestFixtures.supply()), "{\"event\":\"order\",");

    // When / Then
    assertThatThrownBy(() -> ScenarioReader.read(file))
        .isInstanceOfSatisfying(
            ScenarioFormatException.class, e -> assertThat(e.lineNumber()).isEqualTo(2))
        .hasMessageStartingWith(file + ":2: not a JSON object");
  }

  @Test
  void shouldReportTheMissingOrUnknownEventWhenTheTypeIsWrong() throws Exception {
    // Given
    Path missing = write("{\"orderId\":\"O-1\"}");
    Path unknown = write("{\"event\":\"invoice\"}");

    // When / Then
    assertThatThrownBy(() -> ScenarioReader.read(missing))
        .hasMessageStartingWith(missing + ":1: missing \"event\"");
    assertThatThrownBy(() -> ScenarioReader.read(unknown))
        .hasMessage(
            unknown
                + ":1: unknown event type 'invoice' (expected one of order, allocation, supply,"
                + " license, policy)");
  }

  @Test
  void shouldReportTheFieldAndLineWhenAnEventFieldIsWrong() throws Exception {
    // Given
    String bad = ScenarioWriter.toLine(IngestFixtures.supply()).replace("\"units\":12000", "");
    Path file = write("", bad.replace(",,", ","));

    // When / Then
    assertThatThrownBy(() -> ScenarioReader.read(file))
        .hasMessage(file + ":2: units: missing field");
  }

  private Path write(String... lines) throws Exception {
    Path file = Files.createTempFile(dir, "scenario", ".jsonl");
    Files.write(file, List.of(lines));
    return file;
  }
}
