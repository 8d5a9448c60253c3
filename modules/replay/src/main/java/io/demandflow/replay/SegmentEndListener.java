package io.demandflow.replay;

import io.demandflow.pipeline.PipelineTopology;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.orderbook.OrderBookFlushes;
import io.demandflow.pipeline.signals.SignalEvaluations;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a replay does when a segment has been fully processed (at each barrier and at the end),
 * instead of anything on the wall clock:
 *
 * <ul>
 *   <li>flushes the order book (SPEC §5: "a REQUEST whose order is still unknown when its segment
 *       is fully processed is rejected UNKNOWN_ORDER then"; pending US demand reaches the ledger);
 *   <li>asks every signal task to evaluate its changed keys (SPEC R7: "replay evaluates only at
 *       every barrier and at the end").
 * </ul>
 *
 * <p>Then it waits on the replay's barrier until both requests (and what they caused) are
 * committed. The replay runs with {@code demandflow.signals.interval.ms=0} and {@code
 * demandflow.allocation.order-book.interval.ms=0}, so these are the only evaluations and flushes.
 * The flush changes no demand, so the evaluation may run beside it.
 */
public final class SegmentEndListener implements BarrierListener {

  private final Duration barrierTimeout;

  /**
   * @param barrierTimeout how long waiting for the requests may take
   */
  public SegmentEndListener(Duration barrierTimeout) {
    this.barrierTimeout = Objects.requireNonNull(barrierTimeout, "barrierTimeout");
  }

  @Override
  public void afterBarrier(Point point) throws InterruptedException {
    DemandflowConfig config = point.app().config();
    Properties props = config.kafkaProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "demandflow-replay-segment-end");
    String requestedBy =
        point.endOfScenario()
            ? "replay, end of scenario"
            : "replay, barrier at line " + point.lineNumber();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      OrderBookFlushes.requestFlush(producer, point.app().topics(), requestedBy);
      SignalEvaluations.requestEvaluation(
          producer,
          point.app().topics(),
          PipelineTopology.signalPartitions(config.asMap()),
          requestedBy);
    }
    point.barrier().await(barrierTimeout);
  }
}
