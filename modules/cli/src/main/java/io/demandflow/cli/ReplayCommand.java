package io.demandflow.cli;

import io.demandflow.commands.ConnectionOptions;
import io.demandflow.commands.ExitCodes;
import io.demandflow.ingest.scenario.ScenarioLine;
import io.demandflow.ingest.scenario.ScenarioReader;
import io.demandflow.replay.ScenarioReplay;
import io.demandflow.replay.SegmentEndListener;
import io.demandflow.replay.StateSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code demandflow replay FILE}: a scenario through the real pipeline, deterministically. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    // Wide enough that the example lines of the footer print whole, ready to copy.
    usageHelpWidth = 260,
    description = {
      "Runs a scenario file through the demandflow pipeline on a fresh embedded Kafka broker and",
      "schema registry and writes the final state as one JSON document (the same document as",
      "`snapshot`). The same scenario gives a byte-identical document every time.",
      "The document goes to standard output (or --out); logs go to standard error.",
      "--config and -D set pipeline settings (rules, Streams tuning); the broker is always a",
      "fresh embedded one, every topic has one partition and processing is exactly-once."
    },
    footerHeading = "%nScenario format%n",
    footer = {
      "JSON Lines, UTF-8: one event per line, an object whose \"event\" is order, allocation,",
      "supply, license or policy, with the fields of the event by name (dates YYYY-MM-DD,",
      "timestamps ISO-8601 or epoch millis, decimals as strings). Blank lines and lines starting",
      "with # or // are skipped. {\"event\":\"barrier\"} publishes nothing that follows until",
      "everything before it is fully processed. Example:",
      "",
      "  # a licensed Chinese hyperscaler, then its order",
      "  {\"event\":\"policy\",\"region\":\"CN\",\"licenseRequired\":true,\"importStatus\":\"APPROVED\","
          + "\"revenueShareRate\":\"0.2500\",\"eventTime\":\"2026-01-05T09:00:00Z\"}",
      "  {\"event\":\"barrier\"}",
      "  {\"event\":\"order\",\"orderId\":\"o-1\",\"revision\":1,\"customerId\":\"SKYCLOUD\","
          + "\"region\":\"CN\",\"product\":\"H200-SXM-141GB\",\"quantity\":400,"
          + "\"unitPrice\":\"31500.00\",\"requestedDate\":\"2026-03-15\",\"status\":\"PLACED\","
          + "\"eventTime\":\"2026-01-10T10:00:00Z\",\"source\":\"erp-cn\"}",
      "",
      "A line that cannot be read (not JSON, unknown event, a missing or mistyped field) stops",
      "the replay before anything runs, with <file>:<line>: <problem> and exit code 1. An event",
      "that reads but breaks the rules (say quantity -5) is published and ends in the dead-letter",
      "topic, counted in deadLetters.",
      "",
      "Exit codes: 0 done, 1 failed (unreadable scenario, pipeline error, barrier timeout),",
      "2 wrong usage."
    })
final class ReplayCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", paramLabel = "FILE", description = "The scenario (JSON Lines).")
  Path scenario;

  @Option(
      names = "--out",
      paramLabel = "OUT",
      description = "Write the document to this file instead of standard output.")
  Path out;

  @Option(
      names = "--barrier-timeout",
      paramLabel = "DURATION",
      defaultValue = "PT2M",
      description =
          "How long one barrier may wait for the pipeline to catch up (default: ${DEFAULT-VALUE}).")
  Duration barrierTimeout;

  @Override
  public Integer call() throws Exception {
    // Read the whole file first: a malformed line stops the replay before anything starts.
    List<ScenarioLine> lines = ScenarioReader.read(scenario);
    ScenarioReplay replay =
        new ScenarioReplay(
            connection.resolve(System.getenv(), ScenarioReplay.DEFAULTS),
            barrierTimeout,
            List.of(new SegmentEndListener(barrierTimeout)));
    StateSnapshot.write(replay.run(lines), out, spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
