package io.demandflow.testkit;

import org.testcontainers.utility.DockerImageName;

/**
 * The container images tests may run, pinned in one place.
 *
 * <p>Why: the broker version in containers must match the Kafka client and embedded broker version
 * ({@code kafka.version} in the parent POM); upgrading Kafka means changing it here and nowhere
 * else.
 */
public final class KafkaImages {

  /** The official Apache Kafka image, same version as the embedded broker. */
  public static final DockerImageName KAFKA = DockerImageName.parse("apache/kafka:4.4.0");

  private KafkaImages() {}
}
