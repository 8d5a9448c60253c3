package io.demandflow.cli.reliability;

import static org.awaitility.Awaitility.await;

import io.demandflow.ingest.DemandflowPublisher;
import io.demandflow.pipeline.orderbook.OrderBookFlushes;
import io.demandflow.replay.ProcessingBarrier;
import io.demandflow.topics.TopicNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a scenario's {@linkplain Scenario#phases(int) phases} one by one, each only when the
 * previous one has been fully processed by every sub-topology ({@link ProcessingBarrier}: the
 * application's committed offsets leave nothing readable in any of its input and repartition
 * topics) and the order book has been flushed (what it holds given to the ledger, then the barrier
 * again), as a replay does at its barriers (SPEC §4, §5).
 *
 * <p>Under failure, a phase is also held back until enough failures have happened ({@code failures}
 * at least {@code minFailures × phase / (phases − 1)}), so that the failures are spread over the
 * phases and the last one cannot be processed before {@code minFailures} of them.
 */
final class PhasedPublishing {

  private static final Logger LOG = LoggerFactory.getLogger(PhasedPublishing.class);

  /**
   * What a phased run took.
   *
   * @param phases phases published
   * @param barriers barriers passed (one after every phase, the last one included)
   * @param barrierRetries barrier attempts that failed (a broker restart, or internal topics not
   *     created yet) and were made again
   * @param seconds from the first phase until the last one was processed
   */
  record Figures(int phases, int barriers, int barrierRetries, long seconds) {}

  private final Supplier<ProcessingBarrier> barriers;
  private final Duration phaseTimeout;
  private final Map<String, Object> client;
  private ProcessingBarrier barrier;
  private int barrierRetries;

  private PhasedPublishing(
      Supplier<ProcessingBarrier> barriers, Duration phaseTimeout, Map<String, Object> client) {
    this.barriers = barriers;
    this.phaseTimeout = phaseTimeout;
    this.client = client;
  }

  /**
   * Publishes {@code phases} through a publisher with {@code client}'s settings (its topic names
   * included), waiting after each one with a barrier from {@code barriers}.
   */
  static Figures run(
      Map<String, Object> client,
      List<Scenario.Phase> phases,
      Supplier<ProcessingBarrier> barriers,
      IntSupplier failures,
      int minFailures,
      Duration phaseTimeout)
      throws InterruptedException {
    PhasedPublishing run = new PhasedPublishing(barriers, phaseTimeout, client);
    long began = System.nanoTime();
    int passed = 0;
    try (DemandflowPublisher publisher = DemandflowPublisher.create(client)) {
      for (int i = 0; i < phases.size(); i++) {
        int needed = phases.size() == 1 ? minFailures : minFailures * i / (phases.size() - 1);
        if (failures.getAsInt() < needed) {
          await("at least " + needed + " failures before phase " + (i + 1))
              .atMost(phaseTimeout)
              .pollInterval(Duration.ofMillis(200))
              .until(() -> failures.getAsInt() >= needed);
        }
        long phaseBegan = System.nanoTime();
        Scenario.publish(publisher, phases.get(i));
        run.awaitProcessed(phases.get(i));
        passed++;
        LOG.info(
            "phase {}/{} '{}' ({} events) processed in {} ms",
            i + 1,
            phases.size(),
            phases.get(i).name(),
            phases.get(i).events().size(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - phaseBegan));
      }
    } finally {
      run.closeBarrier();
    }
    return new Figures(
        phases.size(),
        passed,
        run.barrierRetries,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
  }

  private void awaitProcessed(Scenario.Phase phase) throws InterruptedException {
    long deadline = System.nanoTime() + phaseTimeout.toNanos();
    while (true) {
      try {
        if (barrier == null) {
          barrier = barriers.get();
        }
        barrier.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        flushOrderBook(phase);
        barrier.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        return;
      } catch (RuntimeException e) {
        // A broker that restarts can fail a request of the barrier; a fresh one starts over.
        closeBarrier();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "phase '" + phase.name() + "' was not processed within " + phaseTimeout, e);
        }
        barrierRetries++;
        LOG.info("barrier after phase '{}' failed ({}); trying again", phase.name(), e.toString());
        // A pause before the next attempt, not synchronisation: the barrier decides.
        TimeUnit.SECONDS.sleep(1);
      }
    }
  }

  /** Asks the order book to give the ledger what it holds (replay does so at every barrier). */
  private void flushOrderBook(Scenario.Phase phase) throws InterruptedException {
    Map<String, Object> producerProps = new HashMap<>(client);
    producerProps.keySet().removeIf(key -> key.startsWith("demandflow."));
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      OrderBookFlushes.requestFlush(
          producer, TopicNames.from(client), "crash test, after phase " + phase.name());
    }
  }

  private void closeBarrier() {
    if (barrier != null) {
      try {
        barrier.close();
      } catch (RuntimeException e) {
        LOG.debug("closing a failed barrier", e);
      }
      barrier = null;
    }
  }
}
