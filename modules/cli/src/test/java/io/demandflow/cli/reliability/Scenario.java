package io.demandflow.cli.reliability;

import io.demandflow.events.AllocationRequest;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.Order;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.Supply;
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
import org.apache.avro.specific.SpecificRecord;

/**
 * A seeded simulator scenario (orders, amendments, cancellations, allocation requests and releases,
 * supply, licenses, the CN policy with import CONDITIONAL instead of PENDING): the events, cut into
 * {@linkplain #phases(int) phases} for publishing, plus the product prices, region revenue-share
 * rates and final supply the ledger checks need.
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

  /** A group of events published together, then processed fully before the next one. */
  record Phase(String name, List<SpecificRecord> events) {}

  /**
   * The events as phases, each to be published only once everything before it is fully processed (a
   * barrier, as in SPEC §4). The events are cut into blocks of {@code blockSize}; each block
   * becomes up to three phases, in file order within each: its supply, license and policy events,
   * then its orders, then its allocation requests and releases. So the ledger never has inputs of
   * two kinds to choose between that do not commute: supply, license and policy changes commute (a
   * license or policy only affects later requests; supply only its own product and period), the
   * other two kinds are alone in their phase. The first block's first phase holds the setup, so no
   * order or request comes before the CN policy (otherwise a CN request would be taken as one to a
   * region without policy: no license needed, no revenue share).
   */
  List<Phase> phases(int blockSize) {
    List<Phase> phases = new ArrayList<>();
    for (int from = 0; from < events.size(); from += blockSize) {
      List<SpecificRecord> block = events.subList(from, Math.min(events.size(), from + blockSize));
      List<SpecificRecord> state = new ArrayList<>();
      List<SpecificRecord> orders = new ArrayList<>();
      List<SpecificRecord> requests = new ArrayList<>();
      for (SpecificRecord event : block) {
        if (event instanceof Order) {
          orders.add(event);
        } else if (event instanceof AllocationRequest) {
          requests.add(event);
        } else {
          state.add(event);
        }
      }
      int blockNumber = from / blockSize + 1;
      addPhase(phases, "block " + blockNumber + " supply, licenses and policies", state);
      addPhase(phases, "block " + blockNumber + " orders", orders);
      addPhase(phases, "block " + blockNumber + " allocation requests", requests);
    }
    return phases;
  }

  private static void addPhase(List<Phase> phases, String name, List<SpecificRecord> events) {
    if (!events.isEmpty()) {
      phases.add(new Phase(name, List.copyOf(events)));
    }
  }

  /** The latest committed supply per product|period, as the ledger should hold it (S). */
  Map<String, Long> finalSupply() {
    Map<String, Long> supply = new HashMap<>();
    for (SpecificRecord event : events) {
      if (event instanceof Supply s) {
        supply.put(s.getProduct() + "|" + s.getPeriod(), s.getUnits());
      }
    }
    return supply;
  }

  /**
   * Publishes one phase through the validating publisher, as fast as it goes, and waits for every
   * acknowledgement.
   */
  static void publish(DemandflowPublisher publisher, Phase phase) {
    List<CompletableFuture<?>> acks = new ArrayList<>(phase.events().size());
    for (SpecificRecord event : phase.events()) {
      acks.add(publisher.publish(event));
    }
    publisher.flush();
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
  }
}
