package io.demandflow.pipeline.allocation;

import io.demandflow.domain.allocation.LedgerState;
import io.demandflow.domain.allocation.LedgerStateContract;
import io.demandflow.registry.CompatibilityLevel;
import io.demandflow.registry.MockSchemaRegistry;
import io.demandflow.topics.AvroSerdes;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's RocksDB stores, as the pipeline builds them, against the contract every {@link
 * LedgerState} keeps (the same tests run against the in-memory state of the rule tests).
 */
class LedgerStoresTest extends LedgerStateContract {

  @TempDir Path stateDir;

  private final String scope = "ledger-stores-" + UUID.randomUUID();
  private final List<StateStore> stores = new ArrayList<>();

  @Override
  protected LedgerState newState() {
    // The mock context gives every store the same changelog name, so the one registry scope sees
    // all value schemas under one subject: no compatibility between them is asked.
    MockSchemaRegistry.getClientForScope(scope).setGlobalCompatibility(CompatibilityLevel.NONE);
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "ledger-stores-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    MockProcessorContext<Object, Object> context =
        new MockProcessorContext<>(config, new TaskId(0, 0), stateDir.toFile());
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

  @AfterEach
  void closeStores() {
    stores.forEach(StateStore::close);
    MockSchemaRegistry.dropScope(scope);
  }
}
