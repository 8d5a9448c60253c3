package io.demandflow.pipeline.app;

import io.demandflow.pipeline.TopicNames;
import io.demandflow.pipeline.demand.DemandTopology;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demandflow streams application: builds the topology from the configuration, creates the
 * missing topics, runs the Kafka Streams client and closes it within a bounded time.
 */
public final class DemandflowApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemandflowApp.class);

  private final DemandflowConfig config;
  private final TopicNames topics;
  private final Topology topology;
  private final KafkaStreams streams;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private DemandflowApp(DemandflowConfig config) {
    this.config = config;
    this.topics = TopicNames.from(config.asMap());
    this.topology = buildTopology(config);
    Properties props = config.kafkaProperties();
    this.streams = new KafkaStreams(topology, props);
    streams.setUncaughtExceptionHandler(
        ex -> {
          // A processing bug must not silently stop consumption: replace the thread and log it.
          log.error("stream thread failed; replacing it", ex);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.setStateListener(
        (newState, oldState) -> {
          log.info("streams state {} -> {}", oldState, newState);
          if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
            stopped.countDown();
          }
        });
  }

  /** An application for {@code config}; nothing runs before {@link #start()}. */
  public static DemandflowApp create(DemandflowConfig config) {
    return new DemandflowApp(config);
  }

  /** The full demandflow topology for a configuration. */
  public static Topology buildTopology(DemandflowConfig config) {
    return DemandTopology.build(TopicNames.from(config.asMap()), config.serdeConfig());
  }

  /** Creates missing topics (unless disabled) and starts processing. */
  public DemandflowApp start() {
    log.info("starting demandflow with {}", config.redacted());
    if (config.getBoolean(DemandflowConfig.TOPICS_CREATE)) {
      TopicProvisioner.ensureTopics(config, topics);
    }
    streams.start();
    return this;
  }

  /** Waits until every stream thread is RUNNING; false when {@code timeout} passes first. */
  public boolean awaitRunning(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || stopped.getCount() == 0) {
        return false;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Blocks until the application stops by itself (error) or is closed. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  public KafkaStreams streams() {
    return streams;
  }

  public Topology topology() {
    return topology;
  }

  public TopicNames topics() {
    return topics;
  }

  public DemandflowConfig config() {
    return config;
  }

  /** Closes the streams client within {@code demandflow.close.timeout.ms}. */
  @Override
  public void close() {
    Duration timeout = Duration.ofMillis(config.getLong(DemandflowConfig.CLOSE_TIMEOUT_MS));
    boolean clean = streams.close(new KafkaStreams.CloseOptions().timeout(timeout));
    if (!clean) {
      log.warn("streams did not close within {}", timeout);
    }
    stopped.countDown();
  }
}
