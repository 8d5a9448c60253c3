package io.demandflow.pipeline.app;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store in the JVM: all stores share one LRU block
 * cache, and their memtables are charged to that same cache through one {@link WriteBufferManager}
 * — so {@value #BLOCK_CACHE_BYTES} is the total budget (index and filter blocks included) and
 * {@value #WRITE_BUFFER_BYTES} the part of it memtables may use. Without this, each store (and each
 * partition of it) gets its own cache and memtables, and memory grows with the number of tasks.
 *
 * <p>How the sizes get here: Kafka Streams hands a config setter its own configuration map, and
 * {@link DemandflowConfig#kafkaProperties()} leaves demandflow's {@code demandflow.*} settings out
 * of that map. {@link #streamsSettings(DemandflowConfig)} therefore copies the two settings under
 * the keys {@value #STREAMS_BLOCK_CACHE_BYTES} and {@value #STREAMS_WRITE_BUFFER_BYTES}, which are
 * put into the Streams configuration and read here; a missing key takes the default.
 *
 * <p>The cache is created by the first store opened in the JVM and lives as long as the JVM: stores
 * come and go with rebalances, so none of them may close it. Several applications in one JVM
 * (tests) share it, sized by the first.
 */
public final class BoundedMemoryRocksDbConfig implements RocksDBConfigSetter {

  /** Total off-heap bytes of the shared block cache, memtables included. */
  public static final String BLOCK_CACHE_BYTES = "demandflow.rocksdb.block-cache.bytes";

  /** Bytes of the shared cache that memtables (write buffers) of all stores may take. */
  public static final String WRITE_BUFFER_BYTES = "demandflow.rocksdb.write-buffer.bytes";

  /** Key of {@value #BLOCK_CACHE_BYTES} inside the Streams configuration map. */
  public static final String STREAMS_BLOCK_CACHE_BYTES = "rocksdb.bounded-memory.block-cache.bytes";

  /** Key of {@value #WRITE_BUFFER_BYTES} inside the Streams configuration map. */
  public static final String STREAMS_WRITE_BUFFER_BYTES =
      "rocksdb.bounded-memory.write-buffer.bytes";

  public static final long DEFAULT_BLOCK_CACHE_BYTES = 256L * 1024 * 1024;
  public static final long DEFAULT_WRITE_BUFFER_BYTES = 128L * 1024 * 1024;

  /** Share of the cache kept for index and filter blocks, so data blocks cannot evict them. */
  private static final double INDEX_FILTER_BLOCK_RATIO = 0.1;

  private static SharedMemory shared;

  /** The memory budget: total cache bytes and the memtables' share of them. */
  public record Budget(long blockCacheBytes, long writeBufferBytes) {

    /** The budget set in a Streams configuration map; a missing key takes its default. */
    public static Budget of(Map<String, ?> configs) {
      long cacheBytes = bytes(configs, STREAMS_BLOCK_CACHE_BYTES, DEFAULT_BLOCK_CACHE_BYTES);
      long writeBytes = bytes(configs, STREAMS_WRITE_BUFFER_BYTES, DEFAULT_WRITE_BUFFER_BYTES);
      if (writeBytes >= cacheBytes) {
        throw new IllegalArgumentException(
            WRITE_BUFFER_BYTES
                + " ("
                + writeBytes
                + ") must be smaller than "
                + BLOCK_CACHE_BYTES
                + " ("
                + cacheBytes
                + "): memtables are charged to the block cache");
      }
      return new Budget(cacheBytes, writeBytes);
    }
  }

  private record SharedMemory(Budget budget, Cache cache, WriteBufferManager manager) {}

  /**
   * The Streams configuration entries that carry the two settings of {@code config} to the setter
   * (empty when neither is set).
   */
  public static Map<String, String> streamsSettings(DemandflowConfig config) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (config.get(BLOCK_CACHE_BYTES) != null) {
      settings.put(STREAMS_BLOCK_CACHE_BYTES, config.get(BLOCK_CACHE_BYTES));
    }
    if (config.get(WRITE_BUFFER_BYTES) != null) {
      settings.put(STREAMS_WRITE_BUFFER_BYTES, config.get(WRITE_BUFFER_BYTES));
    }
    return settings;
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    SharedMemory memory = sharedMemory(configs);
    BlockBasedTableConfigWithAccessibleCache table =
        (BlockBasedTableConfigWithAccessibleCache) options.tableFormatConfig();
    table.setBlockCache(memory.cache());
    // Index and filter blocks count against the same budget instead of growing beside it.
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(memory.manager());
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write buffer manager are shared by every store: never closed here.
  }

  /** The shared cache and manager, created from {@code configs} by the first store. */
  private static synchronized SharedMemory sharedMemory(Map<String, ?> configs) {
    if (shared == null) {
      Budget budget = Budget.of(configs);
      Cache cache = new LRUCache(budget.blockCacheBytes(), -1, false, INDEX_FILTER_BLOCK_RATIO);
      shared =
          new SharedMemory(budget, cache, new WriteBufferManager(budget.writeBufferBytes(), cache));
    }
    return shared;
  }

  private static long bytes(Map<String, ?> configs, String key, long fallback) {
    Object value = configs.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      long bytes = Long.parseLong(value.toString().trim());
      if (bytes <= 0) {
        throw new NumberFormatException("not positive");
      }
      return bytes;
    } catch (NumberFormatException e) {
      String setting =
          key.equals(STREAMS_BLOCK_CACHE_BYTES) ? BLOCK_CACHE_BYTES : WRITE_BUFFER_BYTES;
      throw new IllegalArgumentException(
          setting + " must be a positive number of bytes, got '" + value + "'", e);
    }
  }
}
