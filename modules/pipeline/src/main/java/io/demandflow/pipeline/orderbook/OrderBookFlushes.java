package io.demandflow.pipeline.orderbook;

import io.demandflow.pipeline.ControlRecords;
import io.demandflow.topics.TopicNames;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;

/**
 * Asks the order book to flush now: every request still waiting for its order goes to the ledger
 * (which rejects it {@code UNKNOWN_ORDER}) and every pending change of US demand is given to the
 * ledger. One record on {@link TopicNames#allocationFlush()} reaches every order-book task (the
 * topology sends it to every partition of the order book). Replay does this at each barrier and at
 * the end (SPEC §5: nothing waits on the wall clock there); an operator may do it at any time.
 */
public final class OrderBookFlushes {

  /** The key of flush requests (informative only). */
  public static final String REQUEST_KEY = "flush";

  private OrderBookFlushes() {}

  /**
   * Publishes one flush request and waits until the broker has acknowledged it.
   *
   * @param requestedBy who asks (the value of the record, for whoever reads the topic)
   */
  public static void requestFlush(
      Producer<String, String> producer, TopicNames topics, String requestedBy)
      throws InterruptedException {
    ControlRecords.send(
        producer,
        topics.allocationFlush(),
        List.of(0),
        REQUEST_KEY,
        requestedBy + " at " + Instant.now());
  }
}
