package io.demandflow.service.http.security;

import java.util.Arrays;
import java.util.Locale;

/**
 * What an authenticated caller may read ({@link AccessPolicy} has the routes of each role). Roles
 * are ordered: a planner may read everything a viewer may.
 */
public enum Role {
  /** Aggregated figures only: the console, region demand, the ledger, production signals. */
  VIEWER,
  /** Everything, including customer-level data, allocations, revenue share and the topology. */
  PLANNER;

  /** Whether this role may read what {@code required} may. */
  public boolean includes(Role required) {
    return compareTo(required) >= 0;
  }

  /** The role named {@code name} ({@code viewer}, {@code planner}; any case). */
  public static Role parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown role '" + name + "'; one of " + Arrays.toString(names()), e);
    }
  }

  /** The name used in credential files and documentation. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  private static String[] names() {
    return Arrays.stream(values()).map(Role::label).toArray(String[]::new);
  }
}
