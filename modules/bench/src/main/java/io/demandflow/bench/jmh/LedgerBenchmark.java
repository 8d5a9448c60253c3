package io.demandflow.bench.jmh;

import io.demandflow.domain.allocation.AllocationLedger;
import io.demandflow.domain.allocation.AllocationSettings;
import io.demandflow.domain.allocation.InMemoryLedgerState;
import io.demandflow.domain.allocation.UsDemandChanges;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.Order;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.Supply;
import io.demandflow.ingest.simulate.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The pure US-first allocation rules (R4-R6): {@link AllocationLedger} over {@link
 * InMemoryLedgerState} fed simulator events, as the pipeline's ledger processor feeds it; no Kafka.
 * Score: events per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LedgerBenchmark {

  static final int EVENTS = 100_000;

  private List<SpecificRecord> events;
  private AllocationLedger ledger;
  private Map<String, Order> orders;

  /** Simulator events, generated once: the benchmark times the rules, not the generator. */
  static List<SpecificRecord> simulatorEvents(int count) {
    Iterator<SpecificRecord> source =
        new Simulator(Simulator.Settings.defaults(42, YearMonth.of(2026, 3)))
            .events(Instant.parse("2026-02-01T00:00:00Z"), Duration.ofSeconds(1));
    List<SpecificRecord> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(source.next());
    }
    return list;
  }

  @Setup(Level.Trial)
  public void generate() {
    events = simulatorEvents(EVENTS);
  }

  /** A fresh, empty ledger for every pass over the events (one pass takes far over a second). */
  @Setup(Level.Invocation)
  public void freshLedger() {
    ledger = new AllocationLedger(new InMemoryLedgerState(), AllocationSettings.DEFAULTS);
    orders = new HashMap<>();
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void allocationLedger(Blackhole sink) {
    for (SpecificRecord event : events) {
      if (event instanceof Order order) {
        // As the pipeline's order book does: the order's grants, then its change of US demand.
        Order previous = orders.put(order.getOrderId(), order);
        sink.consume(ledger.onOrder(order));
        for (UsDemandChanges.Change change :
            UsDemandChanges.of(previous, order, AllocationSettings.DEFAULTS.priorityRegion())) {
          sink.consume(
              ledger.onUsDemand(
                  change.product(), change.period(), change.units(), order.getEventTime()));
        }
      } else if (event instanceof AllocationRequest request) {
        sink.consume(ledger.onRequest(request, orders.get(request.getOrderId())));
      } else if (event instanceof Supply supply) {
        sink.consume(
            ledger.onSupply(
                supply.getProduct(), supply.getPeriod(), supply.getUnits(), supply.getEventTime()));
      } else if (event instanceof ExportLicense license) {
        ledger.onLicense(license.getCustomerId(), license.getRegion(), license);
      } else if (event instanceof RegionPolicy policy) {
        ledger.onPolicy(policy.getRegion(), policy);
      }
    }
  }
}
