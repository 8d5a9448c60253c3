package io.demandflow.domain.allocation;

import io.demandflow.events.AllocationReason;
import io.demandflow.events.AllocationStatus;
import io.demandflow.events.ImportStatus;

/**
 * The arithmetic of an allocation REQUEST (SPEC R4): the checks in the order the spec gives, each a
 * possible rejection or cut, and the reason rule (the check that set the final amount; the earlier
 * check on a tie). Pure: everything it needs comes in a {@link Request}.
 */
public final class AllocationPolicy {

  private AllocationPolicy() {}

  /**
   * What the ledger knows when a request is decided.
   *
   * @param orderOpen an open order with the requested orderId exists
   * @param licenseRequired the order's region requires an export license
   * @param licenseQualifies the customer's license qualifies for the order (SPEC R2)
   * @param importStatus the region's import status
   * @param requestedUnits q, > 0
   * @param orderQuantity the order's quantity
   * @param grantedToOrder units currently granted to the order
   * @param licenseCap maxUnits of the capped license the grant would fall under, or null
   * @param grantedUnderLicense units currently granted to the customer in the region under that
   *     license (for the products it covers)
   * @param priorityRegion the order's region is the priority region (US)
   * @param supply S
   * @param usDemand D_US
   * @param usGranted G_US
   * @param nonUsGranted G_X
   */
  public record Request(
      boolean orderOpen,
      boolean licenseRequired,
      boolean licenseQualifies,
      ImportStatus importStatus,
      int requestedUnits,
      int orderQuantity,
      long grantedToOrder,
      Long licenseCap,
      long grantedUnderLicense,
      boolean priorityRegion,
      long supply,
      long usDemand,
      long usGranted,
      long nonUsGranted) {}

  /** The decision: units granted, status and reason (null when GRANTED in full). */
  public record Outcome(int grantedUnits, AllocationStatus status, AllocationReason reason) {
    static Outcome rejected(AllocationReason reason) {
      return new Outcome(0, AllocationStatus.REJECTED, reason);
    }
  }

  public static Outcome decide(Request r) {
    if (!r.orderOpen()) {
      return Outcome.rejected(AllocationReason.UNKNOWN_ORDER);
    }
    if (r.licenseRequired() && !r.licenseQualifies()) {
      return Outcome.rejected(AllocationReason.NO_EXPORT_LICENSE);
    }
    if (r.importStatus() == ImportStatus.PENDING || r.importStatus() == ImportStatus.DENIED) {
      return Outcome.rejected(AllocationReason.IMPORT_NOT_APPROVED);
    }

    // Each later check works on the amount left by the earlier ones. The reason is the first
    // check at which the amount reached its final value.
    long amount = r.requestedUnits();
    AllocationReason reason = null;

    long leftOnOrder = Math.max(0, r.orderQuantity() - r.grantedToOrder());
    if (leftOnOrder < amount) {
      amount = leftOnOrder;
      reason = AllocationReason.EXCEEDS_ORDER;
      if (amount == 0) {
        return Outcome.rejected(reason);
      }
    }

    if (r.licenseCap() != null) {
      long leftUnderCap = Math.max(0, r.licenseCap() - r.grantedUnderLicense());
      if (leftUnderCap < amount) {
        amount = leftUnderCap;
        reason = AllocationReason.LICENSE_CAP;
        if (amount == 0) {
          return Outcome.rejected(reason);
        }
      }
    }

    long freeSupply = Math.max(0, r.supply() - r.usGranted() - r.nonUsGranted());
    long withoutReservation = Math.min(amount, freeSupply);
    long granted;
    if (r.priorityRegion()) {
      granted = withoutReservation;
    } else {
      // Open US demand is reserved first: non-US grants may use only what exceeds it.
      long reserved = Math.max(r.usDemand(), r.usGranted());
      granted = Math.min(amount, Math.max(0, r.supply() - reserved - r.nonUsGranted()));
    }
    if (granted < amount) {
      reason =
          withoutReservation > granted
              ? AllocationReason.US_DEMAND_RESERVED
              : AllocationReason.INSUFFICIENT_SUPPLY;
      amount = granted;
    }

    if (amount == 0) {
      return Outcome.rejected(reason);
    }
    if (amount == r.requestedUnits()) {
      return new Outcome((int) amount, AllocationStatus.GRANTED, null);
    }
    return new Outcome((int) amount, AllocationStatus.PARTIAL, reason);
  }
}
