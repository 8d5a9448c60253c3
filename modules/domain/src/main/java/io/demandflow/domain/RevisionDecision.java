package io.demandflow.domain;

/**
 * What to do with an order record given the highest revision already seen for its orderId (SPEC
 * R1): only a strictly higher revision counts; anything else changes nothing.
 */
public enum RevisionDecision {
  /** The first record of the order, or one with a higher revision: it replaces the order. */
  ACCEPTED,
  /** A lower revision than the highest seen: an out-of-date record, ignored. */
  STALE,
  /** The same revision as the highest seen: a redelivery, ignored. */
  DUPLICATE;

  /**
   * Decides on a record.
   *
   * @param highestSeen the highest revision seen for the orderId, or {@code null} if none
   * @param revision the revision of the incoming record
   */
  public static RevisionDecision decide(Long highestSeen, long revision) {
    if (highestSeen == null || revision > highestSeen) {
      return ACCEPTED;
    }
    return revision == highestSeen ? DUPLICATE : STALE;
  }

  public boolean isAccepted() {
    return this == ACCEPTED;
  }
}
