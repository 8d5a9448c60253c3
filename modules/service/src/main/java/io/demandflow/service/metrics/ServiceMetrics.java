package io.demandflow.service.metrics;

import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.errors.DeadLetterCounter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's Prometheus registry: Kafka Streams and client metrics ({@link
 * KafkaStreamsMetrics}, which also exports every custom sensor the topology registers, such as the
 * {@code demandflow} group's domain counters), JVM and process metrics, {@link StoreGauges}, the
 * dead letters of this instance ({@value #DEAD_LETTERS}, tagged {@code reason} and {@code topic})
 * and the health of the client ({@value #READY}: 1 while RUNNING, else 0; {@value #STATE}: the
 * client state's ordinal, e.g. for a state timeline).
 *
 * <p>Micrometer discovers Kafka metrics added after binding only every 60 s, but task-level sensors
 * appear whenever a rebalance assigns tasks, and some domain sensors only with their first event (a
 * decision of a new status and reason). So the binding is renewed when the client (re-)enters
 * RUNNING and whenever the number of Kafka metrics changed, checked at every store-gauge refresh.
 * Counters read the Kafka metric itself, so renewing never resets a value.
 */
public final class ServiceMetrics implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServiceMetrics.class);
  private static final Duration STATE_POLL = Duration.ofMillis(500);

  /** Records sent to the dead-letter topic (Prometheus: {@code demandflow_dead_letters_total}). */
  public static final String DEAD_LETTERS = "demandflow.dead.letters";

  /** 1 while the client is RUNNING (the readiness probe), else 0. */
  public static final String READY = "demandflow.ready";

  /** The Kafka Streams client state as a number (ordinal of {@link KafkaStreams.State}). */
  public static final String STATE = "demandflow.streams.state";

  private final KafkaStreams streams;
  private final DeadLetterCounter deadLetters;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final StoreGauges storeGauges;
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final Duration refresh;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "demandflow-metrics");
            thread.setDaemon(true);
            return thread;
          });
  private KafkaStreamsMetrics kafkaMetrics;
  private KafkaStreams.State lastState;
  private int boundKafkaMetrics;

  /**
   * Meters of {@code app}, tagged {@code application} with its {@code application.id}.
   *
   * @param refresh how often the store gauges are recomputed
   */
  public ServiceMetrics(
      DemandflowApp app, List<StoreGauges.ProductFigure> figures, Duration refresh) {
    this.streams = app.streams();
    this.deadLetters = app.deadLetters();
    this.refresh = refresh;
    registry.config().commonTags("application", app.config().get(DemandflowConfig.APPLICATION_ID));
    Gauge.builder(READY, streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
        .description("1 while the Kafka Streams client is RUNNING (ready), else 0")
        .register(registry);
    Gauge.builder(STATE, streams, s -> s.state().ordinal())
        .description(
            "Kafka Streams client state: 0 CREATED, 1 REBALANCING, 2 RUNNING, 3 PENDING_SHUTDOWN,"
                + " 4 NOT_RUNNING, 5 PENDING_ERROR, 6 ERROR")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    this.storeGauges = new StoreGauges(streams, registry, figures);
  }

  /** Binds the Kafka metrics and starts the periodic work. */
  public ServiceMetrics start() {
    bindKafkaMetrics();
    scheduler.scheduleWithFixedDelay(
        this::watchState, STATE_POLL.toMillis(), STATE_POLL.toMillis(), TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        this::refreshStoreGauges, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Registers a counter for each (reason, topic) seen so far; registering twice is a no-op. */
  private void registerDeadLetterCounters() {
    for (DeadLetterCounter.Key key : deadLetters.snapshot().keySet()) {
      FunctionCounter.builder(
              DEAD_LETTERS,
              deadLetters,
              counter -> counter.snapshot().getOrDefault(key, 0L).doubleValue())
          .description("Records sent to the dead-letter topic by this instance")
          .tags("reason", key.reason(), "topic", key.topic())
          .register(registry);
    }
  }

  private void watchState() {
    registerDeadLetterCounters();
    KafkaStreams.State state = streams.state();
    if (state == KafkaStreams.State.RUNNING && lastState != KafkaStreams.State.RUNNING) {
      bindKafkaMetrics();
      refreshStoreGauges();
    }
    lastState = state;
  }

  private void refreshStoreGauges() {
    try {
      if (streams.state() == KafkaStreams.State.RUNNING
          || streams.state() == KafkaStreams.State.REBALANCING) {
        storeGauges.refresh();
      }
      if (streams.metrics().size() != boundKafkaMetrics) {
        bindKafkaMetrics();
      }
    } catch (RuntimeException e) {
      // A failed refresh must not cancel the schedule: the next one tries again.
      log.warn("could not refresh the store gauges", e);
    }
  }

  private synchronized void bindKafkaMetrics() {
    if (kafkaMetrics != null) {
      kafkaMetrics.close();
    }
    boundKafkaMetrics = streams.metrics().size();
    kafkaMetrics = new KafkaStreamsMetrics(streams);
    kafkaMetrics.bindTo(registry);
  }

  @Override
  public synchronized void close() {
    scheduler.shutdownNow();
    if (kafkaMetrics != null) {
      kafkaMetrics.close();
    }
    gcMetrics.close();
    registry.close();
  }
}
