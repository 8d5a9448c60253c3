package io.demandflow.service.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.service.http.HttpResponse;

/**
 * Adds US coverage to the rows of {@code ledger-totals-store} (S, D_US, G_US, G_X per product and
 * period): the share of open US demand that supply not granted to other regions covers, min(D_US,
 * max(0, S − G_X)) / D_US — the figure the demo prints (SPEC R4, R5).
 *
 * <ul>
 *   <li>{@code usCoveredUnits}: min(D_US, max(0, S − G_X));
 *   <li>{@code usCoveragePercent}: that share in percent with one decimal, truncated, as a string
 *       ({@code "87.5"}); {@code null} when there is no open US demand.
 * </ul>
 *
 * <p>Computed from the row's own fields, so applying it again (a row gathered from another instance
 * that already added it) changes nothing.
 */
public final class LedgerCoverage {

  private LedgerCoverage() {}

  /** {@code response} with coverage added to its row or rows; errors pass unchanged. */
  public static HttpResponse withCoverage(HttpResponse response) {
    if (response.status() != 200) {
      return response;
    }
    JsonNode body = response.jsonBody();
    if (body.has("rows")) {
      body.path("rows").forEach(row -> addCoverage((ObjectNode) row.path("value")));
    } else if (body.path("value").isObject()) {
      addCoverage((ObjectNode) body.path("value"));
    }
    return HttpResponse.json(200, body);
  }

  private static void addCoverage(ObjectNode totals) {
    long supply = totals.path("supplyUnits").asLong();
    long usDemand = totals.path("usDemandUnits").asLong();
    long nonUsGranted = totals.path("nonUsGrantedUnits").asLong();
    long covered = Math.min(usDemand, Math.max(0, supply - nonUsGranted));
    totals.put("usCoveredUnits", covered);
    if (usDemand == 0) {
      totals.putNull("usCoveragePercent");
    } else {
      // Tenths of a percent in integers: exact, no floating point.
      long tenths = covered * 1000 / usDemand;
      totals.put("usCoveragePercent", (tenths / 10) + "." + (tenths % 10));
    }
  }
}
