package io.demandflow.cli.reliability;

import io.demandflow.events.AllocationDecision;
import io.demandflow.events.RegionDemand;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.internal.LedgerTotals;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks of a run's decision log and revenue totals that hold whatever order the ledger saw its
 * inputs in, and that any lost or duplicated decision or accrual breaks:
 *
 * <ul>
 *   <li>every decision's {@code sequence} is unique (a decision written twice repeats one);
 *   <li>per allocation, the {@code changedUnits} of its decisions add up to its final grant;
 *   <li>per product and period, the last decision's figures keep the US reservation (R5): G_X ≤
 *       max(0, S − min(D_US, S));
 *   <li>revenue totals (R6) per region and quarter equal the final grants times the product price
 *       and rate (the simulator's prices times 0.25 are whole cents, so per-accrual rounding cannot
 *       make them differ);
 *   <li>the ledger's final totals agree with the supply, the demand tables and the final grants
 *       ({@link #totalsProblems}).
 * </ul>
 */
final class LedgerChecks {

  /** The region whose open demand the ledger reserves first (the default, which the runs keep). */
  private static final String PRIORITY_REGION = "US";

  private LedgerChecks() {}

  static List<String> problems(
      PipelineOutputs outputs,
      Map<String, BigDecimal> priceByProduct,
      Map<String, BigDecimal> rateByRegion) {
    List<String> problems = new ArrayList<>();
    Set<Long> sequences = new HashSet<>();
    Map<String, AllocationDecision> last = new HashMap<>();
    Map<String, Long> changedSum = new HashMap<>();
    Map<String, AllocationDecision> lastPerProductPeriod = new HashMap<>();
    for (AllocationDecision d : outputs.decisions()) {
      if (!sequences.add(d.getSequence())) {
        problems.add(
            "decision sequence "
                + d.getSequence()
                + " written twice ("
                + d.getAllocationId()
                + ")");
      }
      last.merge(d.getAllocationId(), d, LedgerChecks::later);
      changedSum.merge(d.getAllocationId(), (long) d.getChangedUnits(), Long::sum);
      lastPerProductPeriod.merge(d.getProduct() + "|" + d.getPeriod(), d, LedgerChecks::later);
    }
    last.forEach(
        (id, d) -> {
          if (changedSum.get(id) != d.getGrantedUnits()) {
            problems.add(
                "allocation "
                    + id
                    + ": changes add up to "
                    + changedSum.get(id)
                    + ", final grant is "
                    + d.getGrantedUnits());
          }
        });
    lastPerProductPeriod.forEach(
        (key, d) -> {
          long s = d.getSupplyUnits();
          long reservedForUs = Math.min(d.getUsDemandUnits(), s);
          if (d.getNonUsGrantedUnits() > Math.max(0, s - reservedForUs)) {
            problems.add(
                key
                    + ": non-US grants "
                    + d.getNonUsGrantedUnits()
                    + " eat into the US reservation ("
                    + d
                    + ")");
          }
        });

    Map<String, Long> units = new HashMap<>();
    Map<String, BigDecimal> gross = new HashMap<>();
    for (AllocationDecision d : last.values()) {
      BigDecimal rate = rateByRegion.getOrDefault(d.getRegion(), BigDecimal.ZERO);
      if (rate.signum() == 0 || d.getGrantedUnits() == 0) {
        continue;
      }
      String key = d.getRegion() + "|" + quarter(d.getPeriod());
      units.merge(key, (long) d.getGrantedUnits(), Long::sum);
      gross.merge(
          key,
          priceByProduct.get(d.getProduct()).multiply(BigDecimal.valueOf(d.getGrantedUnits())),
          BigDecimal::add);
    }
    Set<String> keys = new TreeSet<>(units.keySet());
    keys.addAll(outputs.revenueShare().keySet());
    for (String key : keys) {
      RevenueShare actual = outputs.revenueShare().get(key);
      long actualUnits = actual == null ? 0 : actual.getGrantedUnits();
      BigDecimal actualGross = actual == null ? BigDecimal.ZERO : actual.getGrossValue();
      BigDecimal expectedGross = gross.getOrDefault(key, BigDecimal.ZERO);
      BigDecimal rate = rateByRegion.get(key.substring(0, key.indexOf('|')));
      BigDecimal actualShare = actual == null ? BigDecimal.ZERO : actual.getShareAmount();
      if (actualUnits != units.getOrDefault(key, 0L)
          || actualGross.compareTo(expectedGross) != 0
          || actualShare.compareTo(expectedGross.multiply(rate)) != 0) {
        problems.add(
            "revenue share "
                + key
                + ": "
                + actual
                + ", final grants say units "
                + units.get(key)
                + ", gross "
                + expectedGross);
      }
    }
    return problems;
  }

  /**
   * Checks of the ledger's final totals per product and period ({@link
   * PipelineOutputs#ledgerTotals}) against the rest of the run: S is the scenario's last supply of
   * the key, D_US the open US units of the region demand table, G_US and G_X the sums of the final
   * grants to US and to non-US allocations, and G_X ≤ max(0, S − min(D_US, S)) (R5).
   */
  static List<String> totalsProblems(
      Map<String, LedgerTotals> totals, PipelineOutputs outputs, Map<String, Long> finalSupply) {
    Map<String, Long> usDemand = new HashMap<>();
    for (RegionDemand row : outputs.regionDemand().values()) {
      if (PRIORITY_REGION.equals(row.getRegion())) {
        usDemand.merge(row.getProduct() + "|" + row.getPeriod(), row.getOpenUnits(), Long::sum);
      }
    }
    Map<String, Long> usGranted = new HashMap<>();
    Map<String, Long> nonUsGranted = new HashMap<>();
    for (AllocationDecision d : latestPerAllocation(outputs.decisions()).values()) {
      if (d.getGrantedUnits() > 0) {
        String key = d.getProduct() + "|" + d.getPeriod();
        (PRIORITY_REGION.equals(d.getRegion()) ? usGranted : nonUsGranted)
            .merge(key, (long) d.getGrantedUnits(), Long::sum);
      }
    }
    Set<String> keys = new TreeSet<>(totals.keySet());
    keys.addAll(finalSupply.keySet());
    keys.addAll(usDemand.keySet());
    keys.addAll(usGranted.keySet());
    keys.addAll(nonUsGranted.keySet());
    List<String> problems = new ArrayList<>();
    for (String key : keys) {
      LedgerTotals t = totals.get(key);
      long[] actual =
          t == null
              ? new long[4]
              : new long[] {
                t.getSupplyUnits(),
                t.getUsDemandUnits(),
                t.getUsGrantedUnits(),
                t.getNonUsGrantedUnits()
              };
      long[] expected = {
        finalSupply.getOrDefault(key, 0L),
        usDemand.getOrDefault(key, 0L),
        usGranted.getOrDefault(key, 0L),
        nonUsGranted.getOrDefault(key, 0L)
      };
      if (!Arrays.equals(actual, expected)) {
        problems.add(
            "ledger totals "
                + key
                + ": S, D_US, G_US, G_X are "
                + Arrays.toString(actual)
                + ", the run's supply, demand and final grants say "
                + Arrays.toString(expected));
      }
      long s = actual[0];
      if (actual[3] > Math.max(0, s - Math.min(actual[1], s))) {
        problems.add("ledger totals " + key + ": G_X eats into the US reservation " + t);
      }
    }
    return problems;
  }

  /** The latest decision per allocation. */
  static Map<String, AllocationDecision> latestPerAllocation(List<AllocationDecision> decisions) {
    Map<String, AllocationDecision> latest = new HashMap<>();
    decisions.forEach(d -> latest.merge(d.getAllocationId(), d, LedgerChecks::later));
    return latest;
  }

  private static AllocationDecision later(AllocationDecision a, AllocationDecision b) {
    return a.getSequence() >= b.getSequence() ? a : b;
  }

  private static String quarter(String period) {
    YearMonth month = YearMonth.parse(period);
    return month.getYear() + "-Q" + ((month.getMonthValue() - 1) / 3 + 1);
  }
}
