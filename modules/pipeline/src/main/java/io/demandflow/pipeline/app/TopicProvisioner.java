package io.demandflow.pipeline.app;

import io.demandflow.topics.TopicNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates demandflow's input and output topics when they are missing, each with its {@link
 * TopicConfigs} (retention, cleanup policy, timestamp type). Existing topics are left as they are.
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private TopicProvisioner() {}

  /** Creates every topic of {@code topics} that does not exist yet; existing ones are left. */
  public static void ensureTopics(DemandflowConfig config, TopicNames topics) {
    int partitions = config.getInt(DemandflowConfig.TOPIC_PARTITIONS);
    short replication = (short) config.getInt(DemandflowConfig.TOPIC_REPLICATION_FACTOR);
    List<NewTopic> wanted = new ArrayList<>();
    TopicConfigs.of(config, topics)
        .forEach((name, configs) -> wanted.add(newTopic(name, partitions, replication, configs)));
    try (Admin admin = Admin.create(config.kafkaProperties())) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          wanted.stream().filter(topic -> !existing.contains(topic.name())).toList();
      if (missing.isEmpty()) {
        return;
      }
      for (var entry : admin.createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get();
          log.info("created topic {}", entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e);
    }
  }

  private static NewTopic newTopic(
      String name, int partitions, short replication, Map<String, String> configs) {
    Optional<Short> rf = replication > 0 ? Optional.of(replication) : Optional.empty();
    return new NewTopic(name, Optional.of(partitions), rf).configs(configs);
  }
}
