package io.demandflow.replay;

import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import org.apache.kafka.streams.KafkaStreams;

/** Test access to {@link ProcessingBarrier}s for applications that run in other processes. */
public final class ProcessingBarriers {

  private ProcessingBarriers() {}

  /**
   * A barrier for the application that {@code config} describes, run by other processes (with the
   * same application id, topics and rules): it reads only their consumer group's offsets and the
   * topics, so it cannot see whether they run and waits for them until its timeout.
   */
  public static ProcessingBarrier forProcessesOf(DemandflowConfig config) {
    return new ProcessingBarrier(
        config, DemandflowApp.buildTopology(config), () -> KafkaStreams.State.RUNNING);
  }
}
