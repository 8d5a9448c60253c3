package io.demandflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreChunksTest {

  private final RecordingChunkWriter writer = new RecordingChunkWriter();
  private final Map<Long, byte[]> store = writer.store;
  private final List<String> writes = writer.writes;

  private final StoreChunks<String> chunks = new StoreChunks<>(writer);

  @Test
  void theFormatIsPinned() {
    chunks.put("a", bytes("ab"));
    chunks.put("b", bytes("c"));

    assertThat(HexFormat.of().formatHex(store.get(0L)))
        .isEqualTo(
            "01" // format version
                + "00000002" // entry length
                + "6162" // entry
                + "00000001"
                + "63");
    assertThat(StoreChunks.entries(store.get(0L))).containsExactly(bytes("ab"), bytes("c"));
  }

  @Test
  void anEntryReplacedKeepsItsPlaceAndEachChunkIsWrittenOncePerRemoval() {
    chunks.put("a", bytes("1"));
    chunks.put("b", bytes("2"));
    chunks.put("a", bytes("3"));
    assertThat(StoreChunks.entries(store.get(0L))).containsExactly(bytes("3"), bytes("2"));

    writes.clear();
    chunks.removeAll(List.of("a", "x"));
    assertThat(writes).containsExactly("put 0");
    chunks.remove("b");
    assertThat(writes).containsExactly("put 0", "delete 0");
    assertThat(store).isEmpty();

    chunks.put("c", bytes("4"));
    assertThat(store).containsOnlyKeys(1L);
  }

  @Test
  void aChunkIsFullAtItsEntryOrByteLimit() {
    for (int i = 0; i <= StoreChunks.MAX_ENTRIES; i++) {
      chunks.put("k" + i, bytes("v"));
    }
    assertThat(store).containsOnlyKeys(0L, 1L);
    assertThat(StoreChunks.entries(store.get(0L))).hasSize(StoreChunks.MAX_ENTRIES);

    chunks.put("large-1", new byte[StoreChunks.MAX_BYTES / 2]);
    chunks.put("large-2", new byte[StoreChunks.MAX_BYTES / 2]);
    assertThat(store).containsOnlyKeys(0L, 1L, 2L);
    assertThat(store.get(2L)).hasSizeLessThan(StoreChunks.MAX_BYTES);
  }

  @Test
  void aRestoredChunkIsRewrittenWhereItIsAndNewEntriesGoToANewChunk() {
    Map<String, byte[]> restored = new LinkedHashMap<>();
    restored.put("a", bytes("1"));
    restored.put("b", bytes("2"));
    chunks.restore(7, restored);

    chunks.put("c", bytes("3"));
    chunks.remove("a");

    assertThat(writes).containsExactly("put 8", "put 7");
    assertThat(StoreChunks.entries(store.get(7L))).containsExactly(bytes("2"));
  }

  @Test
  void aValueThatIsNotAChunkIsAClearError() {
    // A registry-format Avro value (what these stores held before chunks) starts with 0.
    assertThat(StoreChunks.isChunk(new byte[] {0, 0, 0, 0, 1})).isFalse();
    assertThatThrownBy(() -> StoreChunks.entries(new byte[] {0, 0, 0, 0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format byte 0");
    assertThatThrownBy(() -> StoreChunks.entries(new byte[] {1, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cut short");
    assertThatThrownBy(() -> StoreChunks.entries(new byte[] {1, 0, 0, 0, 9, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9 bytes announced");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
