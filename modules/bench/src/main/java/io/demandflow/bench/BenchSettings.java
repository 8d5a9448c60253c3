package io.demandflow.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one {@code bench} run measures and how much of it.
 *
 * @param events simulator events pre-produced for the throughput rounds
 * @param seed simulator seed: the same seed gives the same workload
 * @param rounds rounds of each throughput variant, interleaved
 * @param warmupRounds rounds of each variant run first and not counted, so that JIT compilation (on
 *     2 cores the C2 compiler alone takes a core for the first minute) is not charged to whichever
 *     variant happens to run first
 * @param commitIntervalMs {@code commit.interval.ms} of every Streams application (equal for all)
 * @param streamThreads {@code num.stream.threads} of every Streams application (equal for all)
 * @param partitions partitions of every topic the benchmark creates
 * @param latencyRate input events per second of the latency run
 * @param latencyDuration how long the latency run feeds events
 * @param latencyWarmup how much of the start of the latency run is not counted
 * @param growthSizes open orders pre-loaded into state before each growth measurement
 * @param growthBatch further simulator events processed and timed at each growth size
 * @param ledgerOpenOrders open orders (each with a grant) pre-loaded into the ledger's state before
 *     its decisions per second are timed
 * @param ledgerRequests new requests timed in each ledger phase (requests only; with order traffic)
 * @param compareCommitIntervalMs when positive, one more throughput variant: exactly-once with this
 *     commit interval (an optimisation observation from the same run)
 * @param runTimeout bound on any single wait for the pipeline
 * @param parts the parts to run (all by default)
 * @param pipelineSettings settings (Kafka Streams, client or demandflow) applied to every pipeline
 *     application measured, over the pipeline's defaults; the pass-through baseline keeps its own
 * @param compareSettings one more throughput variant per entry: exactly-once with that one setting
 *     changed, interleaved with the others so that a change is measured against the same load; a
 *     key may come several times (one variant per value)
 */
public record BenchSettings(
    int events,
    long seed,
    int rounds,
    int warmupRounds,
    long commitIntervalMs,
    int streamThreads,
    int partitions,
    double latencyRate,
    Duration latencyDuration,
    Duration latencyWarmup,
    List<Integer> growthSizes,
    int growthBatch,
    int ledgerOpenOrders,
    int ledgerRequests,
    long compareCommitIntervalMs,
    Duration runTimeout,
    Set<BenchPart> parts,
    Map<String, String> pipelineSettings,
    List<Map.Entry<String, String>> compareSettings) {

  public BenchSettings {
    requirePositive(events, "events");
    requirePositive(rounds, "rounds");
    if (warmupRounds < 0) {
      throw new IllegalArgumentException("warmupRounds must not be negative, was " + warmupRounds);
    }
    requirePositive(commitIntervalMs, "commitIntervalMs");
    requirePositive(streamThreads, "streamThreads");
    requirePositive(partitions, "partitions");
    requirePositive(growthBatch, "growthBatch");
    requirePositive(ledgerOpenOrders, "ledgerOpenOrders");
    requirePositive(ledgerRequests, "ledgerRequests");
    if (latencyRate <= 0) {
      throw new IllegalArgumentException("latencyRate must be positive, was " + latencyRate);
    }
    Objects.requireNonNull(latencyDuration, "latencyDuration");
    Objects.requireNonNull(latencyWarmup, "latencyWarmup");
    if (latencyDuration.compareTo(latencyWarmup) <= 0) {
      throw new IllegalArgumentException(
          "latencyDuration ("
              + latencyDuration
              + ") must be longer than the warm-up that is not counted ("
              + latencyWarmup
              + ")");
    }
    growthSizes = List.copyOf(growthSizes);
    growthSizes.forEach(size -> requirePositive(size, "growth size"));
    Objects.requireNonNull(runTimeout, "runTimeout");
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("parts must name at least one part");
    }
    parts = Set.copyOf(parts);
    pipelineSettings = Map.copyOf(pipelineSettings);
    compareSettings = List.copyOf(compareSettings);
  }

  /** Whether {@code part} runs. */
  public boolean runs(BenchPart part) {
    return parts.contains(part);
  }

  private static void requirePositive(long value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
  }
}
