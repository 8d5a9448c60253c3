package io.demandflow.service.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.service.http.HttpResponse;
import org.junit.jupiter.api.Test;

class LedgerCoverageTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldTruncateCoverageToTenthsWhenNonUsGrantsEatIntoSupply() {
    // Given S = 1000, G_X = 700, D_US = 900: 300 of 900 US units covered (33.33... %)
    JsonNode row = withCoverage(totals(1000, 900, 0, 700));

    // Then 300 units are covered, 33.3 % (truncated, never rounded up)
    assertThat(row.path("usCoveredUnits").asLong()).isEqualTo(300);
    assertThat(row.path("usCoveragePercent").asText()).isEqualTo("33.3");
  }

  @Test
  void shouldCoverNothingWhenNonUsGrantsExceedSupply() {
    // Given supply cut below what is granted outside the US (before preemption catches up)
    JsonNode row = withCoverage(totals(500, 200, 0, 800));

    // Then coverage is 0, not negative
    assertThat(row.path("usCoveredUnits").asLong()).isZero();
    assertThat(row.path("usCoveragePercent").asText()).isEqualTo("0.0");
  }

  @Test
  void shouldHaveNoCoverageWhenThereIsNoUsDemand() {
    JsonNode row = withCoverage(totals(1000, 0, 0, 100));

    assertThat(row.path("usCoveredUnits").asLong()).isZero();
    assertThat(row.path("usCoveragePercent").isNull()).isTrue();
  }

  @Test
  void shouldChangeNothingWhenAppliedTwiceOrToAnError() {
    // Given a listing already through the view (as gathered from another instance)
    ObjectNode listing = JSON.createObjectNode();
    listing.putArray("rows").addObject().set("value", totals(1000, 900, 100, 700));
    HttpResponse once = LedgerCoverage.withCoverage(HttpResponse.json(200, listing));

    // Then a second pass gives the same answer, and errors pass unchanged
    assertThat(LedgerCoverage.withCoverage(once).jsonBody()).isEqualTo(once.jsonBody());
    HttpResponse unavailable = HttpResponse.error(503, "restoring");
    assertThat(LedgerCoverage.withCoverage(unavailable)).isSameAs(unavailable);
  }

  private static ObjectNode totals(long supply, long usDemand, long usGranted, long nonUsGranted) {
    ObjectNode value = JSON.createObjectNode();
    value.put("supplyUnits", supply);
    value.put("usDemandUnits", usDemand);
    value.put("usGrantedUnits", usGranted);
    value.put("nonUsGrantedUnits", nonUsGranted);
    return value;
  }

  private static JsonNode withCoverage(ObjectNode value) {
    ObjectNode row = JSON.createObjectNode();
    row.put("key", "H200-SXM-141GB|2026-03");
    row.set("value", value);
    return LedgerCoverage.withCoverage(HttpResponse.json(200, row)).jsonBody().path("value");
  }
}
