package io.demandflow.domain.validation;

import io.demandflow.domain.validation.Violation.Reason;
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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of SPEC R8 for every input event: what a record that decodes must also satisfy to mean
 * something. One implementation, used by the pipeline (invalid records go to the dead-letter topic)
 * and by the ingest library (invalid lines are rejected before they are sent).
 */
public final class EventValidator {

  /** ISO 3166-1 alpha-2: two upper-case letters. */
  private static final Pattern REGION = Pattern.compile("[A-Z]{2}");

  /** A calendar month, YYYY-MM. */
  private static final Pattern PERIOD = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

  private EventValidator() {}

  /** The violations of any input event; empty when it is valid. */
  public static List<Violation> validate(Object event) {
    if (event instanceof Order order) {
      return validate(order);
    }
    if (event instanceof AllocationRequest request) {
      return validate(request);
    }
    if (event instanceof Supply supply) {
      return validate(supply);
    }
    if (event instanceof ExportLicense license) {
      return validate(license);
    }
    if (event instanceof RegionPolicy policy) {
      return validate(policy);
    }
    throw new IllegalArgumentException(
        "not a demandflow input event: " + (event == null ? "null" : event.getClass().getName()));
  }

  public static List<Violation> validate(Order order) {
    Checks checks = new Checks();
    checks.id("orderId", order.getOrderId());
    checks.id("customerId", order.getCustomerId());
    checks.id("product", order.getProduct());
    checks.id("source", order.getSource());
    checks.region("region", order.getRegion());
    checks.symbol("status", order.getStatus(), OrderStatus.UNKNOWN);
    checks.present("requestedDate", order.getRequestedDate());
    checks.present("eventTime", order.getEventTime());
    if (order.getStatus() != OrderStatus.CANCELLED && order.getQuantity() <= 0) {
      checks.add(
          Reason.INVALID_QUANTITY,
          "quantity",
          "must be > 0 on a " + order.getStatus() + " order, was " + order.getQuantity());
    }
    checks.notNegative("unitPrice", order.getUnitPrice());
    return checks.violations;
  }

  public static List<Violation> validate(AllocationRequest request) {
    Checks checks = new Checks();
    checks.id("allocationId", request.getAllocationId());
    checks.id("orderId", request.getOrderId());
    checks.id("source", request.getSource());
    checks.symbol("action", request.getAction(), AllocationAction.UNKNOWN);
    checks.present("eventTime", request.getEventTime());
    if (request.getAction() == AllocationAction.REQUEST && request.getQuantity() <= 0) {
      checks.add(
          Reason.INVALID_QUANTITY,
          "quantity",
          "must be > 0 on a REQUEST, was " + request.getQuantity());
    }
    return checks.violations;
  }

  public static List<Violation> validate(Supply supply) {
    Checks checks = new Checks();
    checks.id("product", supply.getProduct());
    checks.id("source", supply.getSource());
    checks.period("period", supply.getPeriod());
    checks.present("eventTime", supply.getEventTime());
    if (supply.getUnits() < 0) {
      checks.add(Reason.NEGATIVE_UNITS, "units", "must be >= 0, was " + supply.getUnits());
    }
    return checks.violations;
  }

  public static List<Violation> validate(ExportLicense license) {
    Checks checks = new Checks();
    checks.id("licenseId", license.getLicenseId());
    checks.id("customerId", license.getCustomerId());
    checks.region("region", license.getRegion());
    checks.symbol("status", license.getStatus(), LicenseStatus.UNKNOWN);
    checks.present("eventTime", license.getEventTime());
    if (license.getProducts() == null) {
      checks.add(Reason.MISSING_FIELD, "products", "is missing (use an empty list for all)");
    } else {
      for (String product : license.getProducts()) {
        checks.id("products[]", product);
      }
    }
    if (license.getMaxUnits() != null && license.getMaxUnits() < 0) {
      checks.add(
          Reason.NEGATIVE_UNITS, "maxUnits", "must be >= 0 or null, was " + license.getMaxUnits());
    }
    return checks.violations;
  }

  public static List<Violation> validate(RegionPolicy policy) {
    Checks checks = new Checks();
    checks.region("region", policy.getRegion());
    checks.symbol("importStatus", policy.getImportStatus(), ImportStatus.UNKNOWN);
    checks.present("eventTime", policy.getEventTime());
    BigDecimal rate = policy.getRevenueShareRate();
    if (rate == null) {
      checks.add(Reason.MISSING_FIELD, "revenueShareRate", "is missing");
    } else if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
      checks.add(Reason.INVALID_RATE, "revenueShareRate", "must be between 0 and 1, was " + rate);
    }
    return checks.violations;
  }

  /** Whether {@code region} is an ISO 3166-1 alpha-2 code as demandflow expects it. */
  public static boolean isRegion(String region) {
    return region != null && REGION.matcher(region).matches();
  }

  /** Whether {@code period} is a calendar month written YYYY-MM. */
  public static boolean isPeriod(String period) {
    return period != null && PERIOD.matcher(period).matches();
  }

  /** Collects violations; one small helper per kind of check. */
  private static final class Checks {
    private final List<Violation> violations = new ArrayList<>();

    void add(Reason reason, String field, String message) {
      violations.add(new Violation(reason, field, message));
    }

    void id(String field, String value) {
      if (value == null || value.isBlank()) {
        add(Reason.BLANK_ID, field, "must not be blank");
      }
    }

    void region(String field, String value) {
      if (!isRegion(value)) {
        add(
            Reason.INVALID_REGION,
            field,
            "must be an ISO 3166-1 alpha-2 code such as US or CN, was '" + value + "'");
      }
    }

    void period(String field, String value) {
      if (!isPeriod(value)) {
        add(Reason.INVALID_PERIOD, field, "must be a month YYYY-MM, was '" + value + "'");
      }
    }

    void present(String field, Object value) {
      if (value == null) {
        add(Reason.MISSING_FIELD, field, "is missing");
      }
    }

    void notNegative(String field, BigDecimal value) {
      if (value == null) {
        add(Reason.MISSING_FIELD, field, "is missing");
      } else if (value.signum() < 0) {
        add(Reason.NEGATIVE_PRICE, field, "must be >= 0, was " + value);
      }
    }

    <E extends Enum<E>> void symbol(String field, E value, E unknown) {
      if (value == null) {
        add(Reason.MISSING_FIELD, field, "is missing");
      } else if (value == unknown) {
        add(Reason.UNKNOWN_SYMBOL, field, "has a symbol this version does not know");
      }
    }
  }
}
