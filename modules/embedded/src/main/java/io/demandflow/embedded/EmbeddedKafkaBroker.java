package io.demandflow.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) running in this JVM.
 *
 * <p>Why: the demo, {@code replay}, local development and the integration tests need a broker that
 * behaves exactly like production Kafka (transactions, consumer groups, compaction) without Docker
 * and without a separate installation. Running {@link KafkaRaftServer} in-process starts in a few
 * seconds and needs nothing but the Kafka jars.
 *
 * <p>Lifecycle: {@link #start()} formats the data directory (idempotently) and returns once the
 * broker answers an Admin {@code describeCluster} with <em>our</em> cluster id (a port clash could
 * otherwise send clients silently to another broker). {@link #stop()} and {@link #restart()} keep
 * the data and the ports, so a test can kill the broker mid-run and clients reconnect to the same
 * {@link #bootstrapServers()}. {@link #close()} stops the broker and deletes the data directory if
 * it was a temporary one.
 *
 * <p>Security: the client listener is described by {@link ClientListener}; extra broker properties
 * (listener-prefixed SASL/SSL settings, an authorizer, {@code super.users}), extra {@code
 * kafka-storage format} arguments (such as {@code --add-scram}) and the client properties used by
 * the readiness probe can be given to the {@link Builder}. Without them the broker is PLAINTEXT.
 *
 * <p>Logging: the broker logs through SLF4J; this module adds no binding, so the application
 * decides (keep {@code kafka} and {@code org.apache.kafka} at WARN for a quiet console).
 *
 * <p>Parts: {@link KraftBrokerConfig} writes the broker properties, {@link KraftDataDirectory}
 * formats and deletes the data, {@link ListenerPorts} finds free ports and {@link
 * BrokerReadinessProbe} waits for the broker; this class owns the lifecycle.
 *
 * <p>Thread safety: lifecycle methods are synchronized; accessors may be called from any thread.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private static final int MAX_PORT_ATTEMPTS = 3;

  private enum State {
    NEW,
    RUNNING,
    STOPPED,
    CLOSED
  }

  private final String host;
  private final ListenerPorts requestedPorts;
  private final KraftDataDirectory data;
  private final KraftBrokerConfig config;
  private final ClientListener clientListener;
  private final Map<String, Object> clientSecurityProperties;
  private final List<String> extraFormatArguments;
  private final int defaultPartitions;
  private final Duration startTimeout;
  private final String requestedClusterId;

  private volatile ListenerPorts ports;
  private volatile String clusterId;
  private volatile State state = State.NEW;
  private KafkaRaftServer server;

  private EmbeddedKafkaBroker(Builder builder) {
    this.host = builder.host;
    this.requestedPorts = new ListenerPorts(builder.port, builder.controllerPort);
    this.ports = requestedPorts;
    this.clientListener = builder.clientListener;
    this.clientSecurityProperties = Map.copyOf(builder.clientSecurityProperties);
    this.extraFormatArguments = List.copyOf(builder.extraFormatArguments);
    this.defaultPartitions = builder.defaultPartitions;
    this.startTimeout = builder.startTimeout;
    this.requestedClusterId = builder.clusterId;
    this.data = KraftDataDirectory.keptOrTemporary(builder.dataDirectory);
    this.config =
        new KraftBrokerConfig(
            host,
            clientListener,
            data.logDirectory(),
            defaultPartitions,
            builder.extraBrokerProperties);
  }

  /**
   * A builder with the defaults: 127.0.0.1, free ports, a temporary data directory, PLAINTEXT.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Formats the data directory if needed, starts the broker and waits until it answers with our
   * cluster id. Calling it on a running broker does nothing; on a stopped one it restarts it.
   *
   * @return this broker, running
   * @throws IllegalStateException if the broker is closed, could not start in time, or another
   *     cluster answers on our port
   */
  public synchronized EmbeddedKafkaBroker start() {
    switch (state) {
      case RUNNING:
        return this;
      case CLOSED:
        throw new IllegalStateException("broker is closed");
      case STOPPED:
        long restartBegan = System.nanoTime();
        startServer();
        LOG.info(
            "Kafka broker {} restarted in {} ms",
            bootstrapServers(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartBegan));
        return this;
      case NEW:
      default:
        break;
    }
    long began = System.nanoTime();
    data.createLogDirectory();
    clusterId = data.resolveClusterId(requestedClusterId);
    for (int attempt = 1; ; attempt++) {
      if (requestedPorts.anyToPick()) {
        ports = requestedPorts.reserveOn(host);
      }
      try {
        Properties props = config.properties(ports);
        data.format(props, clusterId, extraFormatArguments);
        startServer(props);
        break;
      } catch (RuntimeException e) {
        if (requestedPorts.anyToPick()
            && attempt < MAX_PORT_ATTEMPTS
            && ListenerPorts.isBindFailure(e)) {
          LOG.warn("Port taken between picking and binding, retrying with other ports", e);
          continue;
        }
        throw e;
      }
    }
    LOG.info(
        "Kafka broker {} (cluster {}) started in {} ms",
        bootstrapServers(),
        clusterId,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    return this;
  }

  /**
   * Stops the broker, keeping its data and ports for {@link #restart()}. Does nothing unless
   * running.
   */
  public synchronized void stop() {
    if (state != State.RUNNING) {
      return;
    }
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      server = null;
      state = State.STOPPED;
    }
  }

  /**
   * Stops the broker (if running) and starts it again on the same ports with the same data.
   *
   * @return this broker, running
   */
  public synchronized EmbeddedKafkaBroker restart() {
    if (state == State.NEW) {
      return start();
    }
    stop();
    return start();
  }

  /** Stops the broker and deletes the data directory if it was a temporary one. Idempotent. */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    try {
      stop();
    } finally {
      state = State.CLOSED;
      if (!data.deleteIfTemporary()) {
        LOG.warn("Could not delete {}", data.root());
      }
    }
  }

  /**
   * The {@code bootstrap.servers} value for clients, stable across {@link #restart()}.
   *
   * @return {@code host:port}
   * @throws IllegalStateException before the first start
   */
  public String bootstrapServers() {
    requireStarted();
    return host + ":" + ports.client();
  }

  /**
   * The KRaft cluster id of this broker (read from the data directory when it was already
   * formatted).
   *
   * @return the cluster id
   */
  public String clusterId() {
    requireStarted();
    return clusterId;
  }

  /**
   * The client listener port.
   *
   * @return the port, fixed after the first start
   */
  public int port() {
    requireStarted();
    return ports.client();
  }

  /**
   * The KRaft controller listener port.
   *
   * @return the port, fixed after the first start
   */
  public int controllerPort() {
    requireStarted();
    return ports.controller();
  }

  /**
   * Where the broker keeps its log directory and its generated {@code server.properties}.
   *
   * @return the data directory
   */
  public Path dataDirectory() {
    return data.root();
  }

  /**
   * Whether the data directory is a temporary one, deleted by {@link #close()}.
   *
   * @return true if temporary
   */
  public boolean hasTemporaryDataDirectory() {
    return data.temporary();
  }

  /**
   * Whether the broker is running now.
   *
   * @return true between a successful start and stop/close
   */
  public boolean isRunning() {
    return state == State.RUNNING;
  }

  /**
   * The number of partitions of topics created without an explicit count ({@code num.partitions}).
   *
   * @return the default partition count
   */
  public int defaultPartitions() {
    return defaultPartitions;
  }

  /**
   * The client listener (name and security protocol).
   *
   * @return the client listener
   */
  public ClientListener clientListener() {
    return clientListener;
  }

  /**
   * Properties any Kafka client needs to reach this broker: {@code bootstrap.servers} plus the
   * client security properties given to the builder.
   *
   * @return a new mutable map
   */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>(clientSecurityProperties);
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return props;
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaBroker{"
        + (state == State.NEW ? "" : host + ":" + ports.client() + ", cluster " + clusterId + ", ")
        + state
        + '}';
  }

  // ---------------------------------------------------------------------------------------------

  private void requireStarted() {
    if (state == State.NEW) {
      throw new IllegalStateException("broker not started yet");
    }
  }

  private void startServer() {
    startServer(config.properties(ports));
  }

  private void startServer(Properties props) {
    KafkaRaftServer candidate =
        new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    try {
      candidate.startup();
      server = candidate;
      state = State.RUNNING;
      BrokerReadinessProbe.awaitReady(clientProperties(), clusterId, startTimeout);
    } catch (RuntimeException e) {
      server = null;
      shutdownQuietly(candidate);
      if (state == State.RUNNING) {
        state = State.STOPPED;
      }
      throw e;
    }
  }

  private static void shutdownQuietly(KafkaRaftServer candidate) {
    try {
      candidate.shutdown();
      candidate.awaitShutdown();
    } catch (RuntimeException suppressed) {
      LOG.debug("Ignoring failure while shutting down a broker that failed to start", suppressed);
    }
  }

  /**
   * Options of an {@link EmbeddedKafkaBroker}; every option has a working default.
   *
   * <p>Why a builder: the CLI, local development and the testkit each set a different subset (fixed
   * port for {@code broker}, kept directory for {@code replay}, security for later tests).
   */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private int controllerPort;
    private Path dataDirectory;
    private ClientListener clientListener = ClientListener.PLAINTEXT;
    private final Map<String, String> extraBrokerProperties = new LinkedHashMap<>();
    private final Map<String, Object> clientSecurityProperties = new LinkedHashMap<>();
    private final List<String> extraFormatArguments = new ArrayList<>();
    private int defaultPartitions = 2;
    private Duration startTimeout = Duration.ofSeconds(60);
    private String clusterId;

    private Builder() {}

    /**
     * Host to bind and advertise.
     *
     * @param host host name or address, default {@code 127.0.0.1}
     * @return this builder
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * Client listener port.
     *
     * @param port 0 (default) picks a free port at first start, kept across restarts
     * @return this builder
     */
    public Builder port(int port) {
      this.port = checkPort(port);
      return this;
    }

    /**
     * KRaft controller listener port.
     *
     * @param controllerPort 0 (default) picks a free port at first start
     * @return this builder
     */
    public Builder controllerPort(int controllerPort) {
      this.controllerPort = checkPort(controllerPort);
      return this;
    }

    /**
     * Keeps the broker's data in the given directory (created if missing, never deleted). Without
     * it a temporary directory is used and deleted on close.
     *
     * @param dataDirectory directory
     * @return this builder
     */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
      return this;
    }

    /**
     * The client listener; default {@link ClientListener#PLAINTEXT}.
     *
     * @param clientListener listener name and protocol
     * @return this builder
     */
    public Builder clientListener(ClientListener clientListener) {
      this.clientListener = Objects.requireNonNull(clientListener, "clientListener");
      return this;
    }

    /**
     * A broker property applied after (and so overriding) the embedded defaults.
     *
     * @param name property name
     * @param value property value
     * @return this builder
     */
    public Builder brokerProperty(String name, String value) {
      extraBrokerProperties.put(
          Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Broker properties applied after (and so overriding) the embedded defaults.
     *
     * @param properties properties
     * @return this builder
     */
    public Builder brokerProperties(Map<String, String> properties) {
      properties.forEach(this::brokerProperty);
      return this;
    }

    /**
     * Client properties (such as {@code security.protocol}, {@code sasl.jaas.config}) the broker's
     * readiness probe needs and that {@link EmbeddedKafkaBroker#clientProperties()} returns.
     *
     * @param properties client properties
     * @return this builder
     */
    public Builder clientSecurityProperties(Map<String, ?> properties) {
      clientSecurityProperties.putAll(properties);
      return this;
    }

    /**
     * Extra arguments for {@code kafka-storage format}, e.g. {@code --add-scram
     * SCRAM-SHA-512=[name=admin,password=secret]}.
     *
     * @param arguments arguments appended to the format command
     * @return this builder
     */
    public Builder formatArguments(String... arguments) {
      Collections.addAll(extraFormatArguments, arguments);
      return this;
    }

    /**
     * Partition count of topics created without one ({@code num.partitions}).
     *
     * @param defaultPartitions at least 1, default 2
     * @return this builder
     */
    public Builder defaultPartitions(int defaultPartitions) {
      if (defaultPartitions < 1) {
        throw new IllegalArgumentException("defaultPartitions must be >= 1");
      }
      this.defaultPartitions = defaultPartitions;
      return this;
    }

    /**
     * How long {@link EmbeddedKafkaBroker#start()} waits for the broker to answer.
     *
     * @param startTimeout timeout, default 60 s
     * @return this builder
     */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
      return this;
    }

    /**
     * Cluster id to format a new data directory with; default a random one.
     *
     * @param clusterId a Kafka {@link Uuid} in base64
     * @return this builder
     */
    public Builder clusterId(String clusterId) {
      this.clusterId = Uuid.fromString(clusterId).toString();
      return this;
    }

    /**
     * Builds the broker without starting it.
     *
     * @return a broker in state new
     */
    public EmbeddedKafkaBroker build() {
      return new EmbeddedKafkaBroker(this);
    }

    /**
     * Builds and starts the broker.
     *
     * @return a running broker
     */
    public EmbeddedKafkaBroker start() {
      EmbeddedKafkaBroker broker = build();
      try {
        return broker.start();
      } catch (RuntimeException e) {
        broker.close();
        throw e;
      }
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("invalid port " + port);
      }
      return port;
    }
  }
}
