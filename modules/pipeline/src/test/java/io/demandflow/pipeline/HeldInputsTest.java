package io.demandflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldInputsTest {

  private final RecordingChunkWriter writer = new RecordingChunkWriter();
  private final Map<Long, byte[]> store = writer.store;
  private final List<String> writes = writer.writes;

  private final HeldInputs<String> held = new HeldInputs<>(writer);

  @Test
  void theChunkFormatIsPinned() {
    held.add(0x0102, "ab", bytes("ab"));
    held.add(7, "c", bytes("c"));

    assertThat(HexFormat.of().formatHex(store.get(0L)))
        .isEqualTo(
            "01" // format version (StoreChunks)
                + "00000012" // entry length
                + "0000000000000102" // timestamp
                + "0000000000000000" // arrival
                + "6162" // payload
                + "00000011"
                + "0000000000000007"
                + "0000000000000001"
                + "63");
  }

  @Test
  void letsThroughInTimestampOrderTiesInArrivalOrder() {
    held.add(30, "late", bytes("late"));
    held.add(10, "first", bytes("first"));
    held.add(20, "tie-1", bytes("tie-1"));
    held.add(20, "tie-2", bytes("tie-2"));

    assertThat(inputs(held.releaseUpTo(20))).containsExactly("first", "tie-1", "tie-2");
    assertThat(held.isEmpty()).isFalse();
    assertThat(inputs(held.releaseUpTo(Long.MAX_VALUE))).containsExactly("late");
    assertThat(held.isEmpty()).isTrue();
  }

  @Test
  void oneStoreValuePerChunkRewrittenWhenSomeGoThroughDeletedWhenAllHave() {
    for (int i = 0; i < StoreChunks.MAX_ENTRIES + 1; i++) {
      held.add(i, "i-" + i, bytes("i-" + i));
    }
    assertThat(store).containsOnlyKeys(0L, 1L);
    assertThat(HeldInputs.decode(store.get(0L))).hasSize(StoreChunks.MAX_ENTRIES);

    writes.clear();
    held.releaseUpTo(9);
    assertThat(writes).containsExactly("put 0");
    assertThat(HeldInputs.decode(store.get(0L)))
        .extracting(HeldInputs.Held::time)
        .first()
        .isEqualTo(10L);

    writes.clear();
    held.releaseUpTo(StoreChunks.MAX_ENTRIES - 1);
    assertThat(writes).containsExactly("delete 0");
    assertThat(store).containsOnlyKeys(1L);
  }

  @Test
  void aChunkIsFullAtItsByteLimitToo() {
    byte[] large = new byte[StoreChunks.MAX_BYTES / 2];
    held.add(1, "a", large);
    held.add(2, "b", large);

    assertThat(store).containsOnlyKeys(0L, 1L);
  }

  @Test
  void restoredChunksKeepTheirOrderAndNewInputsComeAfterThem() {
    held.add(50, "a", bytes("a"));
    held.add(10, "b", bytes("b"));
    held.add(10, "c", bytes("c"));
    held.releaseUpTo(5);

    HeldInputs<String> restarted = new HeldInputs<>((chunk, value) -> store.put(chunk, value));
    store.forEach(
        (chunk, value) -> {
          List<HeldInputs.Held<String>> entries = new ArrayList<>();
          for (HeldInputs.Held<byte[]> entry : HeldInputs.decode(value)) {
            entries.add(
                new HeldInputs.Held<>(
                    entry.time(),
                    entry.arrival(),
                    new String(entry.payload(), StandardCharsets.UTF_8),
                    entry.payload()));
          }
          restarted.restore(chunk, entries);
        });
    restarted.add(10, "d", bytes("d"));

    assertThat(store).containsOnlyKeys(0L, 1L);
    assertThat(inputs(restarted.releaseUpTo(Long.MAX_VALUE))).containsExactly("b", "c", "d", "a");
  }

  @Test
  void anEntryTooShortForItsHeaderIsAClearError() {
    assertThatThrownBy(() -> HeldInputs.decode(new byte[] {1, 0, 0, 0, 2, 7, 7}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shorter than its timestamp and arrival");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> inputs(List<HeldInputs.Held<String>> released) {
    return released.stream().map(HeldInputs.Held::input).toList();
  }
}
