package io.demandflow.cli.replay;

import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.signals.SignalEvaluations;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Production signals in a replay (SPEC R7: "replay evaluates only at every barrier and at the
 * end"): after each barrier, asks every signal task to evaluate its changed keys, then waits on the
 * replay's barrier until the requests (and the signals they emitted) are committed. The replay runs
 * with {@code demandflow.signals.interval.ms=0}, so these are the only evaluations.
 */
public final class SignalEvaluationListener implements BarrierListener {

  private final Duration barrierTimeout;

  /**
   * @param barrierTimeout how long waiting for the evaluation may take
   */
  public SignalEvaluationListener(Duration barrierTimeout) {
    this.barrierTimeout = Objects.requireNonNull(barrierTimeout, "barrierTimeout");
  }

  @Override
  public void afterBarrier(Point point) throws InterruptedException {
    DemandflowConfig config = point.app().config();
    Properties props = config.kafkaProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "demandflow-replay-signal-evaluation");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      SignalEvaluations.requestEvaluation(
          producer,
          point.app().topics(),
          point.endOfScenario()
              ? "replay, end of scenario"
              : "replay, barrier at line " + point.lineNumber());
    }
    point.barrier().await(barrierTimeout);
  }
}
