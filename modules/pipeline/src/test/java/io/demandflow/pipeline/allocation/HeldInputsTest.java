package io.demandflow.pipeline.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HeldInputsTest {

  /** The store as the gate's chunks leave it: chunk number → value (deleted chunks removed). */
  private final Map<Long, byte[]> store = new TreeMap<>();

  private final List<String> writes = new ArrayList<>();

  private final HeldInputs<String> held =
      new HeldInputs<>(
          (chunk, value) -> {
            writes.add((value == null ? "delete " : "put ") + chunk);
            if (value == null) {
              store.remove(chunk);
            } else {
              store.put(chunk, value);
            }
          });

  @Test
  void theChunkFormatIsPinned() {
    held.add(0x0102, "ab", bytes("ab"));
    held.add(7, "c", bytes("c"));

    assertThat(HexFormat.of().formatHex(store.get(0L)))
        .isEqualTo(
            "01" // format version
                + "0000000000000102" // timestamp
                + "0000000000000000" // arrival
                + "00000002" // payload length
                + "6162" // payload
                + "0000000000000007"
                + "0000000000000001"
                + "00000001"
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
    for (int i = 0; i < HeldInputs.CHUNK_ENTRIES + 1; i++) {
      held.add(i, "i-" + i, bytes("i-" + i));
    }
    assertThat(store).containsOnlyKeys(0L, 1L);
    assertThat(HeldInputs.decode(store.get(0L))).hasSize(HeldInputs.CHUNK_ENTRIES);

    writes.clear();
    held.releaseUpTo(9);
    assertThat(writes).containsExactly("put 0");
    assertThat(HeldInputs.decode(store.get(0L)))
        .extracting(HeldInputs.Held::time)
        .first()
        .isEqualTo(10L);

    writes.clear();
    held.releaseUpTo(HeldInputs.CHUNK_ENTRIES - 1);
    assertThat(writes).containsExactly("delete 0");
    assertThat(store).containsOnlyKeys(1L);
  }

  @Test
  void aChunkIsFullAtItsByteLimitToo() {
    byte[] large = new byte[HeldInputs.CHUNK_BYTES / 2];
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
  void aValueThatIsNotAChunkIsAClearError() {
    assertThatThrownBy(() -> HeldInputs.decode(new byte[] {0, 0, 0, 0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format byte 0");
    assertThatThrownBy(() -> HeldInputs.decode(new byte[] {1, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> inputs(List<HeldInputs.Held<String>> released) {
    return released.stream().map(HeldInputs.Held::input).toList();
  }
}
