package io.demandflow.domain;

import io.demandflow.events.ExportLicense;
import io.demandflow.events.Order;
import io.demandflow.events.internal.LicensedDemandBucket;

/**
 * Adds open orders to and retracts them from {@link LicensedDemandBucket}s: the open orders of one
 * customer in one region for one product and requested date, which a license qualifies or not all
 * alike (SPEC R2). A bucket exists while it has at least one open order: retracting the last one
 * returns {@code null}.
 */
public final class LicensedDemandBuckets {

  private LicensedDemandBuckets() {}

  /**
   * {@code bucket} (null: none yet, the new one takes its identity from the order) with the open
   * {@code order} added; {@code licenseQualifies} is the bucket's qualification, kept for a new
   * one.
   */
  public static LicensedDemandBucket add(
      LicensedDemandBucket bucket, Order order, boolean licenseQualifies) {
    OrderContribution contribution = OrderContribution.of(order, licenseQualifies);
    if (bucket == null) {
      return LicensedDemandBucket.newBuilder()
          .setCustomerId(order.getCustomerId())
          .setRegion(order.getRegion())
          .setProduct(order.getProduct())
          .setRequestedDate(order.getRequestedDate())
          .setOpenUnits(contribution.units())
          .setOpenValue(contribution.value())
          .setOpenOrders(contribution.orders())
          .setLicenseQualifies(licenseQualifies)
          .build();
    }
    return LicensedDemandBucket.newBuilder(bucket)
        .setOpenUnits(Math.addExact(bucket.getOpenUnits(), contribution.units()))
        .setOpenValue(bucket.getOpenValue().add(contribution.value()))
        .setOpenOrders(Math.addExact(bucket.getOpenOrders(), contribution.orders()))
        .build();
  }

  /** {@code bucket} with the open {@code order} (added before) retracted, or null when empty. */
  public static LicensedDemandBucket retract(LicensedDemandBucket bucket, Order order) {
    OrderContribution contribution = OrderContribution.of(order, bucket.getLicenseQualifies());
    int openOrders = Math.subtractExact(bucket.getOpenOrders(), contribution.orders());
    if (openOrders == 0) {
      return null;
    }
    return LicensedDemandBucket.newBuilder(bucket)
        .setOpenUnits(Math.subtractExact(bucket.getOpenUnits(), contribution.units()))
        .setOpenValue(bucket.getOpenValue().subtract(contribution.value()))
        .setOpenOrders(openOrders)
        .build();
  }

  /** Whether {@code license} (null: none) qualifies for the orders of {@code bucket}. */
  public static boolean licenseQualifies(ExportLicense license, LicensedDemandBucket bucket) {
    return Eligibility.licenseQualifies(
        license,
        bucket.getCustomerId(),
        bucket.getRegion(),
        bucket.getProduct(),
        bucket.getRequestedDate());
  }

  /** {@code bucket} re-qualified: the same open orders, counted with {@code licenseQualifies}. */
  public static LicensedDemandBucket withQualification(
      LicensedDemandBucket bucket, boolean licenseQualifies) {
    return LicensedDemandBucket.newBuilder(bucket).setLicenseQualifies(licenseQualifies).build();
  }
}
