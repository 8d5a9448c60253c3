package io.demandflow.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demandflow.pipeline.app.BoundedMemoryRocksDbConfig;
import io.demandflow.pipeline.app.BoundedMemoryRocksDbConfig.Budget;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.errors.DeadLetterCounter;
import io.demandflow.topics.TopicNames;
import java.util.Map;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** The RocksDB memory bound lives in the pipeline module; the service module wires its settings. */
class BoundedMemoryRocksDbConfigTest {

  @Test
  void shouldCarrySettingsIntoStreamsConfigWhenTheApplicationIsBuilt() {
    // Given the two demandflow settings
    DemandflowConfig config =
        DemandflowConfig.of(
            Map.of(
                BoundedMemoryRocksDbConfig.BLOCK_CACHE_BYTES, "268435456",
                BoundedMemoryRocksDbConfig.WRITE_BUFFER_BYTES, "67108864"));

    // When the service builds the application's configuration and the app its Streams settings
    DemandflowConfig effective =
        DemandflowService.applicationConfig(
            config, new org.apache.kafka.streams.state.HostInfo("pod-0", 8080));
    var streams =
        DemandflowApp.streamsProperties(
            effective, TopicNames.from(effective.asMap()), new DeadLetterCounter());

    // Then the Streams configuration carries them under the keys the setter reads
    assertThat(streams)
        .containsEntry("rocksdb.config.setter", BoundedMemoryRocksDbConfig.class.getName())
        .containsEntry("application.server", "pod-0:8080");
    @SuppressWarnings({"unchecked", "rawtypes"})
    Budget budget = Budget.of((Map) streams);
    assertThat(budget).isEqualTo(new Budget(268435456L, 67108864L));
  }

  @Test
  void shouldTakeDefaultsWhenNothingIsSet() {
    assertThat(Budget.of(Map.of()))
        .isEqualTo(
            new Budget(
                BoundedMemoryRocksDbConfig.DEFAULT_BLOCK_CACHE_BYTES,
                BoundedMemoryRocksDbConfig.DEFAULT_WRITE_BUFFER_BYTES));
  }

  @Test
  void shouldRejectBudgetWhenWriteBufferIsNotSmallerThanCache() {
    assertThatThrownBy(
            () ->
                Budget.of(
                    Map.of(
                        BoundedMemoryRocksDbConfig.STREAMS_BLOCK_CACHE_BYTES, "1000",
                        BoundedMemoryRocksDbConfig.STREAMS_WRITE_BUFFER_BYTES, "1000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(BoundedMemoryRocksDbConfig.WRITE_BUFFER_BYTES);
    assertThatThrownBy(
            () -> Budget.of(Map.of(BoundedMemoryRocksDbConfig.STREAMS_BLOCK_CACHE_BYTES, "lots")))
        .hasMessageContaining(BoundedMemoryRocksDbConfig.BLOCK_CACHE_BYTES)
        .hasMessageContaining("lots");
  }

  @Test
  void shouldShareOneBlockCacheWhenTwoStoresAreConfigured() {
    // Given two stores' options as Kafka Streams prepares them
    RocksDB.loadLibrary();
    BoundedMemoryRocksDbConfig setter = new BoundedMemoryRocksDbConfig();
    try (Options first = storeOptions();
        Options second = storeOptions()) {
      // When the setter configures both
      setter.setConfig("store-a", first, Map.of());
      setter.setConfig("store-b", second, Map.of());

      // Then both use one and the same cache
      var firstCache =
          ((BlockBasedTableConfigWithAccessibleCache) first.tableFormatConfig()).blockCache();
      var secondCache =
          ((BlockBasedTableConfigWithAccessibleCache) second.tableFormatConfig()).blockCache();
      assertThat(firstCache).isNotNull().isSameAs(secondCache);
    }
  }

  private static Options storeOptions() {
    Options options = new Options();
    options.setTableFormatConfig(new BlockBasedTableConfigWithAccessibleCache());
    return options;
  }
}
