package io.demandflow.pipeline;

import io.demandflow.domain.Periods;
import io.demandflow.events.Order;
import java.util.ArrayList;
import java.util.List;

/**
 * Composite record keys: plain strings whose parts are joined with {@code |}, e.g. {@code
 * ACME|H200-SXM-141GB} or {@code CN|H200-SXM-141GB|2026-03}.
 *
 * <p>A part that itself contains {@code |} or {@code \} has it escaped with {@code \}, so that
 * every key splits back into the parts it was built from; ordinary ids are left as they are.
 */
public final class Keys {

  public static final char SEPARATOR = '|';
  private static final char ESCAPE = '\\';

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

  /** Joins parts with {@code |}, escaping separators inside a part. */
  public static String join(String... parts) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == null) {
        throw new IllegalArgumentException("key part " + i + " is null");
      }
      if (i > 0) {
        key.append(SEPARATOR);
      }
      for (char c : parts[i].toCharArray()) {
        if (c == SEPARATOR || c == ESCAPE) {
          key.append(ESCAPE);
        }
        key.append(c);
      }
    }
    return key.toString();
  }

  /** Splits a key built by {@link #join} back into its parts. */
  public static List<String> split(String key) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == ESCAPE && i + 1 < key.length()) {
        part.append(key.charAt(++i));
      } else if (c == SEPARATOR) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    return List.copyOf(parts);
  }
}
