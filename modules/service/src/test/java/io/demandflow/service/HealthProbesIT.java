package io.demandflow.service;

import static io.demandflow.service.ServiceTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KafkaIntegrationTest
class HealthProbesIT {

  @TempDir Path tempDir;

  @Test
  void shouldStayLiveAndTurnNotReadyThenReadyWhenSecondInstanceJoins(KafkaTestEnvironment env)
      throws Exception {
    // Given instance A running and ready, its probes watched continuously
    ServiceTestSupport support = new ServiceTestSupport(env);
    try (DemandflowService a = support.startInstance(tempDir, "a")) {
      ServiceTestSupport.awaitRunning(a);
      assertThat(get(a.url(), "/health/ready").statusCode()).isEqualTo(200);
      ProbeWatcher watcher = new ProbeWatcher(a.url());
      watcher.start();

      // When instance B joins the group, so that A has to rebalance
      try (DemandflowService b = support.startInstance(tempDir, "b")) {
        ServiceTestSupport.awaitRunning(b);

        // Then A's readiness went down during the rebalance and came back, liveness never did
        // (generous bound: on a loaded CI machine the rebalance and its follow-ups take a while;
        // a failure names the answers seen)
        await("A not ready during the rebalance, then ready again")
            .atMost(Duration.ofSeconds(120))
            .untilAsserted(
                () -> {
                  List<Integer> ready = watcher.readySeen();
                  assertThat(ready).as("readiness answers of A, in order").contains(503);
                  assertThat(ready.subList(ready.indexOf(503), ready.size()))
                      .as("readiness answers of A, in order: %s", ready)
                      .contains(200);
                });
        watcher.stop();
        assertThat(watcher.readySeen().get(0)).isEqualTo(200);
        assertThat(watcher.liveSeen()).containsOnly(200);
        // (Streams may run a follow-up rebalance right after, so B is checked for liveness only)
        assertThat(get(b.url(), "/health/live").statusCode()).isEqualTo(200);
      } finally {
        watcher.stop();
      }
    }
  }

  @Test
  void shouldAnswerNotLiveWhenApplicationIsClosed(KafkaTestEnvironment env) throws Exception {
    // Given a running instance
    ServiceTestSupport support = new ServiceTestSupport(env);
    try (DemandflowService a = support.startInstance(tempDir, "a")) {
      ServiceTestSupport.awaitRunning(a);
      assertThat(get(a.url(), "/topology").body()).contains("Sub-topology");

      // When its Kafka Streams client stops (NOT_RUNNING) while the HTTP server is still up
      a.app().close();

      // Then liveness and readiness both fail, naming the state
      var live = get(a.url(), "/health/live");
      assertThat(live.statusCode()).isEqualTo(503);
      assertThat(live.body()).contains("NOT_RUNNING");
      assertThat(get(a.url(), "/health/ready").statusCode()).isEqualTo(503);
    }
  }

  /** Polls the probes of one instance in the background and records the distinct answers. */
  private static final class ProbeWatcher {
    private final URI url;
    private final List<Integer> ready = new CopyOnWriteArrayList<>();
    private final List<Integer> live = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    ProbeWatcher(URI url) {
      this.url = url;
      this.thread = new Thread(this::poll, "probe-watcher");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(5000);
    }

    List<Integer> readySeen() {
      return List.copyOf(ready);
    }

    List<Integer> liveSeen() {
      return List.copyOf(live);
    }

    private void poll() {
      while (running.get()) {
        try {
          record(ready, get(url, "/health/ready").statusCode());
          record(live, get(url, "/health/live").statusCode());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (Exception e) {
          record(live, -1); // unreachable counts as not live
        }
      }
    }

    private static void record(List<Integer> seen, int status) {
      if (seen.isEmpty() || seen.get(seen.size() - 1) != status) {
        seen.add(status);
      }
    }
  }
}
