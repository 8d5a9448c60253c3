package io.demandflow.testkit;

import org.testcontainers.DockerClientFactory;

/** Asks Testcontainers once per JVM whether a Docker engine answers; the probe is slow. */
final class DockerAvailability {

  private static volatile Boolean available;

  private DockerAvailability() {}

  static boolean isDockerAvailable() {
    Boolean known = available;
    if (known == null) {
      synchronized (DockerAvailability.class) {
        known = available;
        if (known == null) {
          known = probe();
          available = known;
        }
      }
    }
    return known;
  }

  private static boolean probe() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
