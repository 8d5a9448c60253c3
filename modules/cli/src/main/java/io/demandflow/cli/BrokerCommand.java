package io.demandflow.cli;

import io.demandflow.commands.ExitCodes;
import io.demandflow.commands.ShutdownSignal;
import io.demandflow.embedded.LocalKafkaStack;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.app.TopicProvisioner;
import io.demandflow.topics.TopicNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demandflow broker}: the embedded Kafka broker and schema registry in the foreground, for
 * local development with {@code streams} and other commands in other terminals.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a single-node Kafka broker (KRaft) and a Confluent-compatible schema registry",
      "in this process until Ctrl-C, creates demandflow's topics, and prints the bootstrap",
      "address and the registry URL for other commands (--bootstrap-server, --schema-registry-url)."
    })
final class BrokerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "Kafka port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--registry-port",
      defaultValue = "0",
      description = "Schema registry port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(
      names = "--data-dir",
      description =
          "Keep the broker's data here across runs; default: a temporary directory removed on exit.")
  Path dataDir;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions of the topics created (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (ShutdownSignal stop = new ShutdownSignal("demandflow-broker", Duration.ofSeconds(30));
        LocalKafkaStack stack =
            LocalKafkaStack.builder()
                .host(host)
                .schemaRegistryPort(registryPort)
                .broker(
                    broker -> {
                      broker.port(port);
                      if (dataDir != null) {
                        broker.dataDirectory(dataDir);
                      }
                    })
                .start()) {
      DemandflowConfig config =
          DemandflowConfig.of(
              Map.of(
                  DemandflowConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers(),
                  DemandflowConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl(),
                  DemandflowConfig.TOPIC_PARTITIONS, Integer.toString(partitions)));
      TopicProvisioner.ensureTopics(config, TopicNames.from(config.asMap()));
      out.println("bootstrap.servers=" + stack.bootstrapServers());
      out.println("schema.registry.url=" + stack.schemaRegistryUrl());
      out.println("Ready. Ctrl-C stops the broker.");
      out.flush();
      stop.awaitStop();
    }
    return ExitCodes.OK;
  }
}
