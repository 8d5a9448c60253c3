package io.demandflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.commands.ExitCodes;
import io.demandflow.ingest.scenario.ScenarioEvent;
import io.demandflow.ingest.scenario.ScenarioLine;
import io.demandflow.ingest.scenario.ScenarioReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code replay}: each replay runs on an embedded broker of its own, as users run it. */
class ReplayCommandIT {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void shouldPrintExpectedDocumentWhenReplayingScenario() throws Exception {
    // Given a scenario with amendments, a cancellation, a stale revision and an R8 violation
    Path scenario = resource("replay/small-scenario.jsonl");

    // When it is replayed to standard output
    int exitCode = run("replay", scenario.toString());

    // Then the document is exactly the expected one
    assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .isEqualTo(Files.readString(resource("replay/small-scenario.expected.json")));
  }

  @Test
  void shouldWriteByteIdenticalDocumentsWhenSameScenarioIsReplayedThreeTimes() throws Exception {
    // Given a scenario
    Path scenario = resource("replay/small-scenario.jsonl");

    // When it is replayed three times, each time to a file
    List<byte[]> documents = new ArrayList<>();
    for (int run = 1; run <= 3; run++) {
      Path document = dir.resolve("state-" + run + ".json");
      assertThat(run("replay", scenario.toString(), "--out", document.toString()))
          .as(err.toString())
          .isEqualTo(ExitCodes.OK);
      documents.add(Files.readAllBytes(document));
    }

    // Then the three documents are byte for byte the same, and nothing went to standard output
    assertThat(documents.get(1)).isEqualTo(documents.get(0));
    assertThat(documents.get(2)).isEqualTo(documents.get(0));
    assertThat(documents.get(0))
        .isEqualTo(Files.readAllBytes(resource("replay/small-scenario.expected.json")));
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void shouldStopBeforeStartingAnythingWhenLineIsMalformed() throws Exception {
    // Given a scenario whose fourth line has a quantity that is not a number
    Path scenario = resource("replay/malformed-scenario.jsonl");
    Path document = dir.resolve("state.json");

    // When it is replayed
    int exitCode = run("replay", scenario.toString(), "--out", document.toString());

    // Then it fails naming file and line; the whole file is read before a broker is started, so
    // nothing ran: no document, nothing on standard output
    assertThat(exitCode).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).startsWith("error: " + scenario + ":4: ").contains("quantity");
    assertThat(document).doesNotExist();
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void shouldDocumentScenarioFormatWithReadableExampleWhenHelpIsAsked() {
    // When
    int exitCode = run("replay", "--help");

    // Then the help explains barriers and its example lines are a valid scenario
    assertThat(exitCode).isEqualTo(ExitCodes.OK);
    String help = out.toString();
    assertThat(help).contains("{\"event\":\"barrier\"}").contains("# or //");
    List<ScenarioLine> example = new ArrayList<>();
    int lineNumber = 0;
    for (String line : help.lines().map(String::strip).toList()) {
      if (line.startsWith("{")) {
        example.add(ScenarioReader.parse(Path.of("help"), ++lineNumber, line));
      }
    }
    assertThat(example).hasSize(3);
    assertThat(example).filteredOn(ScenarioEvent.class::isInstance).hasSize(2);
  }

  @Test
  void shouldReadEveryExampleLineWhenTheDocsShowTheScenarioFormat() throws Exception {
    // Given the documented example lines of the scenario format (one per event type and a barrier)
    Path readme = Path.of("../../docs/replay.md");
    List<String> examples =
        Files.readAllLines(readme).stream().filter(l -> l.startsWith("{\"event\":")).toList();

    // When each is read as a scenario line
    List<ScenarioLine> lines = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      lines.add(ScenarioReader.parse(readme, i + 1, examples.get(i)));
    }

    // Then all five event types and a barrier are there
    assertThat(lines)
        .filteredOn(ScenarioEvent.class::isInstance)
        .extracting(line -> ((ScenarioEvent) line).type().typeName())
        .containsExactly("order", "allocation", "supply", "license", "policy");
    assertThat(lines).hasSize(6);
  }

  private int run(String... args) {
    CommandLine cli = DemandflowCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ReplayCommandIT.class.getClassLoader().getResource(name).toURI());
  }
}
