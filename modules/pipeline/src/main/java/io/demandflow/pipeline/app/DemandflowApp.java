package io.demandflow.pipeline.app;

import io.demandflow.pipeline.PipelineTopology;
import io.demandflow.pipeline.SequencingActivity;
import io.demandflow.pipeline.errors.DeadLetterCounter;
import io.demandflow.pipeline.errors.DeadLetterHandlers;
import io.demandflow.pipeline.input.InputTickPublisher;
import io.demandflow.pipeline.orderbook.OrderBookSettings;
import io.demandflow.registry.SchemaRegistryConfig;
import io.demandflow.topics.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demandflow streams application: builds the topology from the configuration, creates the
 * missing topics, runs the Kafka Streams client and closes it within a bounded time.
 */
public final class DemandflowApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemandflowApp.class);

  /** Kafka Streams' default transaction timeout under exactly-once. */
  private static final String EOS_TRANSACTION_TIMEOUT_MS = "10000";

  private final DemandflowConfig config;
  private final TopicNames topics;
  private final Topology topology;
  private final KafkaStreams streams;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final DeadLetterCounter deadLetters = new DeadLetterCounter();
  private final SequencingActivity sequencingActivity = new SequencingActivity();
  private final OrderBookSettings orderBook;
  private InputTickPublisher inputTicks;

  private DemandflowApp(DemandflowConfig config) {
    requireRegistryCallsInsideTransactions(config);
    this.config = config;
    this.topics = TopicNames.from(config.asMap());
    this.topology = buildTopology(config);
    this.orderBook = OrderBookSettings.from(config.asMap());
    Properties props = streamsProperties(config, topics, deadLetters);
    // An object, not a string: the ledger's processor finds it in its config.
    props.put(SequencingActivity.CONFIG_KEY, sequencingActivity);
    this.streams = new KafkaStreams(topology, props);
    // A failure must not silently stop consumption: replace the thread, backing off while the
    // cause lasts.
    streams.setUncaughtExceptionHandler(ThreadReplacementHandler.from(config));
    streams.setStateListener(
        (newState, oldState) -> {
          log.info("streams state {} -> {}", oldState, newState);
          if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
            stopped.countDown();
          }
        });
  }

  /**
   * Refuses a registry call bound that outlasts the exactly-once transaction the call runs in: the
   * transaction would time out first and the task be fenced instead of failing with the registry's
   * error.
   */
  static void requireRegistryCallsInsideTransactions(DemandflowConfig config) {
    if (!config.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "").startsWith("exactly_once")) {
      return;
    }
    long call =
        Long.parseLong(
            config.get(
                SchemaRegistryConfig.CALL_TIMEOUT_MS,
                String.valueOf(SchemaRegistryConfig.CALL_TIMEOUT_MS_DEFAULT)));
    String transactionKey = StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
    long transaction =
        Long.parseLong(
            config.get(
                transactionKey,
                config.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, EOS_TRANSACTION_TIMEOUT_MS)));
    if (call >= transaction) {
      throw new IllegalArgumentException(
          String.format(
              "%s (%d ms) must be below the transaction timeout (%d ms, %s): a registry call runs"
                  + " inside a transaction",
              SchemaRegistryConfig.CALL_TIMEOUT_MS,
              call,
              transaction,
              ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
    }
  }

  /** An application for {@code config}; nothing runs before {@link #start()}. */
  public static DemandflowApp create(DemandflowConfig config) {
    return new DemandflowApp(config);
  }

  /** The full demandflow topology for a configuration. */
  public static Topology buildTopology(DemandflowConfig config) {
    return PipelineTopology.build(
        TopicNames.from(config.asMap()), config.serdeConfig(), config.asMap());
  }

  /**
   * The Streams settings: the configuration's Kafka properties plus bad-input handling (SPEC R8):
   * records that cannot be deserialized or break the rules go to the dead-letter topic through
   * Kafka Streams' own handlers and dead-letter queue (KIP-1034), counted in {@code deadLetters}.
   * Explicit settings in the configuration win.
   */
  public static Properties streamsProperties(
      DemandflowConfig config, TopicNames topics, DeadLetterCounter deadLetters) {
    Properties props = new Properties();
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.dlq());
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Deserialization.class.getName());
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Processing.class.getName());
    props.putAll(config.kafkaProperties());
    // The RocksDB memory bounds reach the config setter only through the Streams configuration.
    props.putAll(BoundedMemoryRocksDbConfig.streamsSettings(config));
    // An object, not a string: the handlers Streams creates find the counter in their config.
    props.put(DeadLetterCounter.CONFIG_KEY, deadLetters);
    return props;
  }

  /** Records sent to the dead-letter topic by this instance, by reason and topic. */
  public DeadLetterCounter deadLetters() {
    return deadLetters;
  }

  /** Creates missing topics (unless disabled) and starts processing. */
  public DemandflowApp start() {
    log.info("starting demandflow with {}", config.redacted());
    if (config.getBoolean(DemandflowConfig.TOPICS_CREATE)) {
      TopicProvisioner.ensureTopics(config, topics);
    }
    if (orderBook.sequencing()) {
      log.info(
          "sequencing on: the ledger decides in input-timestamp order; input ticks every {} ms"
              + " to {} and {} while it waits",
          orderBook.interval().toMillis(),
          topics.orders(),
          topics.allocations());
      // Before the streams client: it reads the input topics' partition counts first.
      inputTicks =
          InputTickPublisher.start(
              config.kafkaProperties(),
              config.get(StreamsConfig.APPLICATION_ID_CONFIG),
              List.of(topics.orders(), topics.allocations()),
              sequencingActivity,
              orderBook.interval());
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
    if (inputTicks != null) {
      inputTicks.close();
    }
    // Leave the group on a clean close: another instance (or this one restarted) gets the tasks
    // at once instead of after the session timeout.
    boolean clean =
        streams.close(
            CloseOptions.timeout(timeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    if (!clean) {
      log.warn("streams did not close within {}", timeout);
    }
    stopped.countDown();
  }
}
