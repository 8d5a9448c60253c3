package io.demandflow.pipeline.signals;

import io.demandflow.events.Supply;
import io.demandflow.events.internal.ProductDemand;

/**
 * What reaches the signal processor: the demand and supply of a key as they stand now, or a request
 * to evaluate. Both travel only between nodes of one sub-topology (no repartition in between), so
 * they are never serialized.
 */
sealed interface SignalInput {

  /**
   * The demand and supply of one product and period after a change; either may be null (no open
   * demand, no supply).
   */
  record Inputs(ProductDemand demand, Supply supply) implements SignalInput {}

  /** A request to evaluate every changed key of the task now (the control topic). */
  record EvaluationRequest() implements SignalInput {}

  EvaluationRequest EVALUATION_REQUEST = new EvaluationRequest();
}
