package io.demandflow.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.domain.validation.EventValidator;
import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.RegionPolicy;
import io.demandflow.ingest.EventType;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SimulatorTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Simulator.Settings SETTINGS =
      Simulator.Settings.defaults(7, YearMonth.of(2026, 2));

  @Test
  void shouldGenerateTheSameEventsWhenSeedAndTimesAreTheSame() {
    // Given / When
    List<SpecificRecord> first = take(new Simulator(SETTINGS), 3_000);
    List<SpecificRecord> second = take(new Simulator(SETTINGS), 3_000);
    List<SpecificRecord> otherSeed =
        take(new Simulator(Simulator.Settings.defaults(8, YearMonth.of(2026, 2))), 3_000);

    // Then
    assertThat(second).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @Test
  void shouldKeepTheR8RulesWhenGeneratingEveryKindOfEvent() {
    // Given / When
    List<SpecificRecord> events = take(new Simulator(SETTINGS), 20_000);

    // Then
    assertThat(events)
        .allSatisfy(event -> assertThat(EventValidator.validate(event)).as("%s", event).isEmpty());
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    events.forEach(e -> types.add(EventType.of(e)));
    assertThat(types).containsExactlyInAnyOrder(EventType.values());
  }

  @Test
  void shouldStartWithTheCnPolicyAndCoverTheSpecSituationWhenRunLong() {
    // Given / When
    List<SpecificRecord> events = take(new Simulator(SETTINGS), 20_000);

    // Then: the default CN policy comes first
    RegionPolicy policy = (RegionPolicy) events.get(0);
    assertThat(policy.getRegion()).isEqualTo("CN");
    assertThat(policy.getRevenueShareRate()).isEqualByComparingTo("0.25");
    // amendments, cancellations, releases, suspensions and revocations all occur
    assertThat(events)
        .anyMatch(e -> e instanceof Order o && o.getStatus() == OrderStatus.AMENDED)
        .anyMatch(e -> e instanceof Order o && o.getStatus() == OrderStatus.CANCELLED)
        .anyMatch(
            e -> e instanceof AllocationRequest a && a.getAction() == AllocationAction.RELEASE)
        .anyMatch(
            e ->
                e instanceof io.demandflow.events.ExportLicense l
                    && l.getStatus() == LicenseStatus.REVOKED);
    // Chinese demand surges: a larger share of new orders late than early
    assertThat(chinaShare(events.subList(0, 4_000)))
        .isLessThan(chinaShare(events.subList(16_000, 20_000)));
  }

  private static double chinaShare(List<SpecificRecord> events) {
    List<Order> placed = new ArrayList<>();
    for (SpecificRecord e : events) {
      if (e instanceof Order o && o.getStatus() == OrderStatus.PLACED) {
        placed.add(o);
      }
    }
    return placed.stream().filter(o -> o.getRegion().equals("CN")).count() / (double) placed.size();
  }

  private static List<SpecificRecord> take(Simulator simulator, int count) {
    Iterator<SpecificRecord> events = simulator.events(START, Duration.ofMillis(10));
    List<SpecificRecord> taken = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      taken.add(events.next());
    }
    return taken;
  }
}
