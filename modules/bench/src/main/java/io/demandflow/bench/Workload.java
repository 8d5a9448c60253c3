package io.demandflow.bench;

import io.demandflow.events.Order;
import io.demandflow.ingest.DemandflowPublisher;
import io.demandflow.ingest.simulate.Simulator;
import io.demandflow.pipeline.app.DemandflowConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;

/**
 * The benchmark's input: seeded simulator events (orders with amendments and cancellations,
 * allocation requests and releases, supply, licenses, the CN policy), published through the
 * validating {@link DemandflowPublisher} to the topics a configuration names.
 */
final class Workload {

  /** Event times start here, one second apart: the same seed gives the same events. */
  static final Instant START = Instant.parse("2026-02-01T00:00:00Z");

  static final YearMonth FIRST_PERIOD = YearMonth.of(2026, 3);

  /** Distinct order shapes the pre-load copies; enough to spread over customers and months. */
  private static final int PRELOAD_TEMPLATES = 2_000;

  private Workload() {}

  /** A simulator with the benchmark's settings. */
  static Simulator simulator(long seed) {
    return new Simulator(Simulator.Settings.defaults(seed, FIRST_PERIOD));
  }

  /** Publishes {@code count} simulator events and waits until the broker has them all. */
  static void publishSimulated(DemandflowConfig config, long seed, int count) {
    Iterator<SpecificRecord> events = simulator(seed).events(START, Duration.ofSeconds(1));
    try (Sender sender = new Sender(config)) {
      for (int i = 0; i < count; i++) {
        sender.send(events.next());
      }
    }
  }

  /**
   * Publishes the simulator's opening events (policy, licenses, supply) and then {@code openOrders}
   * distinct placed orders, so that the pipeline's state holds that many open orders. The orders
   * copy the shapes of simulated ones under ids of their own ({@code PRELOAD-n}), which no later
   * simulator event touches; copying keeps the generator from holding a million orders in memory,
   * which would blur the resident-memory figure.
   */
  static void publishOpenOrders(DemandflowConfig config, long seed, int openOrders) {
    Simulator simulator = simulator(seed ^ 0x5EED);
    List<Order> templates = new ArrayList<>();
    try (Sender sender = new Sender(config)) {
      Instant time = START.minus(Duration.ofDays(1));
      while (templates.size() < PRELOAD_TEMPLATES) {
        SpecificRecord event = simulator.next(time);
        if (event instanceof Order order) {
          if (order.getRevision() == 1) {
            templates.add(order);
          }
        } else if (templates.isEmpty()) {
          sender.send(event); // the scene: everything before the first order
        }
      }
      for (int i = 0; i < openOrders; i++) {
        Order template = templates.get(i % templates.size());
        sender.send(
            Order.newBuilder(template)
                .setOrderId(String.format("PRELOAD-%08d", i + 1))
                .setEventTime(time)
                .build());
      }
    }
  }

  /** Publishes events and, on close, waits for every acknowledgement and fails on any error. */
  private static final class Sender implements AutoCloseable {
    private final DemandflowPublisher publisher;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Sender(DemandflowConfig config) {
      java.util.Map<String, Object> settings = new java.util.HashMap<>(config.asMap());
      // Throughput, not latency, while pre-producing: larger batches.
      settings.put("linger.ms", "20");
      settings.put("batch.size", String.valueOf(256 * 1024));
      settings.put("client.id", "bench-workload");
      this.publisher = DemandflowPublisher.create(settings);
    }

    void send(SpecificRecord event) {
      publisher
          .publish(event)
          .whenComplete(
              (metadata, error) -> {
                if (error != null) {
                  failure.compareAndSet(null, error);
                }
              });
    }

    @Override
    public void close() {
      publisher.close();
      Throwable error = failure.get();
      if (error != null) {
        throw new IllegalStateException(
            "the workload could not be published: " + error.getMessage(), error);
      }
    }
  }
}
