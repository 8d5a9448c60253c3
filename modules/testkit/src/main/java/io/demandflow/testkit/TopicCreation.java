package io.demandflow.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates test topics (replication factor 1) and waits until they can be used. */
final class TopicCreation {

  private TopicCreation() {}

  /**
   * Creates the topics and waits until every partition has a leader.
   *
   * @param admin admin client
   * @param names topic names
   * @param partitions partitions of each topic
   * @param timeout how long to wait for creation, then again for the leaders
   */
  static void createAndAwaitLeaders(
      Admin admin, List<String> names, int partitions, Duration timeout) {
    List<NewTopic> topics =
        names.stream()
            .map(n -> new NewTopic(n, partitions, (short) 1))
            .collect(Collectors.toList());
    BlockingFutures.get(admin.createTopics(topics).all(), "create topics " + names, timeout);
    awaitLeaders(admin, names, partitions, timeout);
  }

  // The controller acknowledges creation before the broker's metadata cache knows the topic;
  // until then a consumer's partitionsFor() can come back empty. Wait for leaders.
  private static void awaitLeaders(
      Admin admin, List<String> names, int partitions, Duration timeout) {
    await("topics " + names + " to have leaders")
        .pollInSameThread()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .atMost(timeout)
        .ignoreExceptions()
        .until(
            () ->
                admin
                    .describeTopics(names)
                    .allTopicNames()
                    .get(5, TimeUnit.SECONDS)
                    .values()
                    .stream()
                    .allMatch(
                        d ->
                            d.partitions().size() == partitions
                                && d.partitions().stream().allMatch(p -> p.leader() != null)));
  }
}
