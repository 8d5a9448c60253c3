package io.demandflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.domain.allocation.AllocationLedger;
import io.demandflow.domain.allocation.AllocationSettings;
import io.demandflow.domain.allocation.InMemoryLedgerState;
import io.demandflow.events.AllocationDecision;
import io.demandflow.events.AllocationReason;
import io.demandflow.events.AllocationStatus;
import io.demandflow.events.internal.LedgerInput;
import io.demandflow.events.internal.LedgerInputKind;
import io.demandflow.pipeline.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LedgerWorkloadTest {

  private final AllocationLedger ledger =
      new AllocationLedger(new InMemoryLedgerState(), AllocationSettings.DEFAULTS);
  private final List<AllocationDecision> decisions = new ArrayList<>();

  @Test
  void shouldGrantEveryRequestInFullWithoutCutsWhenFedToTheLedger() {
    // Given the setup and 400 pre-loaded requests
    List<LedgerWorkload.Keyed> inputs = new ArrayList<>();
    LedgerWorkload.setup(inputs::add);
    LedgerWorkload.requests(0, 400, inputs::add);
    // And both timed phases after them
    LedgerWorkload.requests(400, 100, inputs::add);
    LedgerWorkload.requestsWithOrderTraffic(500, 100, 400, inputs::add);

    // When the pure ledger processes them as the ledger processor would
    inputs.forEach(this::apply);

    // Then each of the 600 requests was GRANTED in full (no US demand sum or CN rule cut or
    // preempted anything), and each of the 100 order changes cut its order's grant by a unit
    assertThat(decisions)
        .hasSize(500 + (int) LedgerWorkload.decisionsWithOrderTraffic(100))
        .hasSize(700);
    List<AllocationDecision> cuts =
        decisions.stream().filter(d -> d.getStatus() != AllocationStatus.GRANTED).toList();
    assertThat(cuts)
        .hasSize(100)
        .allMatch(d -> d.getStatus() == AllocationStatus.PARTIAL)
        .allMatch(d -> d.getReason() == AllocationReason.ORDER_CHANGED)
        .allMatch(
            d -> d.getGrantedUnits() == LedgerWorkload.UNITS - 1 && d.getChangedUnits() == -1);
    assertThat(
            decisions.stream()
                .filter(d -> d.getStatus() == AllocationStatus.GRANTED)
                .map(AllocationDecision::getAllocationId)
                .distinct())
        .hasSize(600);
  }

  @Test
  void shouldMixUsAndCnOrdersOverManyCustomersProductsAndPeriods() {
    // When 1,000 requests are generated
    List<LedgerWorkload.Keyed> requests = new ArrayList<>();
    LedgerWorkload.requests(0, 1_000, requests::add);

    // Then a quarter are CN orders, each request carrying its distinct open order
    Map<String, Long> byRegion =
        requests.stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.input().getOrder().getRegion(), Collectors.counting()));
    assertThat(byRegion).containsEntry("US", 750L).containsEntry("CN", 250L);
    assertThat(requests.stream().map(r -> r.input().getOrder().getOrderId()).distinct())
        .hasSize(1_000);
    assertThat(requests.stream().map(r -> r.input().getOrder().getCustomerId()).distinct().count())
        .isEqualTo(LedgerWorkload.US_CUSTOMERS + LedgerWorkload.CN_CUSTOMERS);
    assertThat(requests.stream().map(r -> r.input().getOrder().getProduct()).distinct())
        .hasSize(LedgerWorkload.PRODUCTS);
    assertThat(requests.stream().map(r -> r.input().getOrder().getRequestedDate()).distinct())
        .hasSize(LedgerWorkload.PERIODS);
  }

  @Test
  void shouldInterleaveAnOrderChangePerRequestAndAUsDemandSumEveryTenRequests() {
    // When 30 requests come with order traffic over 20 allocated orders
    List<LedgerWorkload.Keyed> inputs = new ArrayList<>();
    LedgerWorkload.requestsWithOrderTraffic(100, 30, 20, inputs::add);

    // Then there are 30 requests, 30 order changes and 3 US-demand sums, in that rhythm
    assertThat(inputs).hasSize((int) LedgerWorkload.inputsWithOrderTraffic(30)).hasSize(63);
    Map<LedgerInputKind, Long> byKind =
        inputs.stream()
            .collect(Collectors.groupingBy(k -> k.input().getKind(), Collectors.counting()));
    assertThat(byKind)
        .containsEntry(LedgerInputKind.ALLOCATION, 30L)
        .containsEntry(LedgerInputKind.ORDER, 30L)
        .containsEntry(LedgerInputKind.US_DEMAND, 3L);
    assertThat(inputs.get(0).input().getKind()).isEqualTo(LedgerInputKind.ALLOCATION);
    assertThat(inputs.get(1).input().getKind()).isEqualTo(LedgerInputKind.ORDER);
    // And each change is of an earlier-allocated order, a unit fewer, a later revision; the
    // second pass over the 20 orders gives revision 3, another unit fewer
    LedgerInput firstChange = inputs.get(1).input();
    assertThat(firstChange.getOrder().getOrderId()).isEqualTo("LB-00000000");
    assertThat(firstChange.getOrder().getRevision()).isEqualTo(2);
    assertThat(firstChange.getOrder().getQuantity()).isEqualTo(LedgerWorkload.UNITS - 1);
    LedgerInput secondPass =
        inputs.stream()
            .map(LedgerWorkload.Keyed::input)
            .filter(i -> i.getKind() == LedgerInputKind.ORDER)
            .skip(20)
            .findFirst()
            .orElseThrow();
    assertThat(secondPass.getOrder().getOrderId()).isEqualTo("LB-00000000");
    assertThat(secondPass.getOrder().getRevision()).isEqualTo(3);
    assertThat(secondPass.getOrder().getQuantity()).isEqualTo(LedgerWorkload.UNITS - 2);
  }

  /** As {@code LedgerProcessor} dispatches an input, keeping the decisions. */
  private void apply(LedgerWorkload.Keyed keyed) {
    LedgerInput input = keyed.input();
    List<String> key = Keys.split(keyed.key());
    Function<AllocationLedger.Effects, Void> keep =
        effects -> {
          decisions.addAll(effects.decisions());
          return null;
        };
    switch (input.getKind()) {
      case ALLOCATION -> keep.apply(ledger.onRequest(input.getRequest(), input.getOrder()));
      case ORDER -> keep.apply(ledger.onOrder(input.getOrder()));
      case US_DEMAND ->
          keep.apply(
              ledger.onUsDemand(
                  input.getUsDemand().getProduct(),
                  input.getUsDemand().getPeriod(),
                  input.getUsDemand().getUnits(),
                  input.getUsDemand().getEventTime()));
      case SUPPLY ->
          keep.apply(
              ledger.onSupply(
                  key.get(0),
                  key.get(1),
                  input.getSupply().getUnits(),
                  input.getSupply().getEventTime()));
      case LICENSE -> ledger.onLicense(key.get(0), key.get(1), input.getLicense());
      case POLICY -> ledger.onPolicy(keyed.key(), input.getPolicy());
      default -> throw new IllegalStateException("unexpected " + input.getKind());
    }
  }
}
