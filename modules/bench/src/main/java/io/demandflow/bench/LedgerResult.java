package io.demandflow.bench;

import java.util.List;

/**
 * The ledger alone on one stream thread under exactly_once_v2, with {@code openOrders} open orders
 * (each with a grant) in its state: one timed phase per kind of input mix.
 */
public record LedgerResult(int openOrders, List<Phase> phases) {

  /** The target of issue 15: requests decided per second on one thread. */
  public static final int TARGET_REQUESTS_PER_SECOND = 20_000;

  public LedgerResult {
    phases = List.copyOf(phases);
  }

  /**
   * One timed phase: {@code requests} new requests decided among {@code inputs.records()} ledger
   * inputs, which made {@code decisions} decisions (requests and the cuts of order changes).
   */
  public record Phase(
      String name, String description, int requests, long decisions, Measurement inputs) {

    public double requestsPerSecond() {
      return requests / (inputs.nanos() / 1e9);
    }

    public double decisionsPerSecond() {
      return decisions / (inputs.nanos() / 1e9);
    }
  }
}
