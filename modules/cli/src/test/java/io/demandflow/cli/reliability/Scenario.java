package io.demandflow.cli.reliability;

import io.demandflow.events.ImportStatus;
import io.demandflow.events.Order;
import io.demandflow.events.RegionPolicy;
import io.demandflow.ingest.DemandflowPublisher;
import io.demandflow.ingest.simulate.Simulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;

/**
 * A seeded simulator scenario (orders, amendments, cancellations, allocation requests and releases,
 * supply, licenses, the CN policy with import CONDITIONAL instead of PENDING): the events, plus the
 * product prices and region revenue-share rates the ledger checks need.
 */
final class Scenario {

  private final List<SpecificRecord> events;
  private final Map<String, BigDecimal> priceByProduct = new HashMap<>();
  private final Map<String, BigDecimal> rateByRegion = new HashMap<>();

  private Scenario(List<SpecificRecord> events) {
    this.events = events;
    for (SpecificRecord event : events) {
      if (event instanceof Order order) {
        BigDecimal previous = priceByProduct.put(order.getProduct(), order.getUnitPrice());
        if (previous != null && previous.compareTo(order.getUnitPrice()) != 0) {
          throw new IllegalStateException("the checks assume one price per product");
        }
      } else if (event instanceof RegionPolicy policy) {
        rateByRegion.put(policy.getRegion(), policy.getRevenueShareRate());
      }
    }
  }

  static Scenario generate(long seed, int size) {
    Iterator<SpecificRecord> simulator =
        new Simulator(Simulator.Settings.defaults(seed, YearMonth.of(2026, 3)))
            .events(Instant.parse("2026-01-05T00:00:00Z"), Duration.ofSeconds(1));
    List<SpecificRecord> events = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      SpecificRecord event = simulator.next();
      // The shipped CN policy has import PENDING, which rejects every CN request; CONDITIONAL lets
      // CN grants (and their 25 % revenue share) happen, so the revenue checks have work to do.
      if (event instanceof RegionPolicy policy
          && policy.getImportStatus() == ImportStatus.PENDING) {
        event = RegionPolicy.newBuilder(policy).setImportStatus(ImportStatus.CONDITIONAL).build();
      }
      events.add(event);
    }
    return new Scenario(events);
  }

  List<SpecificRecord> events() {
    return events;
  }

  Map<String, BigDecimal> priceByProduct() {
    return priceByProduct;
  }

  Map<String, BigDecimal> rateByRegion() {
    return rateByRegion;
  }

  /**
   * How many events set the scene (policy, licenses, supply) before the first order. The ledger
   * takes a CN request before it has seen the CN policy as a request to a region without policy (no
   * license needed, no revenue share), which is correct but not what the scenario means: runs
   * publish the setup, wait until it is processed (a barrier, as in SPEC §4), then the rest.
   */
  int setupSize() {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) instanceof Order) {
        return i;
      }
    }
    return events.size();
  }

  /** The setup events, as fast as possible. */
  void publishSetup(Map<String, ?> client) throws InterruptedException {
    publish(client, Integer.MAX_VALUE, 0, setupSize());
  }

  /** The events after the setup, at most {@code perSecond} a second. */
  void publishRest(Map<String, ?> client, int perSecond) throws InterruptedException {
    publish(client, perSecond, setupSize(), events.size());
  }

  /**
   * Publishes events {@code from} (inclusive) to {@code to} through the validating publisher, at
   * most {@code perSecond} a second so that the run lasts long enough to be interrupted, and waits
   * for every acknowledgement. {@code client} may rename the input topics ({@code
   * demandflow.topic.*}).
   */
  private void publish(Map<String, ?> client, int perSecond, int from, int to)
      throws InterruptedException {
    int batch = Math.max(1, perSecond / 10);
    try (DemandflowPublisher publisher = DemandflowPublisher.create(client)) {
      List<CompletableFuture<?>> acks = new ArrayList<>();
      for (int i = from; i < to; i++) {
        acks.add(publisher.publish(events.get(i)));
        if (perSecond < Integer.MAX_VALUE && (i + 1) % batch == 0) {
          // Pacing, not synchronisation: spread the scenario over the kills.
          TimeUnit.MILLISECONDS.sleep(100);
        }
      }
      publisher.flush();
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    }
  }
}
