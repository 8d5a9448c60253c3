package io.demandflow.domain.allocation;

import io.demandflow.events.RevenueShare;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * SPEC R6: what a grant accrues to the US government, what a release reverses, and the totals per
 * region and quarter. Exact decimals; each accrual and reversal is rounded half-even to cents on
 * its own.
 */
public final class RevenueShares {

  private static final int CENTS = 2;

  private RevenueShares() {}

  /** units × unitPrice × rate, rounded half-even to cents. */
  public static BigDecimal share(long units, BigDecimal unitPrice, BigDecimal rate) {
    return unitPrice
        .multiply(BigDecimal.valueOf(units))
        .multiply(rate)
        .setScale(CENTS, RoundingMode.HALF_EVEN);
  }

  /** units × unitPrice, exact in cents. */
  public static BigDecimal gross(long units, BigDecimal unitPrice) {
    return unitPrice.multiply(BigDecimal.valueOf(units)).setScale(CENTS, RoundingMode.UNNECESSARY);
  }

  /** {@code YYYY-Qn} of a period {@code YYYY-MM}. */
  public static String quarterOf(String period) {
    int month = Integer.parseInt(period.substring(5, 7));
    return period.substring(0, 4) + "-Q" + ((month - 1) / 3 + 1);
  }

  /**
   * {@code total} with {@code units} granted (positive: an accrual) or taken back (negative: a
   * reversal) at the grant's own price and rate; {@code total} may be null for a new row.
   */
  public static RevenueShare apply(
      RevenueShare total,
      String region,
      String quarter,
      long units,
      BigDecimal unitPrice,
      BigDecimal rate) {
    BigDecimal zero = BigDecimal.ZERO.setScale(CENTS);
    RevenueShare current =
        total != null ? total : new RevenueShare(region, quarter, 0L, zero, zero);
    long magnitude = Math.abs(units);
    BigDecimal gross = gross(magnitude, unitPrice);
    BigDecimal share = share(magnitude, unitPrice, rate);
    boolean accrual = units >= 0;
    return new RevenueShare(
        region,
        quarter,
        current.getGrantedUnits() + units,
        accrual ? current.getGrossValue().add(gross) : current.getGrossValue().subtract(gross),
        accrual ? current.getShareAmount().add(share) : current.getShareAmount().subtract(share));
  }
}
