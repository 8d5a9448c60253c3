package io.demandflow.domain.allocation;

import io.demandflow.domain.CompositeKeys;
import io.demandflow.events.internal.LedgerAllocation;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger's indexes of active grants (allocations with grantedUnits &gt; 0), in memory: grants
 * of an order and non-priority grants of a product and period, most recent grant first (SPEC R4, R5
 * cut in that order), and the units a customer holds in a region per product (license caps).
 *
 * <p>Derived state: every entry follows from the stored allocations, so a state keeps this in heap
 * and rebuilds it from its allocations when it opens, instead of writing three index entries and
 * their changelog records per grant. Heap: about 240 bytes per active grant (docs/performance.md,
 * "Ledger on one thread").
 */
public final class ActiveGrants {

  private final Map<String, GrantGroup> byOrder = new HashMap<>();
  private final Map<String, GrantGroup> nonPriorityByProductPeriod = new HashMap<>();
  private final Map<String, Map<String, Long>> unitsByCustomer = new HashMap<>();
  private int size;

  /** Notes an active grant (grantedUnits &gt; 0). */
  public void add(LedgerAllocation grant) {
    String id = grant.getAllocationId();
    long sequence = grant.getGrantSequence();
    byOrder.computeIfAbsent(grant.getOrderId(), k -> new GrantGroup()).add(sequence, id);
    if (!grant.getPriorityRegion()) {
      nonPriorityByProductPeriod
          .computeIfAbsent(key(grant.getProduct(), grant.getPeriod()), k -> new GrantGroup())
          .add(sequence, id);
    }
    unitsByCustomer
        .computeIfAbsent(key(grant.getCustomerId(), grant.getRegion()), k -> new HashMap<>(4))
        .merge(grant.getProduct(), (long) grant.getGrantedUnits(), Long::sum);
    size++;
  }

  /** Forgets an active grant, as it was when {@link #add added}. */
  public void remove(LedgerAllocation grant) {
    long sequence = grant.getGrantSequence();
    if (!removeFrom(byOrder, grant.getOrderId(), sequence)) {
      return;
    }
    if (!grant.getPriorityRegion()) {
      removeFrom(nonPriorityByProductPeriod, key(grant.getProduct(), grant.getPeriod()), sequence);
    }
    String customer = key(grant.getCustomerId(), grant.getRegion());
    Map<String, Long> units = unitsByCustomer.get(customer);
    if (units != null) {
      units.computeIfPresent(
          grant.getProduct(),
          (product, held) ->
              held == grant.getGrantedUnits() ? null : held - grant.getGrantedUnits());
      if (units.isEmpty()) {
        unitsByCustomer.remove(customer);
      }
    }
    size--;
  }

  /** The allocationIds of an order's active grants, most recent first. */
  public List<String> ofOrder(String orderId) {
    GrantGroup group = byOrder.get(orderId);
    return group == null ? List.of() : group.mostRecentFirst();
  }

  /**
   * The allocationIds of the active non-priority grants of a product and period, most recent first.
   */
  public List<String> nonPriority(String product, String period) {
    GrantGroup group = nonPriorityByProductPeriod.get(key(product, period));
    return group == null ? List.of() : group.mostRecentFirst();
  }

  /** Units of a customer's active grants in a region, by product. */
  public Map<String, Long> unitsOfCustomer(String customerId, String region) {
    Map<String, Long> units = unitsByCustomer.get(key(customerId, region));
    return units == null ? Map.of() : Collections.unmodifiableMap(units);
  }

  /** How many active grants. */
  public int size() {
    return size;
  }

  /** Whether the group held the grant. */
  private static boolean removeFrom(Map<String, GrantGroup> index, String key, long sequence) {
    GrantGroup group = index.get(key);
    if (group == null || !group.remove(sequence)) {
      return false;
    }
    if (group.isEmpty()) {
      index.remove(key);
    }
    return true;
  }

  private static String key(String a, String b) {
    return CompositeKeys.join(a, b);
  }

  /**
   * The grants of one group as two parallel arrays ordered by grant sequence: new grants take the
   * ledger's next sequence, so adding is an append; a state rebuilt from its store adds in store
   * order, and the group then sorts once, when first read.
   */
  private static final class GrantGroup {
    private long[] sequences = new long[1];
    private String[] ids = new String[1];
    private int size;
    private boolean sorted = true;

    void add(long sequence, String id) {
      if (size == sequences.length) {
        int capacity = size + Math.max(1, size >> 1);
        sequences = Arrays.copyOf(sequences, capacity);
        ids = Arrays.copyOf(ids, capacity);
      }
      if (size > 0 && sequences[size - 1] > sequence) {
        sorted = false;
      }
      sequences[size] = sequence;
      ids[size] = id;
      size++;
    }

    boolean remove(long sequence) {
      sort();
      int at = Arrays.binarySearch(sequences, 0, size, sequence);
      if (at < 0) {
        return false;
      }
      System.arraycopy(sequences, at + 1, sequences, at, size - at - 1);
      System.arraycopy(ids, at + 1, ids, at, size - at - 1);
      size--;
      ids[size] = null;
      return true;
    }

    boolean isEmpty() {
      return size == 0;
    }

    List<String> mostRecentFirst() {
      sort();
      String[] result = new String[size];
      for (int i = 0; i < size; i++) {
        result[i] = ids[size - 1 - i];
      }
      return Arrays.asList(result);
    }

    private void sort() {
      if (sorted) {
        return;
      }
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Long.compare(sequences[a], sequences[b]));
      long[] sortedSequences = new long[sequences.length];
      String[] sortedIds = new String[ids.length];
      for (int i = 0; i < size; i++) {
        sortedSequences[i] = sequences[order[i]];
        sortedIds[i] = ids[order[i]];
      }
      sequences = sortedSequences;
      ids = sortedIds;
      sorted = true;
    }
  }
}
