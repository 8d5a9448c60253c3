package io.demandflow.domain.signals;

/** What a production signal tells planners (SPEC R7). */
public enum SignalKind {
  /** The key entered SHORTAGE. */
  INCREASE,
  /** Still in SHORTAGE; the recommendation moved by at least the update ratio. */
  UPDATE,
  /** The shortfall is gone; the key left SHORTAGE. */
  RESOLVED
}
