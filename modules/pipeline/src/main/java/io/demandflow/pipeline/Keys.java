package io.demandflow.pipeline;

import io.demandflow.domain.CompositeKeys;
import io.demandflow.domain.Periods;
import io.demandflow.events.Order;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Composite record keys: plain strings whose parts are joined with {@code |}, e.g. {@code
 * ACME|H200-SXM-141GB} or {@code CN|H200-SXM-141GB|2026-03}.
 *
 * <p>The joining rule itself lives in {@link CompositeKeys} (domain), shared with the ingest
 * library that writes input keys.
 */
public final class Keys {

  public static final char SEPARATOR = CompositeKeys.SEPARATOR;

  /**
   * The order of string keys in a store (their UTF-8 bytes, unsigned): a heap copy of a store's
   * keys sorted by it gives them in the order a scan of the store does.
   */
  public static final Comparator<String> STORE_ORDER =
      Comparator.comparing(
          (String key) -> key.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);

  private Keys() {}

  /** The customer demand key of an order: {@code customerId|product}. */
  public static String customerDemand(Order order) {
    return customerDemand(order.getCustomerId(), order.getProduct());
  }

  /** {@code customerId|product}. */
  public static String customerDemand(String customerId, String product) {
    return join(customerId, product);
  }

  /** The region demand key of an order: {@code region|product|period}. */
  public static String regionDemand(Order order) {
    return regionDemand(
        order.getRegion(), order.getProduct(), Periods.of(order.getRequestedDate()));
  }

  /** {@code region|product|period}. */
  public static String regionDemand(String region, String product, String period) {
    return join(region, product, period);
  }

  /**
   * The license key of a customer in a region, {@code customerId|region}: the key of the licenses
   * topic, and the key order changes are re-partitioned by to meet their license (the two must be
   * built alike for the co-partitioning to hold).
   */
  public static String license(String customerId, String region) {
    return join(customerId, region);
  }

  /** The license key of an order: its customer's license for its region. */
  public static String license(Order order) {
    return license(order.getCustomerId(), order.getRegion());
  }

  /** Joins parts with {@code |}, escaping separators inside a part ({@link CompositeKeys}). */
  public static String join(String... parts) {
    return CompositeKeys.join(parts);
  }

  /**
   * {@code value} (not negative) as decimal digits left-padded with zeros to {@code width}, so that
   * string order is number order (index keys); without {@code String.format}, which showed as 11 %
   * of the ledger thread's samples.
   */
  public static String zeroPadded(long value, int width) {
    String digits = Long.toString(value);
    if (digits.length() >= width) {
      return digits;
    }
    StringBuilder padded = new StringBuilder(width);
    for (int i = digits.length(); i < width; i++) {
      padded.append('0');
    }
    return padded.append(digits).toString();
  }

  /** Splits a key built by {@link #join} back into its parts. */
  public static List<String> split(String key) {
    return CompositeKeys.split(key);
  }
}
