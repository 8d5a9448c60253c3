package io.demandflow.pipeline.app;

import io.demandflow.domain.allocation.AllocationSettings;
import io.demandflow.pipeline.PipelineTopology;
import io.demandflow.pipeline.StateRetention;
import io.demandflow.pipeline.allocation.AllocationTopology;
import io.demandflow.pipeline.orderbook.OrderBookSettings;
import io.demandflow.pipeline.signals.SignalSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The one place where demandflow's configuration is assembled.
 *
 * <p>Sources, each overriding the one before:
 *
 * <ol>
 *   <li>built-in defaults ({@link #DEFAULTS});
 *   <li>a Java properties file ({@code --config FILE});
 *   <li>environment variables: {@code DEMANDFLOW_KAFKA_*} for any Kafka, Streams or registry
 *       property ({@code DEMANDFLOW_KAFKA_TOPIC_MIN_INSYNC_REPLICAS} → {@code
 *       topic.min.insync.replicas}), {@code DEMANDFLOW_*} for demandflow's settings and, where no
 *       demandflow setting has the name, Kafka properties ({@code DEMANDFLOW_TOPIC_ORDERS} → {@code
 *       demandflow.topic.orders}, {@code DEMANDFLOW_BOOTSTRAP_SERVERS} → {@code
 *       bootstrap.servers}); {@link EnvironmentKeys} has the rules;
 *   <li>command-line flags ({@code --bootstrap-server}, {@code --schema-registry-url}, {@code --set
 *       key=value}).
 * </ol>
 *
 * <p>Keys starting with {@code demandflow.} are demandflow's own; every other key passes through
 * unchanged to the Kafka clients (Streams, producer, consumer, admin) and, for {@code
 * schema.registry.*} and {@code basic.auth.*}, to the registry serdes. Secrets are never printed:
 * {@link #redacted()} masks them.
 */
public final class DemandflowConfig {

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String APPLICATION_ID = "application.id";

  /** Partitions of topics demandflow creates when they are missing. */
  public static final String TOPIC_PARTITIONS = PipelineTopology.TOPIC_PARTITIONS;

  /** Replication factor of topics demandflow creates; -1 takes the broker's default. */
  public static final String TOPIC_REPLICATION_FACTOR = "demandflow.topic.replication-factor";

  /** Whether the application creates its missing topics at start. */
  public static final String TOPICS_CREATE = "demandflow.topics.create";

  /** How long a clean shutdown may take before the streams client is abandoned. */
  public static final String CLOSE_TIMEOUT_MS = "demandflow.close.timeout.ms";

  /** Defaults: exactly-once, explicit names for every internal topic and store. */
  public static final Map<String, String> DEFAULTS =
      Collections.unmodifiableMap(
          new LinkedHashMap<>(
              Map.ofEntries(
                  Map.entry(APPLICATION_ID, "demandflow"),
                  Map.entry(BOOTSTRAP_SERVERS, "localhost:9092"),
                  Map.entry(SCHEMA_REGISTRY_URL, "http://localhost:8081"),
                  Map.entry("processing.guarantee", "exactly_once_v2"),
                  Map.entry("ensure.explicit.internal.resource.naming", "true"),
                  Map.entry("commit.interval.ms", "100"),
                  // A task with several input partitions processes what it has buffered instead of
                  // waiting for its empty partitions. Nothing relies on the wait: a request meets
                  // its order in the order book, and SPEC §4/§5 promise no order across topics
                  // (barriers do). And Kafka Streams 4.4 formats a log message with String.format
                  // for every empty partition of a task before each record it processes while the
                  // wait is on: measured, exactly-once throughput 4,592 -> 6,561 records/s
                  // (docs/performance.md).
                  Map.entry("max.task.idle.ms", "-1"),
                  // Also route failures of global-table processing to the handler (the Kafka 5.0
                  // default), instead of a warning at every start.
                  Map.entry("processing.exception.handler.global.enabled", "true"),
                  Map.entry(TOPIC_PARTITIONS, "2"),
                  Map.entry(
                      AllocationTopology.PRIORITY_REGION,
                      AllocationSettings.DEFAULTS.priorityRegion()),
                  Map.entry("demandflow.allocation.preemption.enabled", "true"),
                  // SPEC §5; OrderBookSettings documents each.
                  defaultOf(OrderBookSettings.DEFAULTS, OrderBookSettings.ORDER_WAIT),
                  defaultOf(OrderBookSettings.DEFAULTS, OrderBookSettings.INTERVAL_MS),
                  defaultOf(OrderBookSettings.DEFAULTS, OrderBookSettings.SEQUENCING),
                  // How long finished things stay in state; StateRetention documents each.
                  defaultOf(StateRetention.DEFAULTS, StateRetention.CLOSED_ORDERS),
                  defaultOf(StateRetention.DEFAULTS, StateRetention.FINISHED_ALLOCATIONS),
                  defaultOf(StateRetention.DEFAULTS, StateRetention.PURGE_INTERVAL_MS),
                  Map.entry(TOPIC_REPLICATION_FACTOR, "-1"),
                  Map.entry(TOPICS_CREATE, "true"),
                  Map.entry(CLOSE_TIMEOUT_MS, "30000"),
                  // Retention by intent (TopicConfigs): inputs, decisions and DLQ keep every
                  // record.
                  defaultOf(TopicConfigs.DEFAULTS, TopicConfigs.INPUTS_RETENTION_MS),
                  defaultOf(TopicConfigs.DEFAULTS, TopicConfigs.DECISIONS_RETENTION_MS),
                  defaultOf(TopicConfigs.DEFAULTS, TopicConfigs.DLQ_RETENTION_MS),
                  defaultOf(TopicConfigs.DEFAULTS, TopicConfigs.INPUTS_TIMESTAMP_TYPE),
                  // A failed stream thread is replaced after 1 s, 2 s, 4 s, ... up to 30 s.
                  Map.entry(ThreadReplacementHandler.BACKOFF_MS, "1000"),
                  Map.entry(ThreadReplacementHandler.BACKOFF_MAX_MS, "30000"),
                  // One shared, bounded block cache and write buffer for all RocksDB stores.
                  Map.entry("rocksdb.config.setter", BoundedMemoryRocksDbConfig.class.getName()),
                  // Production signals (SPEC R7); SignalSettings documents each.
                  defaultOf(SignalSettings.DEFAULTS, SignalSettings.INTERVAL_MS),
                  defaultOf(SignalSettings.DEFAULTS, SignalSettings.MIN_UNITS),
                  defaultOf(SignalSettings.DEFAULTS, SignalSettings.MIN_RATIO),
                  defaultOf(SignalSettings.DEFAULTS, SignalSettings.BUFFER),
                  defaultOf(SignalSettings.DEFAULTS, SignalSettings.LOT_SIZE),
                  defaultOf(SignalSettings.DEFAULTS, SignalSettings.UPDATE_RATIO),
                  defaultOf(SignalSettings.DEFAULTS, SignalSettings.TOP_REGIONS))));

  /** The entry of {@code key} in the defaults its settings class declares. */
  private static Map.Entry<String, String> defaultOf(Map<String, String> defaults, String key) {
    return Map.entry(key, defaults.get(key));
  }

  /** Settings known to demandflow itself; used to map environment variables. */
  private static final Set<String> OWN_KEY_PREFIXES = Set.of("demandflow.");

  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(password|secret|jaas|user\\.info|token|credentials|api\\.key).*");

  private final Map<String, String> values;

  private DemandflowConfig(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** Starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A configuration of exactly the defaults plus {@code overrides}. */
  public static DemandflowConfig of(Map<String, String> overrides) {
    return builder().with(overrides).build();
  }

  public String get(String key) {
    return values.get(key);
  }

  public String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  public int getInt(String key) {
    return Integer.parseInt(required(key).trim());
  }

  public long getLong(String key) {
    return Long.parseLong(required(key).trim());
  }

  public boolean getBoolean(String key) {
    return Boolean.parseBoolean(required(key).trim());
  }

  private String required(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("missing configuration: " + key);
    }
    return value;
  }

  /** All settings, demandflow's own included. */
  public Map<String, String> asMap() {
    return values;
  }

  /** Settings handed to Kafka clients: everything that is not demandflow's own. */
  public Properties kafkaProperties() {
    Properties props = new Properties();
    values.forEach(
        (key, value) -> {
          if (!isOwnKey(key)) {
            props.setProperty(key, value);
          }
        });
    return props;
  }

  /** Settings handed to the registry serdes. */
  public Map<String, String> serdeConfig() {
    Map<String, String> serde = new TreeMap<>();
    values.forEach(
        (key, value) -> {
          if (key.startsWith("schema.registry.")
              || key.startsWith("basic.auth.")
              || key.equals("auto.register.schemas")) {
            serde.put(key, value);
          }
        });
    return serde;
  }

  /** A copy with {@code key} set to {@code value}. */
  public DemandflowConfig with(String key, String value) {
    Map<String, String> copy = new TreeMap<>(values);
    copy.put(key, value);
    return new DemandflowConfig(copy);
  }

  /** The settings with every secret replaced by {@code [hidden]}, safe to log. */
  public Map<String, String> redacted() {
    Map<String, String> safe = new TreeMap<>();
    values.forEach((key, value) -> safe.put(key, isSecret(key) ? "[hidden]" : value));
    return safe;
  }

  /** Whether a setting holds a secret that must never be logged. */
  public static boolean isSecret(String key) {
    return SECRET_KEY.matcher(key).matches();
  }

  private static boolean isOwnKey(String key) {
    return OWN_KEY_PREFIXES.stream().anyMatch(key::startsWith);
  }

  @Override
  public String toString() {
    return "DemandflowConfig" + redacted();
  }

  /** Applies the sources in precedence order; call the methods lowest precedence first. */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>(DEFAULTS);

    private Builder() {}

    /** Layer 2: a Java properties file. */
    public Builder withPropertiesFile(Path file) {
      if (file == null) {
        return this;
      }
      Properties props = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        props.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read configuration file " + file + ": " + e.getMessage(), e);
      }
      props.stringPropertyNames().forEach(key -> values.put(key, props.getProperty(key).trim()));
      return this;
    }

    /**
     * Layer 3: environment variables named {@code DEMANDFLOW_*}; the explicit {@code
     * DEMANDFLOW_KAFKA_*} form is applied last so it wins over a short form naming the same key.
     */
    public Builder withEnvironment(Map<String, String> environment) {
      putVariables(environment, false);
      putVariables(environment, true);
      return this;
    }

    private void putVariables(Map<String, String> environment, boolean kafkaForm) {
      environment.forEach(
          (name, value) -> {
            String key = keyOfEnvironmentVariable(name);
            if (key != null && EnvironmentKeys.isKafkaForm(name) == kafkaForm) {
              values.put(key, value);
            }
          });
    }

    /** Layer 4 (and tests): explicit settings. */
    public Builder with(Map<String, String> settings) {
      settings.forEach(
          (key, value) -> {
            if (value != null) {
              values.put(key, value);
            }
          });
      return this;
    }

    public Builder with(String key, String value) {
      if (value != null) {
        values.put(key, value);
      }
      return this;
    }

    public DemandflowConfig build() {
      return new DemandflowConfig(values);
    }
  }

  /**
   * The setting an environment variable names, or null when it is not one of ours ({@link
   * EnvironmentKeys} has the rules). Public so the documentation and its test agree with the code.
   */
  public static String keyOfEnvironmentVariable(String name) {
    return EnvironmentKeys.keyOf(
        name, EnvironmentKeys.ownSettings(DEFAULTS.keySet(), KNOWN_OWN_KEY_PREFIXES));
  }

  /** Families of demandflow settings without defaults of their own (topic names and so on). */
  private static final Set<String> KNOWN_OWN_KEY_PREFIXES =
      Set.of(
          "demandflow.topic.",
          "demandflow.topics.",
          "demandflow.allocation.",
          "demandflow.signals.",
          "demandflow.http.",
          "demandflow.rocksdb.");
}
