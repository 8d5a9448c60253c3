package io.demandflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demandflow.commands.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every example scenario under {@code examples/} ({@code NAME.jsonl} with {@code
 * NAME.expected.json}) replayed through {@code demandflow replay} in this JVM, on an embedded
 * broker of its own, against its expected document; plus the story each one is there to tell.
 *
 * <p>After an intended change, regenerate the expected documents and review their diff:
 *
 * <pre>./mvnw -B -q -pl modules/cli test -Dtest=ExampleScenariosIT \
 *     -Ddemandflow.golden.update=true</pre>
 */
class ExampleScenariosIT {

  private static final Path EXAMPLES = Path.of("../../examples");

  static Stream<String> examples() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".jsonl"))
          .sorted()
          .forEach(n -> names.add(n.substring(0, n.length() - ".jsonl".length())));
    }
    assertThat(names).contains("china-licensing", "amendments-stress", "signals-shortage");
    return names.stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void shouldReplayToTheExpectedDocumentWhenAnExampleIsReplayed(String name) throws Exception {
    // Given an example scenario
    Path scenario = EXAMPLES.resolve(name + ".jsonl");
    Path expected = EXAMPLES.resolve(name + ".expected.json");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = DemandflowCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    // When it is replayed
    int exitCode = cli.execute("replay", scenario.toString());

    // Then the document is the expected one
    assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.OK);
    if (Boolean.getBoolean("demandflow.golden.update")) {
      Files.writeString(expected, out.toString(), StandardCharsets.UTF_8);
    }
    assertThat(out.toString()).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
    assertStory(name, new ObjectMapper().readTree(out.toString()));
  }

  /** What each example is there to show, spelled out so a regenerated file cannot lose it. */
  private static void assertStory(String name, JsonNode document) {
    switch (name) {
      case "signals-shortage" ->
          assertThat(document.get("signals").findValuesAsText("kind"))
              .containsExactly("INCREASE", "UPDATE", "RESOLVED");
      case "china-licensing" -> {
        assertThat(document.get("allocations").findValuesAsText("reason"))
            .contains(
                "IMPORT_NOT_APPROVED",
                "NO_EXPORT_LICENSE",
                "US_DEMAND_RESERVED",
                "US_PRIORITY_PREEMPTION",
                "ORDER_CHANGED");
        assertThat(document.get("revenueShare").get(0).get("shareAmount").asText())
            .isEqualTo("31500000.00");
        assertThat(document.get("deadLetters").asInt()).isEqualTo(2);
      }
      case "amendments-stress" -> assertThat(document.get("regionDemand").size()).isGreaterThan(10);
      default -> {
        // A new example needs only its expected document.
      }
    }
  }
}
