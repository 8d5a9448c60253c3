package io.demandflow.commands;

import io.demandflow.pipeline.app.DemandflowConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The connection and configuration options every command that talks to a cluster shares. The
 * precedence (defaults, file, environment, flags) is implemented once, in {@link DemandflowConfig}.
 */
public final class ConnectionOptions {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Java properties file: Kafka client, Streams, registry and demandflow settings.")
  Path configFile;

  @Option(
      names = {"-b", "--bootstrap-server"},
      paramLabel = "HOST:PORT[,HOST:PORT...]",
      description = "Kafka bootstrap servers (overrides bootstrap.servers).")
  String bootstrapServers;

  @Option(
      names = {"-r", "--schema-registry-url"},
      paramLabel = "URL",
      description = "Schema Registry URL (overrides schema.registry.url).")
  String schemaRegistryUrl;

  @Option(
      names = {"-D", "--set"},
      paramLabel = "KEY=VALUE",
      description = "Any setting, highest precedence (repeatable), e.g. -D num.stream.threads=2.")
  Map<String, String> settings = new LinkedHashMap<>();

  /** Defaults, then the file, then the environment, then these flags. */
  public DemandflowConfig resolve(Map<String, String> environment) {
    return resolve(environment, Map.of());
  }

  /**
   * Like {@link #resolve(Map)} with {@code commandDefaults} applied just above the built-in
   * defaults, for commands (such as {@code demo}) that point at their own embedded cluster.
   */
  public DemandflowConfig resolve(
      Map<String, String> environment, Map<String, String> commandDefaults) {
    DemandflowConfig.Builder builder =
        DemandflowConfig.builder()
            .with(commandDefaults)
            .withPropertiesFile(configFile)
            .withEnvironment(environment)
            .with(DemandflowConfig.BOOTSTRAP_SERVERS, bootstrapServers)
            .with(DemandflowConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl)
            .with(settings);
    return builder.build();
  }
}
