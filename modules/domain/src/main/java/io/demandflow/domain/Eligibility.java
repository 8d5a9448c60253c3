package io.demandflow.domain;

import io.demandflow.events.ExportLicense;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.Order;
import io.demandflow.events.RegionPolicy;
import java.time.LocalDate;

/**
 * SPEC R2: whether an order is eligible demand, given its customer's export license for its region
 * and its region's policy as they stand now.
 */
public final class Eligibility {

  private Eligibility() {}

  /**
   * An order is eligible when its region does not require a license or the license qualifies
   * ({@link #licenseQualifies}), and in every case its region's import status is not DENIED.
   *
   * @param license the customer's license for the order's region, or null when there is none
   * @param policy the region's policy, or null for the defaults of SPEC §2
   */
  public static boolean isEligible(Order order, ExportLicense license, RegionPolicy policy) {
    return policyAdmits(
        RegionPolicies.effective(order.getRegion(), policy), licenseQualifies(license, order));
  }

  /**
   * Whether {@code effective} (a region's policy in force) admits an order whose license does or
   * does not qualify: never when import is DENIED, otherwise when no license is required or it
   * qualifies. The one rule behind both {@link #isEligible} and the per-row eligibility of region
   * demand ({@code DemandAggregation#withPolicy}).
   */
  public static boolean policyAdmits(RegionPolicy effective, boolean licenseQualifies) {
    if (effective.getImportStatus() == ImportStatus.DENIED) {
      return false;
    }
    return !effective.getLicenseRequired() || licenseQualifies;
  }

  /**
   * A license qualifies for an order when it is the customer's license for the order's region,
   * ACTIVE, covers the order's product (an empty list covers all) and is valid on the order's
   * requested date (validUntil null, or not before it).
   */
  public static boolean licenseQualifies(ExportLicense license, Order order) {
    return licenseQualifies(
        license,
        order.getCustomerId(),
        order.getRegion(),
        order.getProduct(),
        order.getRequestedDate());
  }

  /**
   * {@link #licenseQualifies(ExportLicense, Order)} for any order of {@code customerId} in {@code
   * region} for {@code product} on {@code requestedDate}: nothing else of an order matters, so all
   * such orders qualify alike.
   */
  public static boolean licenseQualifies(
      ExportLicense license,
      String customerId,
      String region,
      String product,
      LocalDate requestedDate) {
    if (license == null || license.getStatus() != LicenseStatus.ACTIVE) {
      return false;
    }
    if (!license.getCustomerId().equals(customerId) || !license.getRegion().equals(region)) {
      return false;
    }
    boolean coversProduct =
        license.getProducts().isEmpty() || license.getProducts().contains(product);
    boolean validOnDate =
        license.getValidUntil() == null || !license.getValidUntil().isBefore(requestedDate);
    return coversProduct && validOnDate;
  }
}
