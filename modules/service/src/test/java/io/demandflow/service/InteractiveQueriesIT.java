package io.demandflow.service;

import static io.demandflow.service.ServiceTestSupport.get;
import static io.demandflow.service.ServiceTestSupport.getJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.demandflow.events.Order;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.testkit.OrderFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances of one application on the shared broker answer for each other's keys. */
@KafkaIntegrationTest
class InteractiveQueriesIT {

  private static final int CUSTOMERS = 20;

  @TempDir Path tempDir;

  @Test
  void shouldAnswerKeysAndListingsOfOtherInstanceWhenAskedOnEither(KafkaTestEnvironment env)
      throws Exception {
    // Given instances A and B of one application, each with its own state and HTTP port
    ServiceTestSupport support = new ServiceTestSupport(env);
    try (DemandflowService a = support.startInstance(tempDir, "a");
        DemandflowService b = support.startInstance(tempDir, "b")) {
      ServiceTestSupport.awaitRunning(a);
      ServiceTestSupport.awaitRunning(b);

      // When one US order of 10 units per customer arrives, and one order from China
      List<Order> orders =
          IntStream.range(0, CUSTOMERS)
              .mapToObj(i -> OrderFixtures.order("o-" + i, 1).setCustomerId(customer(i)).build())
              .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
      orders.add(OrderFixtures.order("o-cn", 1).setCustomerId("CN-CLOUD").setRegion("CN").build());
      support.produceOrders(a.app().config(), orders);

      // Then the listing on A holds every customer, B's rows included
      await("every customer listed by A")
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(getJson(a.url(), "/api/demand/customers").path("count").asInt())
                      .isEqualTo(CUSTOMERS + 1));
      JsonNode localToB = getJson(b.url(), "/api/demand/customers?scope=local");
      assertThat(localToB.path("count").asInt()).isBetween(1, CUSTOMERS);

      // And a key that B owns is answered by A, with B's row
      JsonNode rowOfB = localToB.path("rows").get(0);
      String key = rowOfB.path("key").asText();
      assertThat(
              a.app()
                  .streams()
                  .queryMetadataForKey(
                      StoreNames.CUSTOMER_DEMAND, key, Serdes.String().serializer())
                  .activeHost()
                  .port())
          .isEqualTo(b.url().getPort());
      List<String> parts = Keys.split(key);
      var answer = get(a.url(), "/api/demand/customers/" + parts.get(0) + "/" + parts.get(1));
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(ServiceTestSupport.JSON.readTree(answer.body())).isEqualTo(rowOfB);
      assertThat(rowOfB.path("value").path("openUnits").asLong()).isEqualTo(10);
      assertThat(rowOfB.path("value").path("openValue").asText()).isEqualTo("300000.00");

      // And filters and region lookups work from either instance
      // (region rows pass the eligibility joins after the customer rows: wait for them too)
      await("the CN row listed by B")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          getJson(b.url(), "/api/demand/regions?region=CN").path("count").asInt())
                      .isEqualTo(1));
      await("the US row answered by its owner through A")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                JsonNode us =
                    getJson(a.url(), "/api/demand/regions/US/" + OrderFixtures.H200 + "/2026-03");
                assertThat(us.path("value").path("openUnits").asLong()).isEqualTo(10L * CUSTOMERS);
                assertThat(us.path("value").path("openOrders").asInt()).isEqualTo(CUSTOMERS);
              });
      assertThat(getJson(b.url(), "/api/demand/customers/" + customer(0)).path("count").asInt())
          .isEqualTo(1);
      assertThat(get(b.url(), "/api/demand/customers/NOBODY/" + OrderFixtures.H200).statusCode())
          .isEqualTo(404);
      assertThat(get(a.url(), "/api/demand/regions?colour=red").statusCode()).isEqualTo(400);
    }
  }

  private static String customer(int i) {
    return String.format("C%02d", i);
  }
}
