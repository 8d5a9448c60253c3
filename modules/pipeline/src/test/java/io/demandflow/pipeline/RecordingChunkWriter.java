package io.demandflow.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A {@link StoreChunks.Writer} for tests: the store it leaves and the writes it got, in order. */
public final class RecordingChunkWriter implements StoreChunks.Writer {

  /** Chunk number → value; deleted chunks removed. */
  public final Map<Long, byte[]> store = new TreeMap<>();

  /** {@code put <chunk>} or {@code delete <chunk>}, in order. */
  public final List<String> writes = new ArrayList<>();

  @Override
  public void write(long chunk, byte[] value) {
    writes.add((value == null ? "delete " : "put ") + chunk);
    if (value == null) {
      store.remove(chunk);
    } else {
      store.put(chunk, value);
    }
  }
}
