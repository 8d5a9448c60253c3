package io.demandflow.cli.demo;

import io.demandflow.events.AllocationReason;
import io.demandflow.events.AllocationStatus;
import io.demandflow.events.ProductionSignal;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.internal.LedgerAllocation;
import io.demandflow.events.internal.LedgerTotals;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders the figures that tell the situation of SPEC §1 in the demo: units granted per region (the
 * US and China always listed), refusals by reason, the revenue share owed (R6), US-priority
 * preemptions (R5), on how many product-periods US demand stays covered, and the figures of the
 * story's own product and period.
 */
public final class SituationSummary {

  private SituationSummary() {}

  /** The product and period the demo's story plays on, with its latest production signal. */
  public record StoryKey(String product, String period, ProductionSignal latestSignal) {}

  public static String render(
      Collection<LedgerAllocation> allocations,
      Collection<RevenueShare> revenueShares,
      Collection<LedgerTotals> ledgers,
      StoryKey story) {
    Map<String, Long> granted = new TreeMap<>(Map.of("US", 0L, "CN", 0L));
    Map<String, Integer> refused = new TreeMap<>();
    Map<AllocationStatus, Integer> preempted = new TreeMap<>();
    for (LedgerAllocation allocation : allocations) {
      if (allocation.getRegion() != null) { // null: the order was unknown, nothing granted
        granted.merge(allocation.getRegion(), (long) allocation.getGrantedUnits(), Long::sum);
      }
      if (allocation.getStatus() == AllocationStatus.REJECTED) {
        refused.merge(String.valueOf(allocation.getReason()), 1, Integer::sum);
      }
      if (allocation.getReason() == AllocationReason.US_PRIORITY_PREEMPTION) {
        preempted.merge(allocation.getStatus(), 1, Integer::sum);
      }
    }
    Map<String, BigDecimal> owed = new TreeMap<>();
    revenueShares.forEach(
        share -> owed.merge(share.getRegion(), share.getShareAmount(), BigDecimal::add));
    long covered = ledgers.stream().filter(SituationSummary::usDemandCovered).count();

    StringBuilder out = new StringBuilder("The situation (SPEC §1)\n");
    line(out, "Granted units by region", joined(granted, "%s %,d"));
    line(out, "Refused requests by reason", refused.isEmpty() ? "none" : joined(refused, "%s %,d"));
    line(
        out,
        "Revenue share owed to the US",
        owed.isEmpty() ? "none accrued yet" : joined(owed, "%s USD %,.2f"));
    line(
        out,
        "US-priority preemptions",
        preempted.isEmpty()
            ? "none"
            : preempted.values().stream().mapToInt(Integer::intValue).sum()
                + " ("
                + joined(preempted, "%s %,d")
                + ")");
    line(
        out,
        "US demand covered (R5)",
        String.format(
            "on %d of %d product-periods (grants abroad never take what US demand needs)",
            covered, ledgers.size()));
    ledgers.stream()
        .filter(l -> l.getProduct().equals(story.product()) && l.getPeriod().equals(story.period()))
        .findFirst()
        .ifPresent(ledger -> line(out, "Story " + story.period(), storyFigures(ledger, story)));
    return out.toString();
  }

  private static String storyFigures(LedgerTotals ledger, StoryKey story) {
    ProductionSignal signal = story.latestSignal();
    return String.format(
        "S %,d  D_US %,d  G_US %,d  G_X %,d  US coverage %s  signal %s",
        ledger.getSupplyUnits(),
        ledger.getUsDemandUnits(),
        ledger.getUsGrantedUnits(),
        ledger.getNonUsGrantedUnits(),
        AllocationSummary.coverage(ledger),
        signal == null
            ? "none"
            : String.format(
                "%s shortfall %,d recommended %,d",
                signal.getKind(), signal.getShortfallUnits(), signal.getRecommendedUnits()));
  }

  /** R5's promise on one product and period: S − G_X ≥ min(D_US, S). */
  static boolean usDemandCovered(LedgerTotals ledger) {
    long notGrantedAbroad = ledger.getSupplyUnits() - ledger.getNonUsGrantedUnits();
    return notGrantedAbroad >= Math.min(ledger.getUsDemandUnits(), ledger.getSupplyUnits());
  }

  private static void line(StringBuilder out, String label, String figures) {
    out.append(String.format("  %-30s %s%n", label, figures));
  }

  private static <K, V> String joined(Map<K, V> figures, String format) {
    return figures.entrySet().stream()
        .map(entry -> String.format(format, entry.getKey(), entry.getValue()))
        .collect(Collectors.joining("   "));
  }
}
