package io.demandflow.bench;

/** The parts of a {@code bench} run, to run a few of them alone ({@code --parts}). */
public enum BenchPart {
  /** The throughput rounds, then one instrumented round splitting the cost by sub-topology. */
  THROUGHPUT,
  /** The exactly-once pipeline at a paced input rate. */
  LATENCY,
  /** A batch of events with many open orders in state. */
  GROWTH,
  /** The allocation ledger alone on one thread. */
  LEDGER
}
