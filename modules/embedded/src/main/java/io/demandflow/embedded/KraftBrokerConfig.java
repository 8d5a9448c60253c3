package io.demandflow.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code server.properties} of the single-node KRaft broker: combined broker and controller,
 * replication factor 1, sized for a 2-core laptop, with the builder's extra properties last so they
 * override the embedded defaults.
 *
 * @param host host to bind and advertise
 * @param clientListener the client listener's name and security protocol
 * @param logDirectory the KRaft log directory ({@code log.dirs})
 * @param defaultPartitions {@code num.partitions}
 * @param overrides broker properties applied after the defaults
 */
record KraftBrokerConfig(
    String host,
    ClientListener clientListener,
    Path logDirectory,
    int defaultPartitions,
    Map<String, String> overrides) {

  /** The only node id: the broker is also the single KRaft voter. */
  static final int NODE_ID = 1;

  KraftBrokerConfig {
    overrides = Map.copyOf(overrides);
  }

  /**
   * The broker properties for the given ports.
   *
   * @param ports the client and controller listener ports
   * @return new properties
   */
  Properties properties(ListenerPorts ports) {
    String listenerName = clientListener.name();
    String controller = ClientListener.CONTROLLER_LISTENER_NAME;
    String clientAddress = host + ":" + ports.client();
    String controllerAddress = host + ":" + ports.controller();
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + controllerAddress);
    p.put(
        "listeners",
        listenerName + "://" + clientAddress + "," + controller + "://" + controllerAddress);
    p.put("advertised.listeners", listenerName + "://" + clientAddress);
    p.put(
        "listener.security.protocol.map",
        listenerName
            + ":"
            + clientListener.securityProtocol().name
            + ","
            + controller
            + ":PLAINTEXT");
    p.put("inter.broker.listener.name", listenerName);
    p.put("controller.listener.names", controller);
    p.put("log.dirs", logDirectory.toString());
    p.put("num.partitions", Integer.toString(defaultPartitions));
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", "4");
    // Without this every new consumer group (each Streams app in a test) waits ~3 s.
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    // Sized for a 2-core laptop or CI runner, not for throughput.
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("background.threads", "4");
    // The default 128 MiB compaction buffer would be allocated on the heap of the host JVM.
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    p.put("log.cleaner.threads", "1");
    p.putAll(overrides);
    Properties props = new Properties();
    props.putAll(p);
    return props;
  }
}
