package io.demandflow.commands;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Prints demandflow's version and the Kafka client version it was built with. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {
      "demandflow " + (version == null ? "dev" : version),
      "Kafka clients " + kafkaVersion(),
      "Java " + System.getProperty("java.version")
    };
  }

  /** Read from the resource kafka-clients ships, not from its internal classes. */
  private static String kafkaVersion() {
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/kafka/kafka-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties props = new Properties();
      props.load(in);
      return props.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
