package io.demandflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one {@code bench} run: a table for people ({@link #table()}, whose last line is
 * the headline) and a JSON document for tools ({@link #toJson()}).
 *
 * @param descriptions what each throughput variant is, by name, in run order
 * @param throughput the measurements of each variant, by name, in round order (empty when the
 *     throughput part did not run)
 * @param split the cost of an instrumented exactly-once round by sub-topology (null when the
 *     throughput part did not run)
 * @param latency the latency run (null when it did not run)
 * @param ledger the ledger alone on one thread (null when it did not run)
 */
public record BenchReport(
    BenchSettings settings,
    Map<String, String> descriptions,
    Map<String, List<Measurement>> throughput,
    SubtopologySplit split,
    LatencyResult latency,
    List<GrowthResult> growth,
    LedgerResult ledger) {

  /** The headline's prefix: the table's last line starts with it. */
  public static final String HEADLINE = "pipeline/baseline throughput ratio: ";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Median throughput of a variant in records per second. */
  public Summary recordsPerSecond(String variant) {
    return Summary.of(throughput.get(variant).stream().map(Measurement::recordsPerSecond).toList());
  }

  /** Median CPU seconds per million records of a variant. */
  public Summary cpuSecondsPerMillion(String variant) {
    return Summary.of(
        throughput.get(variant).stream().map(Measurement::cpuSecondsPerMillion).toList());
  }

  /** Internal-topic offsets per input record of a variant (NaN where not measured). */
  public Summary internalOffsetsPerRecord(String variant) {
    return Summary.of(
        throughput.get(variant).stream().map(Measurement::internalOffsetsPerRecord).toList());
  }

  /** Ledger-input offsets per input record of a variant (NaN where not measured). */
  public Summary ledgerOffsetsPerRecord(String variant) {
    return Summary.of(
        throughput.get(variant).stream().map(Measurement::ledgerOffsetsPerRecord).toList());
  }

  /** Median pipeline (exactly_once_v2) throughput over median baseline throughput. */
  public double pipelineToBaseline() {
    return ratio(ThroughputBench.EXACTLY_ONCE, ThroughputBench.BASELINE);
  }

  /** Median exactly_once_v2 throughput over median at_least_once throughput. */
  public double exactlyOnceToAtLeastOnce() {
    return ratio(ThroughputBench.EXACTLY_ONCE, ThroughputBench.AT_LEAST_ONCE);
  }

  private double ratio(String numerator, String denominator) {
    return recordsPerSecond(numerator).median() / recordsPerSecond(denominator).median();
  }

  /** Throughput at the largest growth size over that at the smallest (NaN with fewer than two). */
  public double growthThroughputRatio() {
    if (growth.size() < 2) {
      return Double.NaN;
    }
    return growth.get(growth.size() - 1).batch().recordsPerSecond()
        / growth.get(0).batch().recordsPerSecond();
  }

  /** The lines to print; the last is {@code pipeline/baseline throughput ratio: X.XX}. */
  public List<String> table() {
    List<String> lines = new ArrayList<>();
    String machine =
        format("%d cores, Kafka %s, Java %s", cores(), kafkaVersion(), Runtime.version().feature());
    lines.add(
        throughput.isEmpty()
            ? format(
                "demandflow bench (%s), %d partitions, commit.interval.ms=%d; %s",
                String.join(
                    ", ",
                    settings.parts().stream()
                        .sorted()
                        .map(part -> part.name().toLowerCase(Locale.ROOT))
                        .toList()),
                settings.partitions(),
                settings.commitIntervalMs(),
                machine)
            : format(
                "demandflow bench: %,d simulator events (seed %d), %d rounds after %d warm-up,"
                    + " %d partitions, commit.interval.ms=%d, %d stream thread(s); %s",
                settings.events(),
                settings.seed(),
                settings.rounds(),
                settings.warmupRounds(),
                settings.partitions(),
                settings.commitIntervalMs(),
                settings.streamThreads(),
                machine));
    if (!settings.pipelineSettings().isEmpty()) {
      lines.add("pipeline settings: " + new java.util.TreeMap<>(settings.pipelineSettings()));
    }
    if (!throughput.isEmpty()) {
      lines.add("");
      lines.add(
          format(
              "%-52s %28s %22s %16s %14s",
              "throughput",
              "records/s median (min-max)",
              "CPU s/M records",
              "internal/record",
              "ledger/record"));
      descriptions.forEach(
          (name, description) -> {
            Summary rate = recordsPerSecond(name);
            Summary cpu = cpuSecondsPerMillion(name);
            lines.add(
                format(
                    "%-52s %28s %22s %16s %14s",
                    description,
                    format("%,.0f (%,.0f-%,.0f)", rate.median(), rate.min(), rate.max()),
                    format("%.1f (%.1f-%.1f)", cpu.median(), cpu.min(), cpu.max()),
                    orDash("%.1f", internalOffsetsPerRecord(name).median()),
                    orDash("%.2f", ledgerOffsetsPerRecord(name).median())));
          });
      lines.add(
          "(internal/record: offsets written to the run's changelog, repartition and subscription"
              + " topics per input record, transaction markers included; ledger/record: of those,"
              + " the ledger's input topics ledger-*-repartition)");
      lines.addAll(splitTable());
    }
    if (latency != null) {
      lines.add("");
      lines.add(
          format(
              "latency, exactly_once_v2, %,.0f events/s asked (%,.0f sent), %s, first %s not"
                  + " counted, %,d outputs:",
              latency.targetRate(),
              latency.achievedRate(),
              settings.latencyDuration(),
              settings.latencyWarmup(),
              latency.outputs()));
      lines.add(
          format(
              "  p50 %.0f ms   p99 %.0f ms   p99.9 %.0f ms   max %.0f ms",
              latency.p50Ms(), latency.p99Ms(), latency.p999Ms(), latency.maxMs()));
    }
    if (!growth.isEmpty()) {
      lines.add("");
      lines.add(
          format(
              "growth, exactly_once_v2, batch of %,d events  %12s %16s %12s %16s %14s",
              settings.growthBatch(),
              "records/s",
              "CPU s/M records",
              "RSS MiB",
              "internal/record",
              "ledger/record"));
      for (GrowthResult result : growth) {
        Measurement batch = result.batch();
        lines.add(
            format(
                "  %,11d open orders in state               %12s %16s %12s %16s %14s",
                result.openOrders(),
                format("%,.0f", batch.recordsPerSecond()),
                format("%.1f", batch.cpuSecondsPerMillion()),
                format("%,d", batch.residentBytes() >> 20),
                format("%.1f", batch.internalOffsetsPerRecord()),
                format("%.2f", batch.ledgerOffsetsPerRecord())));
      }
    }
    if (ledger != null) {
      lines.add("");
      lines.addAll(ledgerTable());
    }
    lines.add("");
    if (!throughput.isEmpty()) {
      lines.add(
          format(
              "exactly_once_v2/at_least_once throughput ratio: %.2f", exactlyOnceToAtLeastOnce()));
    }
    if (growth.size() >= 2) {
      lines.add(
          format(
              "growth throughput ratio (%,d / %,d open orders): %.2f",
              growth.get(growth.size() - 1).openOrders(),
              growth.get(0).openOrders(),
              growthThroughputRatio()));
    }
    if (ledger != null) {
      lines.add(ledgerHeadline());
    }
    if (!throughput.isEmpty()) {
      lines.add(HEADLINE + format("%.2f", pipelineToBaseline()));
    }
    return lines;
  }

  /** The instrumented round's cost by sub-topology, one line each. */
  private List<String> splitTable() {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add(
        format(
            "%-80s %14s %16s",
            "exactly_once_v2 by sub-topology (one instrumented round, not counted above)",
            "CPU s/M",
            "internal/record"));
    for (SubtopologySplit.Row row : split.rows()) {
      lines.add(
          format(
              "  %-78s %14.1f %16.2f",
              abbreviate(row.id() + " " + row.name(), 78),
              row.secondsPerMillion(),
              row.internalPerRecord()));
    }
    lines.add(
        format(
            "  %-78s %14.1f %16s",
            "stream thread outside processors (poll, deserialise, commit, punctuate)",
            split.streamThreadOtherSecondsPerMillion(),
            "-"));
    for (SubtopologySplit.Share share : split.otherThreads()) {
      lines.add(
          format(
              "  %-78s %14.1f %16s",
              abbreviate("threads: " + share.group(), 78), share.secondsPerMillion(), "-"));
    }
    lines.add(
        "(CPU s/M: stream-thread CPU seconds per million input records in the sub-topology's"
            + " processors, forwards and sends included; internal/record: records it wrote to its"
            + " changelogs, repartition and subscription topics per input record)");
    lines.add("");
    lines.add(
        format(
            "%-80s %14s %16s",
            "exactly_once_v2 by internal topic (same round): the hops",
            "sub-topology",
            "internal/record"));
    for (SubtopologySplit.Hop hop : split.hops()) {
      lines.add(
          format(
              "  %-78s %14d %16.2f",
              abbreviate(hop.topic(), 78), hop.subtopology(), hop.internalPerRecord()));
    }
    return lines;
  }

  private static String abbreviate(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 3) + "...";
  }

  /** The ledger's phases, one line each. */
  private List<String> ledgerTable() {
    List<String> lines = new ArrayList<>();
    lines.add(
        format(
            "%-68s %12s %12s %12s %16s",
            format(
                "ledger on one thread, exactly_once_v2, %,d open orders in state",
                ledger.openOrders()),
            "requests/s",
            "decisions/s",
            "inputs/s",
            "CPU s/M inputs"));
    for (LedgerResult.Phase phase : ledger.phases()) {
      Measurement inputs = phase.inputs();
      lines.add(
          format(
              "  %-66s %12s %12s %12s %16s",
              format(
                  "%,d %s (%,d inputs)", phase.requests(), phase.description(), inputs.records()),
              format("%,.0f", phase.requestsPerSecond()),
              format("%,.0f", phase.decisionsPerSecond()),
              format("%,.0f", inputs.recordsPerSecond()),
              format("%.1f", inputs.cpuSecondsPerMillion())));
    }
    return lines;
  }

  /**
   * {@code ledger: N requests/s decided on one thread (...)}: the slower of the phases, so that
   * order traffic cannot flatter it.
   */
  String ledgerHeadline() {
    LedgerResult.Phase slowest =
        ledger.phases().stream()
            .min(java.util.Comparator.comparingDouble(LedgerResult.Phase::requestsPerSecond))
            .orElseThrow();
    return format(
        "ledger: %,.0f requests/s decided on one thread (%,.0f decisions/s; exactly_once_v2,"
            + " %,d open orders in state, %s); target %,d",
        slowest.requestsPerSecond(),
        slowest.decisionsPerSecond(),
        ledger.openOrders(),
        slowest.description(),
        LedgerResult.TARGET_REQUESTS_PER_SECOND);
  }

  private static String orDash(String pattern, double value) {
    return Double.isNaN(value) ? "-" : format(pattern, value);
  }

  /** The whole report as JSON text. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode machine = root.putObject("machine");
    machine.put("cores", cores());
    machine.put("kafkaVersion", kafkaVersion());
    machine.put("javaVersion", Runtime.version().toString());
    machine.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    ObjectNode run = root.putObject("settings");
    run.put("events", settings.events());
    run.put("seed", settings.seed());
    run.put("rounds", settings.rounds());
    run.put("warmupRounds", settings.warmupRounds());
    run.put("partitions", settings.partitions());
    run.put("commitIntervalMs", settings.commitIntervalMs());
    run.put("streamThreads", settings.streamThreads());
    run.put("latencyRate", settings.latencyRate());
    run.put("latencyDuration", settings.latencyDuration().toString());
    run.put("latencyWarmup", settings.latencyWarmup().toString());
    run.put("growthBatch", settings.growthBatch());
    run.put("ledgerOpenOrders", settings.ledgerOpenOrders());
    run.put("ledgerRequests", settings.ledgerRequests());
    ObjectNode pipelineSettings = run.putObject("pipelineSettings");
    new java.util.TreeMap<>(settings.pipelineSettings()).forEach(pipelineSettings::put);
    ArrayNode parts = run.putArray("parts");
    settings.parts().stream()
        .sorted()
        .forEach(part -> parts.add(part.name().toLowerCase(Locale.ROOT)));
    ArrayNode sizes = run.putArray("growthSizes");
    settings.growthSizes().forEach(sizes::add);
    ObjectNode rates = root.putObject("throughput");
    descriptions.forEach(
        (name, description) -> {
          ObjectNode variant = rates.putObject(name);
          variant.put("description", description);
          summary(variant.putObject("recordsPerSecond"), recordsPerSecond(name));
          summary(variant.putObject("cpuSecondsPerMillionRecords"), cpuSecondsPerMillion(name));
          Summary internal = internalOffsetsPerRecord(name);
          if (!Double.isNaN(internal.median())) {
            summary(variant.putObject("internalOffsetsPerRecord"), internal);
            summary(variant.putObject("ledgerOffsetsPerRecord"), ledgerOffsetsPerRecord(name));
          }
          ArrayNode rounds = variant.putArray("rounds");
          throughput.get(name).forEach(m -> measurement(rounds.addObject(), m));
        });
    ObjectNode ratios = root.putObject("ratios");
    if (!throughput.isEmpty()) {
      ratios.put("pipelineToBaseline", pipelineToBaseline());
      ratios.put("exactlyOnceToAtLeastOnce", exactlyOnceToAtLeastOnce());
      splitJson(root.putObject("bySubtopology"));
    }
    if (growth.size() >= 2) {
      ratios.put("growthLargestToSmallest", growthThroughputRatio());
    }
    if (latency != null) {
      ObjectNode lat = root.putObject("latency");
      lat.put("guarantee", "exactly_once_v2");
      lat.put("targetRate", latency.targetRate());
      lat.put("achievedRate", latency.achievedRate());
      lat.put("outputs", latency.outputs());
      lat.put("p50Ms", latency.p50Ms());
      lat.put("p99Ms", latency.p99Ms());
      lat.put("p999Ms", latency.p999Ms());
      lat.put("maxMs", latency.maxMs());
    }
    ArrayNode grow = root.putArray("growth");
    for (GrowthResult result : growth) {
      ObjectNode row = grow.addObject();
      row.put("openOrders", result.openOrders());
      measurement(row, result.batch());
    }
    if (ledger != null) {
      ledgerJson(root.putObject("ledger"));
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  private void splitJson(ObjectNode node) {
    ArrayNode rows = node.putArray("subtopologies");
    for (SubtopologySplit.Row row : split.rows()) {
      ObjectNode entry = rows.addObject();
      entry.put("id", row.id());
      entry.put("name", row.name());
      entry.put("streamThreadSecondsPerMillionRecords", row.secondsPerMillion());
      entry.put("internalOffsetsPerRecord", row.internalPerRecord());
    }
    node.put(
        "streamThreadOutsideProcessorsSecondsPerMillionRecords",
        split.streamThreadOtherSecondsPerMillion());
    ObjectNode threads = node.putObject("otherThreadsSecondsPerMillionRecords");
    split.otherThreads().forEach(share -> threads.put(share.group(), share.secondsPerMillion()));
    ArrayNode hops = node.putArray("internalTopics");
    for (SubtopologySplit.Hop hop : split.hops()) {
      ObjectNode entry = hops.addObject();
      entry.put("topic", hop.topic());
      entry.put("subtopology", hop.subtopology());
      entry.put("internalOffsetsPerRecord", hop.internalPerRecord());
    }
  }

  private void ledgerJson(ObjectNode node) {
    node.put("guarantee", "exactly_once_v2");
    node.put("streamThreads", 1);
    node.put("openOrders", ledger.openOrders());
    node.put("targetRequestsPerSecond", LedgerResult.TARGET_REQUESTS_PER_SECOND);
    ObjectNode phases = node.putObject("phases");
    for (LedgerResult.Phase phase : ledger.phases()) {
      ObjectNode row = phases.putObject(phase.name());
      row.put("description", phase.description());
      row.put("requests", phase.requests());
      row.put("requestsPerSecond", phase.requestsPerSecond());
      row.put("decisions", phase.decisions());
      row.put("decisionsPerSecond", phase.decisionsPerSecond());
      row.put("inputsPerSecond", phase.inputs().recordsPerSecond());
      row.put("cpuSecondsPerMillionInputs", phase.inputs().cpuSecondsPerMillion());
      row.put("inputs", phase.inputs().records());
      row.put("seconds", phase.inputs().nanos() / 1e9);
      row.put("residentBytes", phase.inputs().residentBytes());
    }
  }

  private static void summary(ObjectNode node, Summary summary) {
    node.put("median", summary.median());
    node.put("min", summary.min());
    node.put("max", summary.max());
  }

  private static void measurement(ObjectNode node, Measurement m) {
    node.put("records", m.records());
    node.put("seconds", m.nanos() / 1e9);
    node.put("recordsPerSecond", m.recordsPerSecond());
    node.put("cpuSecondsPerMillionRecords", m.cpuSecondsPerMillion());
    node.put("residentBytes", m.residentBytes());
    node.put("internalOffsets", m.internalOffsets());
    node.put("ledgerOffsets", m.ledgerOffsets());
  }

  /**
   * The Kafka clients version, from the resource kafka-clients ships (not its internal classes).
   */
  static String kafkaVersion() {
    try (java.io.InputStream in =
        BenchReport.class.getResourceAsStream("/kafka/kafka-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      java.util.Properties props = new java.util.Properties();
      props.load(in);
      return props.getProperty("version", "unknown");
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
