package io.demandflow.bench;

/**
 * Latency of the pipeline at a fixed input rate: output visible to a {@code read_committed}
 * consumer minus the input record's timestamp, in milliseconds, over the counted outputs.
 *
 * @param targetRate input events per second asked for
 * @param achievedRate input events per second actually sent (whole run)
 * @param outputs outputs counted (those of inputs after the warm-up)
 */
public record LatencyResult(
    double targetRate,
    double achievedRate,
    long outputs,
    double p50Ms,
    double p99Ms,
    double p999Ms,
    double maxMs) {}
