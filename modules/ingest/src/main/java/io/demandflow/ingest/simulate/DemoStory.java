package io.demandflow.ingest.simulate;

import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.Supply;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The situation of SPEC §1 played through as a script of timed steps, for the demo: China's import
 * approval PENDING, then APPROVED; licensed Chinese customers granted what US demand leaves and an
 * unlicensed one refused; a supply cut and then a US surge that preempt Chinese grants.
 *
 * <p>The steps only publish input events; the pipeline takes every decision. They use a product and
 * month of their own ({@link #STORY_PRODUCT}, the month after the simulator's last) and customers
 * of their own, so the simulator's random feed, running alongside, never changes the figures the
 * story needs: the only event they share is the CN policy, PENDING at the start of both and turned
 * APPROVED by the story (which lets the random feed's licensed Chinese requests be granted too).
 * Each step counts on the ones before having been processed: whoever publishes the steps waits for
 * that (the demo reads the ledger's stores). The units are chosen so that each step's outcome under
 * R4 and R5 is the one its headline announces:
 *
 * <pre>
 *   S = 26,000; US orders 8,000 + 4,000; CN orders 8,000 + 7,000 (licensed) and 3,000 (not)
 *   eligible 27,000 (shortfall 1,000 is within the 5 % tolerance of R7: no signal yet)
 *   approval: cn-1 gets 8,000; cn-2 gets 6,000 of 7,000 (US_DEMAND_RESERVED); cn-3 refused
 *   cut to 20,000: cn-2's 6,000 revoked, S − G_X = 12,000 = D_US           (shortage: INCREASE)
 *   US surge of 6,000: cn-1 cut back to 2,000, S − G_X = 18,000 = D_US     (shortage grows: UPDATE)
 * </pre>
 *
 * Pure and deterministic: no Kafka, no clock; event times are {@code start} plus the step's time.
 */
public final class DemoStory {

  /** One step of the story: when it is due after the start, what it shows, what it publishes. */
  public record Step(Duration at, String headline, List<SpecificRecord> events) {}

  public static final String STORY_PRODUCT = "H200-SXM-141GB";
  public static final String REGION_CN = "CN";

  /** At most this long between events that must be processed one after the other. */
  private static final Duration MAX_SETTLE = Duration.ofSeconds(3);

  private static final BigDecimal UNIT_PRICE = new BigDecimal("31500.00");
  private static final String ERP = "story-erp";
  private static final String PLANNING = "story-planning";
  private static final long SUPPLY = 26_000;
  private static final long SUPPLY_AFTER_CUT = 20_000;

  private final YearMonth period;
  private final Duration approvalAfter;
  private final Duration stepInterval;
  private final Duration settle;

  /**
   * @param period the month the story's orders ask for (one the random feed does not use)
   * @param approvalAfter when China's import approval arrives
   * @param stepInterval time from the approval to the supply cut, and from the cut to the US surge
   */
  public DemoStory(YearMonth period, Duration approvalAfter, Duration stepInterval) {
    if (approvalAfter.isNegative() || approvalAfter.isZero()) {
      throw new IllegalArgumentException("approvalAfter must be positive, was " + approvalAfter);
    }
    if (stepInterval.isNegative() || stepInterval.isZero()) {
      throw new IllegalArgumentException("stepInterval must be positive, was " + stepInterval);
    }
    this.period = period;
    this.approvalAfter = approvalAfter;
    this.stepInterval = stepInterval;
    // Supply, license and policy changes apply to requests decided after they were processed
    // (SPEC §5): requests that depend on them wait this long; short runs (tests) wait less.
    this.settle = min(MAX_SETTLE, min(approvalAfter.dividedBy(4), stepInterval.dividedBy(4)));
  }

  /**
   * The story's month for a simulator spreading over {@code settings}: the month after its last.
   */
  public static YearMonth periodAfter(Simulator.Settings settings) {
    return settings.firstPeriod().plusMonths(settings.periods());
  }

  public YearMonth period() {
    return period;
  }

  /** The steps in the order they are due, events stamped {@code start} plus the step's time. */
  public List<Step> steps(Instant start) {
    Duration cut = approvalAfter.plus(stepInterval);
    Duration surge = cut.plus(stepInterval);
    String key = STORY_PRODUCT + " " + period;
    List<Step> steps = new ArrayList<>();
    steps.add(
        step(
            start,
            Duration.ZERO,
            "China's import approval PENDING; story "
                + key
                + ": supply 26,000, US orders 12,000, CN orders 18,000"
                + " (cn-hyperscaler-3 holds no export license)",
            (at, events) -> {
              // As the simulator starts: the story does not count on its first event.
              events.add(Simulator.chinaPolicy(ImportStatus.PENDING, at));
              events.add(supply(SUPPLY, at));
              events.add(license("cn-hyperscaler-1", at));
              events.add(license("cn-hyperscaler-2", at));
              events.add(order("STORY-US-1", "us-hyperscaler-1", "US", 8_000, at));
              events.add(order("STORY-US-2", "us-hyperscaler-2", "US", 4_000, at));
              events.add(order("STORY-CN-1", "cn-hyperscaler-1", REGION_CN, 8_000, at));
              events.add(order("STORY-CN-2", "cn-hyperscaler-2", REGION_CN, 7_000, at));
              events.add(order("STORY-CN-3", "cn-hyperscaler-3", REGION_CN, 3_000, at));
            }));
    steps.add(
        step(
            start,
            settle,
            "requests: us-hyperscaler-1 8,000 and cn-hyperscaler-1 8,000"
                + " (China must be refused IMPORT_NOT_APPROVED)",
            (at, events) -> {
              events.add(request("STORY-A-US-1", "STORY-US-1", 8_000, at));
              events.add(request("STORY-A-CN-1-PENDING", "STORY-CN-1", 8_000, at));
            }));
    steps.add(
        step(
            start,
            approvalAfter,
            "China's import approval arrived: CN policy APPROVED (license required, 25 % revenue"
                + " share)",
            (at, events) -> events.add(approvedChinaPolicy(at))));
    steps.add(
        step(
            start,
            approvalAfter.plus(settle),
            "requests: cn-hyperscaler-1 8,000 (licensed) and cn-hyperscaler-3 3,000 (no license)",
            (at, events) -> {
              events.add(request("STORY-A-CN-1", "STORY-CN-1", 8_000, at));
              events.add(request("STORY-A-CN-3", "STORY-CN-3", 3_000, at));
            }));
    steps.add(
        step(
            start,
            approvalAfter.plus(settle.multipliedBy(2)),
            "request: cn-hyperscaler-2 7,000 while 4,000 of US demand is open"
                + " (China gets what US demand leaves)",
            (at, events) -> events.add(request("STORY-A-CN-2", "STORY-CN-2", 7_000, at))));
    steps.add(
        step(
            start,
            approvalAfter.plus(settle.multipliedBy(3)),
            "request: us-hyperscaler-2 4,000 (the reserved US units)",
            (at, events) -> events.add(request("STORY-A-US-2", "STORY-US-2", 4_000, at))));
    steps.add(
        step(
            start,
            cut,
            "supply cut (yield problem): " + key + " from 26,000 to 20,000 units",
            (at, events) -> events.add(supply(SUPPLY_AFTER_CUT, at))));
    steps.add(
        step(
            start,
            surge,
            "US demand surge: us-hyperscaler-3 orders 6,000 for " + key,
            (at, events) -> events.add(order("STORY-US-3", "us-hyperscaler-3", "US", 6_000, at))));
    steps.add(
        step(
            start,
            surge.plus(settle),
            "request: us-hyperscaler-3 6,000",
            (at, events) -> events.add(request("STORY-A-US-3", "STORY-US-3", 6_000, at))));
    return steps;
  }

  /** China's policy once its import approval arrived: the shipped one with import APPROVED. */
  public static RegionPolicy approvedChinaPolicy(Instant eventTime) {
    return Simulator.chinaPolicy(ImportStatus.APPROVED, eventTime);
  }

  private interface Events {
    void add(Instant eventTime, List<SpecificRecord> events);
  }

  private static Step step(Instant start, Duration at, String headline, Events events) {
    List<SpecificRecord> list = new ArrayList<>();
    events.add(start.plus(at), list);
    return new Step(at, headline, List.copyOf(list));
  }

  private Supply supply(long units, Instant at) {
    return Supply.newBuilder()
        .setProduct(STORY_PRODUCT)
        .setPeriod(period.toString())
        .setUnits(units)
        .setEventTime(at)
        .setSource(PLANNING)
        .build();
  }

  private static ExportLicense license(String customerId, Instant at) {
    return ExportLicense.newBuilder()
        .setLicenseId("STORY-L-" + customerId)
        .setCustomerId(customerId)
        .setRegion(REGION_CN)
        .setProducts(List.of())
        .setMaxUnits(null)
        .setValidUntil(null)
        .setStatus(LicenseStatus.ACTIVE)
        .setEventTime(at)
        .build();
  }

  private Order order(String orderId, String customerId, String region, int units, Instant at) {
    return Order.newBuilder()
        .setOrderId(orderId)
        .setRevision(1)
        .setCustomerId(customerId)
        .setRegion(region)
        .setProduct(STORY_PRODUCT)
        .setQuantity(units)
        .setUnitPrice(UNIT_PRICE)
        .setRequestedDate(period.atDay(15))
        .setStatus(OrderStatus.PLACED)
        .setEventTime(at)
        .setSource(ERP)
        .build();
  }

  private static AllocationRequest request(
      String allocationId, String orderId, int units, Instant at) {
    return AllocationRequest.newBuilder()
        .setAllocationId(allocationId)
        .setOrderId(orderId)
        .setQuantity(units)
        .setAction(AllocationAction.REQUEST)
        .setEventTime(at)
        .setSource(ERP)
        .build();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
