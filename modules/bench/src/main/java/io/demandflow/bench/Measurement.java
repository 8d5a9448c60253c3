package io.demandflow.bench;

/**
 * One timed run: {@code records} input records processed in {@code nanos} (first record consumed to
 * all results visible), costing {@code cpuNanos} of process CPU time.
 *
 * @param residentBytes VmRSS right after the run (-1 when unknown)
 */
public record Measurement(long records, long nanos, long cpuNanos, long residentBytes) {

  public double recordsPerSecond() {
    return records / (nanos / 1e9);
  }

  /** CPU seconds per million input records (all threads of the process: broker included). */
  public double cpuSecondsPerMillion() {
    return cpuNanos < 0 ? Double.NaN : (cpuNanos / 1e9) / (records / 1e6);
  }
}
