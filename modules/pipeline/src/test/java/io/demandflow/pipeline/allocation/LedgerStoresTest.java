package io.demandflow.pipeline.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.demandflow.domain.allocation.LedgerState;
import io.demandflow.domain.allocation.LedgerStateContract;
import io.demandflow.events.AllocationStatus;
import io.demandflow.events.internal.LedgerAllocation;
import io.demandflow.registry.CompatibilityLevel;
import io.demandflow.registry.MockSchemaRegistry;
import io.demandflow.topics.AvroSerdes;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's RocksDB stores, as the pipeline builds them, against the contract every {@link
 * LedgerState} keeps (the same tests run against the in-memory state of the rule tests).
 */
class LedgerStoresTest extends LedgerStateContract {

  private static final String PRODUCT = "H200-SXM-141GB";
  private static final String PERIOD = "2026-03";

  @TempDir Path stateDir;

  private final String scope = "ledger-stores-" + UUID.randomUUID();
  private final List<StateStore> stores = new ArrayList<>();
  private MockProcessorContext<Object, Object> context;

  @Override
  protected LedgerState newState() {
    // The mock context gives every store the same changelog name, so the one registry scope sees
    // all value schemas under one subject: no compatibility between them is asked.
    MockSchemaRegistry.getClientForScope(scope).setGlobalCompatibility(CompatibilityLevel.NONE);
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "ledger-stores-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    context = new MockProcessorContext<>(config, new TaskId(0, 0), stateDir.toFile());
    context.setCurrentSystemTimeMs(0L); // when a finished allocation is noted for retention
    AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", "mock://" + scope));
    for (StoreBuilder<?> builder :
        LedgerStores.storeBuilders(Topics.of(TopicNames.defaults(), serdes), serdes)) {
      // Real RocksDB stores; changelogs and the cache are the runtime's business, not the store's.
      StateStore store = builder.withLoggingDisabled().withCachingDisabled().build();
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
      stores.add(store);
    }
    return new LedgerStores(context);
  }

  @Test
  void shouldIndexTheActiveGrantsAgainWhenTheStoresAreOpenedAfterARestart() {
    // Given grants of two orders, one released, and a CN grant cut to 4 units, in the stores
    LedgerState before = new LedgerStores(context);
    LedgerAllocation first = grant("a-1", "o-1", "CN", 1, 10);
    before.putAllocation(null, first);
    before.putAllocation(null, grant("a-2", "o-1", "US", 2, 10));
    LedgerAllocation third = grant("a-3", "o-2", "CN", 3, 10);
    before.putAllocation(null, third);
    before.putAllocation(first, grant("a-1", "o-1", "CN", 1, 0));
    before.putAllocation(third, grant("a-3", "o-2", "CN", 3, 4));

    // When the ledger opens the same stores again (as after a restart or a restore)
    LedgerState after = new LedgerStores(context);

    // Then the heap indexes hold what is active, as before
    assertThat(after.activeGrantsOfOrder("o-1")).containsExactly(grant("a-2", "o-1", "US", 2, 10));
    assertThat(after.activeNonPriorityGrants(PRODUCT, PERIOD))
        .containsExactly(grant("a-3", "o-2", "CN", 3, 4));
    assertThat(after.grantedUnitsOfCustomer("c-1", "CN")).containsOnly(entry(PRODUCT, 4L));
    assertThat(after.grantedUnitsOfCustomer("c-1", "US")).containsOnly(entry(PRODUCT, 10L));
  }

  private static LedgerAllocation grant(
      String allocationId, String orderId, String region, long sequence, int granted) {
    return LedgerAllocation.newBuilder()
        .setAllocationId(allocationId)
        .setOrderId(orderId)
        .setCustomerId("c-1")
        .setRegion(region)
        .setProduct(PRODUCT)
        .setPeriod(PERIOD)
        .setPriorityRegion("US".equals(region))
        .setRequestedUnits(10)
        .setGrantedUnits(granted)
        .setStatus(granted == 0 ? AllocationStatus.RELEASED : AllocationStatus.GRANTED)
        .setUnitPrice(new BigDecimal("31500.00"))
        .setRevenueShareRate(new BigDecimal("0.2500"))
        .setGrantSequence(sequence)
        .build();
  }

  @AfterEach
  void closeStores() {
    stores.forEach(StateStore::close);
    MockSchemaRegistry.dropScope(scope);
  }
}
