package io.demandflow.cli;

import io.demandflow.bench.BenchPart;
import io.demandflow.bench.BenchReport;
import io.demandflow.bench.BenchSettings;
import io.demandflow.bench.Benchmark;
import io.demandflow.bench.CompletionBarrier;
import io.demandflow.commands.ExitCodes;
import io.demandflow.replay.ProcessingBarrier;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demandflow bench}: throughput, latency and state-growth figures from one run. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    // Wide enough for the description lines to print as written.
    usageHelpWidth = 100,
    description = {
      "Benchmarks demandflow on a fresh embedded Kafka broker: pre-produces seeded simulator",
      "events, then in interleaved rounds measures a stateless pass-through Streams app",
      "(the baseline), the pipeline with exactly_once_v2 and with at_least_once; then latency",
      "at a fixed input rate, throughput with growing state, and the allocation ledger alone on",
      "one thread (decisions/s with many open orders in state). Prints a table (progress on",
      "standard error); the last line is `pipeline/baseline throughput ratio: X.XX`.",
      "Absolute figures vary between machines and runs: compare ratios from one run."
    },
    footer = {"", "Exit codes: 0 done, 1 failed (broker, pipeline or timeout), 2 wrong usage."})
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--events",
      defaultValue = "30000",
      description = "Simulator events for each throughput round (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Simulator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Rounds of each throughput variant (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--warmup-rounds",
      defaultValue = "1",
      description =
          "Rounds of each throughput variant run first and not counted, so that JIT compilation"
              + " is not charged to the first rounds (default: ${DEFAULT-VALUE}).")
  int warmupRounds;

  @Option(
      names = "--commit-interval-ms",
      defaultValue = "100",
      description = "commit.interval.ms of every Streams app measured (default: ${DEFAULT-VALUE}).")
  long commitIntervalMs;

  @Option(
      names = "--stream-threads",
      defaultValue = "1",
      description =
          "num.stream.threads of every Streams app measured, the baseline's too"
              + " (default: ${DEFAULT-VALUE}).")
  int streamThreads;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--latency-rate",
      defaultValue = "10000",
      description = "Input events/s of the latency run (default: ${DEFAULT-VALUE}).")
  double latencyRate;

  @Option(
      names = "--latency-duration",
      defaultValue = "PT30S",
      description = "Length of the latency run (default: ${DEFAULT-VALUE}).")
  Duration latencyDuration;

  @Option(
      names = "--latency-warmup",
      defaultValue = "PT5S",
      description = "Start of the latency run not counted (default: ${DEFAULT-VALUE}).")
  Duration latencyWarmup;

  @Option(
      names = "--growth-sizes",
      split = ",",
      defaultValue = "10000,50000",
      description = "Open orders in state for the growth runs (default: ${DEFAULT-VALUE}).")
  List<Integer> growthSizes;

  @Option(
      names = "--growth-batch",
      defaultValue = "10000",
      description = "Events timed at each growth size (default: ${DEFAULT-VALUE}).")
  int growthBatch;

  @Option(
      names = "--ledger-open-orders",
      defaultValue = "1000000",
      description =
          "Open orders, each with a grant, in the ledger's state when its decisions per second"
              + " are timed (default: ${DEFAULT-VALUE}).")
  int ledgerOpenOrders;

  @Option(
      names = "--ledger-requests",
      defaultValue = "200000",
      description =
          "New requests timed in each ledger phase: alone, then with order traffic"
              + " (default: ${DEFAULT-VALUE}).")
  int ledgerRequests;

  @Option(
      names = "--compare-commit-interval-ms",
      defaultValue = "0",
      description =
          "When positive, one more throughput variant: exactly_once_v2 with this"
              + " commit.interval.ms (default: off).")
  long compareCommitIntervalMs;

  @Option(
      names = "--run-timeout",
      defaultValue = "PT20M",
      description = "Bound on any one wait for the pipeline (default: ${DEFAULT-VALUE}).")
  Duration runTimeout;

  @Option(
      names = "--parts",
      split = ",",
      defaultValue = "throughput,latency,growth,ledger",
      converter = BenchPartConverter.class,
      description =
          "Parts to run, comma-separated: throughput, latency, growth, ledger" + " (default: all).")
  Set<BenchPart> parts;

  @Option(
      names = {"-D", "--set"},
      paramLabel = "KEY=VALUE",
      description =
          "A setting for every pipeline application measured (repeatable), e.g."
              + " -D producer.linger.ms=50; the pass-through baseline keeps its own.")
  Map<String, String> pipelineSettings = new LinkedHashMap<>();

  @Option(
      names = "--compare",
      paramLabel = "KEY=VALUE",
      converter = SettingConverter.class,
      description =
          "One more throughput variant per setting given (repeatable, also with one key and"
              + " several values): exactly_once_v2 with KEY=VALUE, in the same interleaved rounds,"
              + " e.g. --compare max.task.idle.ms=-1.")
  List<Map.Entry<String, String>> compareSettings = new ArrayList<>();

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Override
  public Integer call() throws Exception {
    BenchSettings settings =
        new BenchSettings(
            events,
            seed,
            rounds,
            warmupRounds,
            commitIntervalMs,
            streamThreads,
            partitions,
            latencyRate,
            latencyDuration,
            latencyWarmup,
            growthSizes,
            growthBatch,
            ledgerOpenOrders,
            ledgerRequests,
            compareCommitIntervalMs,
            runTimeout,
            parts,
            pipelineSettings,
            compareSettings);
    PrintWriter err = spec.commandLine().getErr();
    BenchReport report =
        Benchmark.runOnEmbeddedStack(
            settings,
            BenchCommand::barrier,
            line -> {
              err.println(line);
              err.flush();
            });
    if (json != null) {
      Files.writeString(json, report.toJson(), StandardCharsets.UTF_8);
    }
    PrintWriter out = spec.commandLine().getOut();
    report.table().forEach(out::println);
    out.flush();
    return ExitCodes.OK;
  }

  /** {@code --parts} names in lower case, as the help shows them. */
  static final class BenchPartConverter implements picocli.CommandLine.ITypeConverter<BenchPart> {
    @Override
    public BenchPart convert(String value) {
      return BenchPart.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** {@code KEY=VALUE}: one setting, a key given several times keeping each value. */
  static final class SettingConverter
      implements picocli.CommandLine.ITypeConverter<Map.Entry<String, String>> {
    @Override
    public Map.Entry<String, String> convert(String value) {
      int equals = value.indexOf('=');
      if (equals <= 0) {
        throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not KEY=VALUE");
      }
      return Map.entry(value.substring(0, equals).strip(), value.substring(equals + 1).strip());
    }
  }

  /** The replay's exact processing barrier, for the benchmark's "all results visible". */
  private static CompletionBarrier barrier(io.demandflow.pipeline.app.DemandflowApp app) {
    ProcessingBarrier barrier = ProcessingBarrier.forApp(app);
    return new CompletionBarrier() {
      @Override
      public void await(Duration timeout) throws InterruptedException {
        barrier.await(timeout);
      }

      @Override
      public void close() {
        barrier.close();
      }
    };
  }
}
