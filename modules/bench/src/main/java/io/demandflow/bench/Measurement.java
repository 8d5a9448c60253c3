package io.demandflow.bench;

/**
 * One timed run: {@code records} input records processed in {@code nanos} (first record consumed to
 * all results visible), costing {@code cpuNanos} of process CPU time.
 *
 * @param residentBytes VmRSS right after the run (-1 when unknown)
 * @param internalOffsets offsets the run wrote to its internal topics (changelogs, repartition and
 *     foreign-key subscription topics; under exactly-once each transaction's commit markers take
 *     offsets too), -1 when not measured: how much Kafka traffic one input record causes
 * @param ledgerOffsets of those, the offsets of the ledger's input topics ({@code
 *     ledger-*-repartition}, markers included), -1 when not measured: how much of the traffic
 *     passes the one serial ledger
 */
public record Measurement(
    long records,
    long nanos,
    long cpuNanos,
    long residentBytes,
    long internalOffsets,
    long ledgerOffsets) {

  /** A run whose topic offsets are not (yet) measured. */
  public Measurement(long records, long nanos, long cpuNanos, long residentBytes) {
    this(records, nanos, cpuNanos, residentBytes, -1, -1);
  }

  /** This measurement with the internal-topic offsets of the run. */
  public Measurement withInternalOffsets(long offsets) {
    return new Measurement(records, nanos, cpuNanos, residentBytes, offsets, ledgerOffsets);
  }

  /** This measurement with the ledger-input offsets of the run. */
  public Measurement withLedgerOffsets(long offsets) {
    return new Measurement(records, nanos, cpuNanos, residentBytes, internalOffsets, offsets);
  }

  /** Internal-topic offsets written per input record (NaN when not measured). */
  public double internalOffsetsPerRecord() {
    return perRecord(internalOffsets);
  }

  /** Ledger-input offsets written per input record (NaN when not measured). */
  public double ledgerOffsetsPerRecord() {
    return perRecord(ledgerOffsets);
  }

  private double perRecord(long offsets) {
    return offsets < 0 ? Double.NaN : (double) offsets / records;
  }

  public double recordsPerSecond() {
    return records / (nanos / 1e9);
  }

  /** CPU seconds per million input records (all threads of the process: broker included). */
  public double cpuSecondsPerMillion() {
    return cpuNanos < 0 ? Double.NaN : (cpuNanos / 1e9) / (records / 1e6);
  }
}
