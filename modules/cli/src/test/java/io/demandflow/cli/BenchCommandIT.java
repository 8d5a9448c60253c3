package io.demandflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demandflow.commands.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench} end to end with tiny sizes, on its own embedded broker as users run it. Speed is
 * not asserted (the figures are the benchmark's output, not a test's): only that every part ran and
 * reported.
 */
class BenchCommandIT {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void shouldPrintHeadlineLastAndWriteJsonWhenRunWithTinySizes() throws Exception {
    // Given tiny sizes for every part of the benchmark
    Path json = dir.resolve("bench.json");

    // When the benchmark runs
    int exitCode =
        run(
            "bench",
            "--events",
            "2000",
            "--rounds",
            "1",
            "--warmup-rounds",
            "1",
            "--latency-rate",
            "500",
            "--latency-duration",
            "PT6S",
            "--latency-warmup",
            "PT1S",
            "--growth-sizes",
            "1000",
            "--growth-batch",
            "500",
            "--stream-threads",
            "2",
            "--ledger-open-orders",
            "300",
            "--ledger-requests",
            "200",
            "--json",
            json.toString());

    // Then the last line printed is the headline, with a ratio of two decimals
    assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.OK);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(lines.size() - 1))
        .matches("pipeline/baseline throughput ratio: \\d+\\.\\d\\d");
    // And each variant ran one warm-up round first, reported but not counted
    assertThat(err.toString().lines().filter(line -> line.startsWith("warm-up 1/1"))).hasSize(3);
    // And the JSON names the machine and holds every measurement
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.at("/machine/cores").asInt()).isPositive();
    assertThat(report.at("/machine/kafkaVersion").asText()).isEqualTo("4.4.0");
    assertThat(report.at("/settings/warmupRounds").asInt()).isEqualTo(1);
    assertThat(report.at("/settings/streamThreads").asInt()).isEqualTo(2);
    assertThat(lines.get(0)).contains("2 stream thread(s)");
    for (String variant : List.of("baseline", "pipeline-eos", "pipeline-alos")) {
      assertThat(report.at("/throughput/" + variant + "/rounds")).hasSize(1);
      assertThat(report.at("/throughput/" + variant + "/rounds/0/records").asLong())
          .isEqualTo(2000);
      assertThat(report.at("/throughput/" + variant + "/recordsPerSecond/median").asDouble())
          .isPositive();
    }
    // And the pipeline's rounds count what each input record cost in internal-topic traffic
    assertThat(report.at("/throughput/pipeline-eos/internalOffsetsPerRecord/median").asDouble())
        .isGreaterThan(1.0);
    assertThat(report.at("/throughput/baseline/internalOffsetsPerRecord").isMissingNode()).isTrue();
    assertThat(report.at("/ratios/pipelineToBaseline").asDouble()).isPositive();
    assertThat(report.at("/ratios/exactlyOnceToAtLeastOnce").asDouble()).isPositive();
    assertThat(report.at("/latency/outputs").asLong()).isPositive();
    assertThat(report.at("/latency/p99Ms").asDouble())
        .isGreaterThanOrEqualTo(report.at("/latency/p50Ms").asDouble());
    assertThat(report.at("/growth")).hasSize(1);
    assertThat(report.at("/growth/0/openOrders").asInt()).isEqualTo(1000);
    assertThat(report.at("/growth/0/records").asLong()).isEqualTo(500);
    assertThat(report.at("/growth/0/internalOffsets").asLong()).isPositive();
    // And the ledger's input records per source event are counted next to the internal ones
    double ledgerPerRecord =
        report.at("/throughput/pipeline-eos/ledgerOffsetsPerRecord/median").asDouble();
    assertThat(ledgerPerRecord).isPositive();
    assertThat(ledgerPerRecord)
        .isLessThan(
            report.at("/throughput/pipeline-eos/internalOffsetsPerRecord/median").asDouble());
    assertThat(report.at("/growth/0/ledgerOffsets").asLong()).isPositive();
    // And an instrumented round split the cost by sub-topology: every sub-topology listed, the
    // order book and the ledger among them, with CPU charged to them and what they wrote
    JsonNode subtopologies = report.at("/bySubtopology/subtopologies");
    assertThat(subtopologies.size()).isGreaterThan(5);
    assertThat(subtopologies.findValuesAsText("name"))
        .anyMatch(name -> name.contains("process-order-book"))
        .anyMatch(name -> name.contains("process-allocation-ledger"));
    double chargedCpu = 0;
    double charged = 0;
    for (JsonNode row : subtopologies) {
      chargedCpu += row.get("streamThreadSecondsPerMillionRecords").asDouble();
      charged += row.get("internalOffsetsPerRecord").asDouble();
    }
    assertThat(chargedCpu).isPositive();
    // Each internal topic belongs to one sub-topology: the split adds up to the whole round's
    // internal records up to the attribution round's own variation (another round, same input).
    assertThat(charged)
        .isCloseTo(
            report.at("/throughput/pipeline-eos/internalOffsetsPerRecord/median").asDouble(),
            org.assertj.core.data.Percentage.withPercentage(25));
    assertThat(lines).anyMatch(line -> line.startsWith("exactly_once_v2 by sub-topology"));
    // And by internal topic, the hops: each written topic once, adding up to the split
    JsonNode hops = report.at("/bySubtopology/internalTopics");
    assertThat(hops.findValuesAsText("topic"))
        .contains("order-book-repartition", "orders-store-changelog")
        .doesNotHaveDuplicates();
    double hopsTotal = 0;
    for (JsonNode hop : hops) {
      hopsTotal += hop.get("internalOffsetsPerRecord").asDouble();
    }
    assertThat(hopsTotal).isCloseTo(charged, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(lines).anyMatch(line -> line.startsWith("exactly_once_v2 by internal topic"));
    // And the ledger alone decided every timed request, in both phases, on the pre-loaded state
    assertThat(report.at("/ledger/openOrders").asInt()).isEqualTo(300);
    assertThat(report.at("/ledger/phases/requests-only/inputs").asLong()).isEqualTo(200);
    assertThat(report.at("/ledger/phases/with-order-traffic/inputs").asLong()).isEqualTo(420);
    assertThat(report.at("/ledger/phases/with-order-traffic/requestsPerSecond").asDouble())
        .isPositive();
    // A cut per order change: twice as many decisions as requests in that phase
    assertThat(report.at("/ledger/phases/with-order-traffic/decisions").asLong()).isEqualTo(400);
    assertThat(report.at("/ledger/phases/with-order-traffic/decisionsPerSecond").asDouble())
        .isCloseTo(
            2 * report.at("/ledger/phases/with-order-traffic/requestsPerSecond").asDouble(),
            org.assertj.core.data.Percentage.withPercentage(0.01));
    assertThat(lines)
        .anyMatch(
            line ->
                line.matches(
                    "ledger: [\\d,]+ requests/s decided on one thread \\([\\d,]+ decisions/s;"
                        + " exactly_once_v2, 300 open orders in state, .*\\); target 20,000"));
  }

  @Test
  void shouldRunOnlyThePartsAsked() throws Exception {
    // Given only the ledger part asked, with tiny sizes
    Path json = dir.resolve("ledger.json");

    // When the benchmark runs
    int exitCode =
        run(
            "bench",
            "--parts",
            "ledger",
            "-D",
            "producer.linger.ms=20",
            "--ledger-open-orders",
            "200",
            "--ledger-requests",
            "100",
            "--json",
            json.toString());

    // Then only the ledger ran: its headline is the last line, nothing of the other parts is there
    assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.OK);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(lines.size() - 1)).startsWith("ledger: ");
    assertThat(lines).noneMatch(line -> line.startsWith("pipeline/baseline throughput ratio"));
    assertThat(err.toString()).doesNotContain("pre-producing").doesNotContain("latency:");
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.at("/ledger/phases/requests-only/inputs").asLong()).isEqualTo(100);
    assertThat(report.at("/throughput").size()).isZero();
    assertThat(report.at("/latency").isMissingNode()).isTrue();
    assertThat(report.at("/growth").size()).isZero();
    // And the pipeline setting given is recorded with the figures
    assertThat(report.at("/settings/pipelineSettings/producer.linger.ms").asText()).isEqualTo("20");
    assertThat(lines).contains("pipeline settings: {producer.linger.ms=20}");
  }

  @Test
  void shouldRefuseWhenNoStreamThreadIsAsked() {
    // When
    int exitCode = run("bench", "--stream-threads", "0");

    // Then
    assertThat(exitCode).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).contains("streamThreads must be positive, was 0");
  }

  @Test
  void shouldRefuseWhenLatencyRunIsNoLongerThanItsWarmup() {
    // Given a latency run that would count nothing
    // When the benchmark is asked for it
    int exitCode = run("bench", "--latency-duration", "PT5S", "--latency-warmup", "PT5S");

    // Then it fails with a clear message before starting anything
    assertThat(exitCode).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).contains("must be longer than the warm-up");
  }

  private int run(String... args) {
    CommandLine cli = DemandflowCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
