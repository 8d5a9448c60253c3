package io.demandflow.service.http.security;

import java.util.List;

/**
 * Which role may read which route. The decision is made on a route's pattern (as registered with
 * the router), never on the raw request path. A pattern belongs to an entry when it is that entry
 * or lies below it ({@code /api/ledger/{product}} below {@code /api/ledger}).
 *
 * <table>
 *   <caption>Routes by role</caption>
 *   <tr><th>routes</th><th>who may read them</th></tr>
 *   <tr><td>{@code /health/live}, {@code /health/ready}, {@code /metrics}</td>
 *       <td>anyone when probes are open, else any role</td></tr>
 *   <tr><td>{@code /} and {@code /console/...} (the console), {@code /api/demand/regions},
 *       {@code /api/ledger}, {@code /api/signals}, {@code /health/...}, {@code /metrics}</td>
 *       <td>viewer and planner</td></tr>
 *   <tr><td>everything else: {@code /api/demand/customers}, {@code /api/allocations},
 *       {@code /api/revenue-share}, {@code /topology}</td><td>planner</td></tr>
 * </table>
 */
public final class AccessPolicy {

  /** Routes of orchestrators and scrapers, which carry no credentials of ours. */
  static final List<String> PROBE_ROUTES = List.of("/health/live", "/health/ready", "/metrics");

  /** Aggregated views: no customer, order or money figure below them. */
  static final List<String> VIEWER_ROUTES =
      List.of(
          "/",
          "/console",
          "/api/demand/regions",
          "/api/ledger",
          "/api/signals",
          "/health",
          "/metrics");

  private final boolean openProbes;

  /**
   * @param openProbes whether {@link #PROBE_ROUTES} answer without credentials
   */
  public AccessPolicy(boolean openProbes) {
    this.openProbes = openProbes;
  }

  /** Whether the route answers without credentials. */
  public boolean isOpen(String routePattern) {
    return openProbes && PROBE_ROUTES.contains(routePattern);
  }

  /** The least role that may read the route; a route nobody listed is the planner's. */
  public Role requiredRole(String routePattern) {
    return VIEWER_ROUTES.stream().anyMatch(entry -> isAtOrBelow(routePattern, entry))
        ? Role.VIEWER
        : Role.PLANNER;
  }

  private static boolean isAtOrBelow(String pattern, String entry) {
    return pattern.equals(entry) || (!entry.equals("/") && pattern.startsWith(entry + "/"));
  }
}
