package io.demandflow.service;

import static io.demandflow.service.ServiceTestSupport.get;
import static io.demandflow.service.ServiceTestSupport.getJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.Supply;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.testkit.OrderFixtures;
import io.demandflow.topics.Topics;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner console's endpoints ({@code /api/ledger}, {@code /api/allocations}, {@code
 * /api/revenue-share}, {@code /api/signals}) and the page itself, on two instances of one
 * application: the ledger lives on one of them, and both answer with the same figures.
 */
@KafkaIntegrationTest
class ConsoleApiIT {

  private static final Instant T = Instant.parse("2026-01-10T09:00:00Z");
  private static final String LEDGER_KEY = OrderFixtures.H200 + "|2026-03";

  @TempDir Path tempDir;

  @Test
  void shouldAnswerLedgerAllocationsRevenueShareAndSignalsOnEitherInstanceWhenDecisionsWereMade(
      KafkaTestEnvironment env) throws Exception {
    // Given instances A and B, CN import approved with a 25 % revenue share, supply 1000 units of
    // H200 for March 2026, and open orders of 600 units from the US and 600 from China
    ServiceTestSupport support = new ServiceTestSupport(env);
    try (DemandflowService a = support.startInstance(tempDir, "a");
        DemandflowService b = support.startInstance(tempDir, "b")) {
      ServiceTestSupport.awaitRunning(a);
      ServiceTestSupport.awaitRunning(b);
      DemandflowConfig config = a.app().config();
      support.produce(
          config,
          Topics::policies,
          List.of(
              new RegionPolicy("CN", false, ImportStatus.APPROVED, new BigDecimal("0.2500"), T)),
          RegionPolicy::getRegion);
      support.produce(
          config,
          Topics::supply,
          List.of(new Supply(OrderFixtures.H200, "2026-03", 1000L, T, "plan")),
          supply -> supply.getProduct() + "|" + supply.getPeriod());
      support.produceOrders(
          config,
          List.of(
              OrderFixtures.order("us-o", 1).setCustomerId("us-1").setQuantity(600).build(),
              OrderFixtures.order("cn-o", 1)
                  .setCustomerId("cn-1")
                  .setRegion("CN")
                  .setQuantity(600)
                  .build()));
      await("the ledger has supply and US demand")
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                JsonNode totals =
                    getJson(b.url(), "/api/ledger/" + OrderFixtures.H200 + "/2026-03");
                assertThat(totals.path("value").path("supplyUnits").asLong()).isEqualTo(1000);
                assertThat(totals.path("value").path("usDemandUnits").asLong()).isEqualTo(600);
              });

      // When China asks for 600 units, the US for 300, and someone for an unknown order
      support.produce(
          config,
          Topics::allocations,
          List.of(
              request("a-cn", "cn-o", 600),
              request("a-us", "us-o", 300),
              request("a-unknown", "no-such-order", 5)),
          AllocationRequest::getAllocationId);

      // Then both instances list the three decisions, newest first, with counts
      for (DemandflowService instance : List.of(a, b)) {
        await("three decisions listed by " + instance.url())
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(getJson(instance.url(), "/api/allocations").path("count").asInt())
                        .isEqualTo(3));
      }
      JsonNode all = getJson(a.url(), "/api/allocations");
      assertThat(all.path("byStatus").toString())
          .isEqualTo("{\"GRANTED\":1,\"PARTIAL\":1,\"REJECTED\":1}");
      assertThat(all.path("byReason").toString())
          .isEqualTo("{\"UNKNOWN_ORDER\":1,\"US_DEMAND_RESERVED\":1}");
      List<Long> sequences = new ArrayList<>();
      all.path("rows")
          .forEach(row -> sequences.add(row.path("value").path("grantSequence").asLong()));
      assertThat(sequences).hasSize(3).isSortedAccordingTo((x, y) -> Long.compare(y, x));

      // And filters and the limit apply to the whole cluster's allocations
      JsonNode partial = getJson(b.url(), "/api/allocations?status=PARTIAL");
      assertThat(partial.path("count").asInt()).isEqualTo(1);
      JsonNode cut = partial.path("rows").get(0).path("value");
      assertThat(cut.path("allocationId").asText()).isEqualTo("a-cn");
      assertThat(cut.path("reason").asText()).isEqualTo("US_DEMAND_RESERVED");
      assertThat(cut.path("grantedUnits").asInt()).isEqualTo(400);
      assertThat(
              getJson(a.url(), "/api/allocations?reason=UNKNOWN_ORDER")
                  .path("rows")
                  .get(0)
                  .path("key")
                  .asText())
          .isEqualTo("a-unknown");
      JsonNode newest = getJson(b.url(), "/api/allocations?limit=1");
      assertThat(newest.path("count").asInt()).isEqualTo(3);
      assertThat(newest.path("rows").size()).isEqualTo(1);
      assertThat(newest.path("rows").get(0)).isEqualTo(all.path("rows").get(0));
      assertThat(getJson(a.url(), "/api/allocations/a-us").path("value").path("status").asText())
          .isEqualTo("GRANTED");
      HttpResponse<String> badStatus = get(a.url(), "/api/allocations?status=MAYBE");
      assertThat(badStatus.statusCode()).isEqualTo(400);
      assertThat(badStatus.body()).contains("GRANTED");
      assertThat(get(a.url(), "/api/allocations?limit=0").statusCode()).isEqualTo(400);

      // And the ledger shows the grants and US coverage, the same on both instances
      await("the ledger figures after the grants")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                JsonNode ledger = getJson(a.url(), "/api/ledger");
                assertThat(ledger.path("count").asInt()).isEqualTo(1);
                JsonNode totals = ledger.path("rows").get(0);
                assertThat(totals.path("key").asText()).isEqualTo(LEDGER_KEY);
                assertThat(totals.path("value").path("usGrantedUnits").asLong()).isEqualTo(300);
                assertThat(totals.path("value").path("nonUsGrantedUnits").asLong()).isEqualTo(400);
                assertThat(totals.path("value").path("usCoveredUnits").asLong()).isEqualTo(600);
                assertThat(totals.path("value").path("usCoveragePercent").asText())
                    .isEqualTo("100.0");
                assertThat(getJson(b.url(), "/api/ledger/" + OrderFixtures.H200 + "/2026-03"))
                    .isEqualTo(totals);
              });

      // And the revenue share accrued on the China grant: 400 × 30000.00 × 0.25
      JsonNode share = getJson(b.url(), "/api/revenue-share/CN/2026-Q1").path("value");
      assertThat(share.path("grantedUnits").asLong()).isEqualTo(400);
      assertThat(share.path("grossValue").asText()).isEqualTo("12000000.00");
      assertThat(share.path("shareAmount").asText()).isEqualTo("3000000.00");
      assertThat(getJson(a.url(), "/api/revenue-share").path("count").asInt()).isEqualTo(1);

      // And the signal state of the key holds eligible demand by region and supply (the signal
      // sub-topology reads the region aggregates, which commit on their own, so it may lag)
      await("the signal state of the key")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                JsonNode signal =
                    getJson(a.url(), "/api/signals/" + OrderFixtures.H200 + "/2026-03");
                assertThat(signal.path("value").path("supplyUnits").asLong()).isEqualTo(1000);
                assertThat(signal.path("value").path("eligibleUnitsByRegion").toString())
                    .isEqualTo("{\"CN\":600,\"US\":600}");
              });
      assertThat(getJson(b.url(), "/api/signals").path("count").asInt()).isEqualTo(1);

      // And both serve the console page, whose script reads only the API
      for (DemandflowService instance : List.of(a, b)) {
        HttpResponse<String> page = get(instance.url(), "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("/console/console.js");
      }
      String script = get(a.url(), "/console/console.js").body();
      // (the SVG namespace is a name, not a request)
      assertThat(script.replace("http://www.w3.org/2000/svg", ""))
          .contains("/api/allocations")
          .doesNotContain("http://", "https://");
      assertThat(get(a.url(), "/console/secrets.properties").statusCode()).isEqualTo(404);
    }
  }

  private static AllocationRequest request(String allocationId, String orderId, int quantity) {
    return new AllocationRequest(
        allocationId, orderId, quantity, AllocationAction.REQUEST, T, "erp-test");
  }
}
