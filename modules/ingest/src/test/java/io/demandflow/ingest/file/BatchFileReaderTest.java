package io.demandflow.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demandflow.events.ExportLicense;
import io.demandflow.events.Order;
import io.demandflow.ingest.EventType;
import io.demandflow.ingest.IngestFixtures;
import io.demandflow.ingest.scenario.ScenarioWriter;
import io.demandflow.testkit.OrderFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchFileReaderTest {

  @TempDir Path dir;

  @Test
  void shouldReadEveryEventBackWhenWrittenAsCsv() throws Exception {
    // Given: licenses exercise lists, nulls and dates
    ExportLicense capped = IngestFixtures.license();
    ExportLicense open = IngestFixtures.openLicense();
    Path file =
        write(
            "licenses.csv",
            BatchFileWriter.csvHeader(EventType.LICENSE),
            BatchFileWriter.csvLine(capped),
            BatchFileWriter.csvLine(open));

    // When
    List<BatchLine> lines = BatchFileReader.readAll(file, BatchFormat.CSV, EventType.LICENSE);

    // Then
    assertThat(lines).extracting(BatchLine::event).containsExactly(capped, open);
    assertThat(lines).extracting(BatchLine::lineNumber).containsExactly(2, 3);
  }

  @Test
  void shouldAcceptColumnsInAnyOrderAndQuotedCellsWhenReadingCsv() throws Exception {
    // Given
    Path file =
        write(
            "orders.csv",
            "status,orderId,revision,customerId,region,product,quantity,unitPrice,requestedDate,"
                + "eventTime,source",
            "PLACED,O-1,1,\"Acme, Inc.\",US,H200-SXM-141GB,10,30000.00,2026-03-15,"
                + "1768039200000,erp-1");

    // When
    List<BatchLine> lines = BatchFileReader.readAll(file, BatchFormat.CSV, EventType.ORDER);

    // Then
    assertThat(lines).singleElement().satisfies(line -> assertThat(line.isValid()).isTrue());
    assertThat(((Order) lines.get(0).event()).getCustomerId()).isEqualTo("Acme, Inc.");
  }

  @Test
  void shouldRejectEachBadLineWithItsReasonWhenTheRestIsValid() throws Exception {
    // Given: a mistyped quantity, an R8 violation, a short line, a good one
    Order good = OrderFixtures.order("O-4", 1).build();
    Path file =
        write(
            "orders.csv",
            BatchFileWriter.csvHeader(EventType.ORDER),
            BatchFileWriter.csvLine(OrderFixtures.order("O-1", 1).build()).replace(",10,", ",x,"),
            BatchFileWriter.csvLine(OrderFixtures.order("O-2", 1).setRegion("usa").build()),
            "O-3,1,ACME",
            BatchFileWriter.csvLine(good));

    // When
    List<BatchLine> lines = BatchFileReader.readAll(file, BatchFormat.CSV, EventType.ORDER);

    // Then
    assertThat(lines).extracting(BatchLine::lineNumber).containsExactly(2, 3, 4, 5);
    assertThat(lines.get(0).problem()).startsWith("quantity: expected an integer");
    assertThat(lines.get(1).problem()).startsWith("region: must be an ISO 3166-1 alpha-2 code");
    assertThat(lines.get(2).problem()).isEqualTo("has 3 cells, the header 11");
    assertThat(lines.get(3).event()).isEqualTo(good);
  }

  @Test
  void shouldFailTheFileWhenTheHeaderHasAnUnknownOrMissingColumn() throws Exception {
    // Given
    Path unknown = write("a.csv", BatchFileWriter.csvHeader(EventType.SUPPLY) + ",colour");
    Path missing = write("b.csv", "product,period");

    // When / Then
    assertThatThrownBy(() -> BatchFileReader.readAll(unknown, BatchFormat.CSV, EventType.SUPPLY))
        .isInstanceOf(BatchFormatException.class)
        .hasMessageContaining("unknown column 'colour'");
    assertThatThrownBy(() -> BatchFileReader.readAll(missing, BatchFormat.CSV, EventType.SUPPLY))
        .isInstanceOf(BatchFormatException.class)
        .hasMessageContaining("missing column(s) [units, eventTime, source]");
  }

  @Test
  void shouldRejectALineWhenItsEventMemberNamesAnotherType() throws Exception {
    // Given: a JSON Lines file of supply, with an order line and one without "event"
    String supplyWithoutEvent =
        ScenarioWriter.toLine(IngestFixtures.supply()).replace("\"event\":\"supply\",", "");
    Path file =
        write(
            "supply.jsonl",
            supplyWithoutEvent,
            ScenarioWriter.toLine(OrderFixtures.order("O-1", 1).build()));

    // When
    List<BatchLine> lines = BatchFileReader.readAll(file, BatchFormat.JSONL, EventType.SUPPLY);

    // Then
    assertThat(lines.get(0).event()).isEqualTo(IngestFixtures.supply());
    assertThat(lines.get(1).problem()).isEqualTo("event: is \"order\" in a file of supply events");
  }

  @Test
  void shouldTellTheFormatWhenTheExtensionIsKnown() {
    // Given / When / Then
    assertThat(BatchFormat.fromFileName(Path.of("x/orders.CSV"))).isEqualTo(BatchFormat.CSV);
    assertThat(BatchFormat.fromFileName(Path.of("orders.json"))).isEqualTo(BatchFormat.JSONL);
    assertThatThrownBy(() -> BatchFormat.fromFileName(Path.of("orders.txt")))
        .hasMessageContaining("--format");
  }

  private Path write(String name, String... lines) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, List.of(lines));
    return file;
  }
}
