package io.demandflow.embedded;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

/**
 * Waits until a freshly started broker answers an Admin {@code describeCluster} with the expected
 * cluster id and at least one node.
 *
 * <p>Why the cluster id: if another broker holds the port, clients would silently talk to it; the
 * probe fails the start instead.
 */
final class BrokerReadinessProbe {

  private BrokerReadinessProbe() {}

  /**
   * Polls the broker until it is ready.
   *
   * @param clientProperties properties to reach the broker ({@code bootstrap.servers} and security)
   * @param expectedClusterId the cluster id the broker was formatted with
   * @param timeout how long to keep trying
   * @throws IllegalStateException if another cluster answers, or the broker is not ready in time
   */
  static void awaitReady(
      Map<String, Object> clientProperties, String expectedClusterId, Duration timeout) {
    Map<String, Object> adminProps = new HashMap<>(clientProperties);
    adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "demandflow-embedded-readiness");
    Object bootstrapServers = clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    try (Admin admin = Admin.create(adminProps)) {
      while (System.nanoTime() < deadline) {
        try {
          DescribeClusterResult cluster =
              admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000));
          String answered = cluster.clusterId().get(10, TimeUnit.SECONDS);
          if (!expectedClusterId.equals(answered)) {
            throw new IllegalStateException(
                bootstrapServers
                    + " is answered by cluster "
                    + answered
                    + ", not by our broker (cluster "
                    + expectedClusterId
                    + "): port clash with another broker?");
          }
          if (!cluster.nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
      }
    }
    throw new IllegalStateException(
        "broker on " + bootstrapServers + " not ready within " + timeout, last);
  }
}
