package io.demandflow.pipeline;

/**
 * The names of the state stores. A store name is also its changelog topic's name ({@code
 * <application.id>-<store>-changelog}) and what interactive queries ask for, so a published name is
 * frozen: renaming one strands the state of deployed instances.
 */
public final class StoreNames {

  /**
   * Latest accepted revision of every order, cancelled ones included ({@code orderId → Order}); its
   * revision is the highest seen, which the revision gate compares new records with.
   */
  public static final String ORDERS = "orders-store";

  /**
   * Orders with at least one allocation request ({@code orderId → allocationId} of the first): the
   * order book gives the ledger the changes of these orders only.
   */
  public static final String ALLOCATED_ORDERS = "allocated-orders-store";

  /**
   * Cancelled orders by when they closed ({@code <millis>|orderId → orderId}): they leave {@value
   * #ORDERS} and {@value #ALLOCATED_ORDERS} after {@code demandflow.retention.closed-orders}.
   */
  public static final String CLOSED_ORDERS = "closed-orders-store";

  /**
   * Allocation requests and releases waiting in the order book for their order (per order, in
   * arrival order, kept in {@link StoreChunks}: {@code chunk|<number> → WaitingRequests of up to 64
   * orders}); usually empty.
   */
  public static final String WAITING_REQUESTS = "waiting-requests-store";

  /**
   * Changes of open US demand not yet given to the ledger, summed per product and period ({@code
   * product|period → UsDemandChange}); given before the order book's next ledger input.
   */
  public static final String PENDING_US_DEMAND = "pending-us-demand-store";

  /**
   * How far each input partition has come ({@code topic|partition → Watermark}, from input ticks)
   * and the watermark last given to the ledger (key {@code ledger}): sequencing,
   * docs/order-book.md.
   */
  public static final String ORDER_BOOK_WATERMARKS = "order-book-watermarks-store";

  /**
   * Requests, releases and the ledger's side of accepted order changes after an order's first
   * revision, held back until every input partition has passed their input records' timestamps
   * ({@link TimestampOrderGate}, in {@link StoreChunks}: {@code chunk|<number> → up to 64
   * HeldOrderBookInput}): sequencing, docs/order-book.md.
   */
  public static final String ORDER_BOOK_HELD_INPUTS = "order-book-held-inputs-store";

  /** Open demand per customer and product ({@code customerId|product → CustomerDemand}). */
  public static final String CUSTOMER_DEMAND = "customer-demand-store";

  /** Open demand per region, product and period ({@code region|product|period → RegionDemand}). */
  public static final String REGION_DEMAND = "region-demand-store";

  /** Latest export license per customer and region ({@code customerId|region → ExportLicense}). */
  public static final String LICENSES = "licenses-store";

  /** Latest policy per region ({@code region → RegionPolicy}). */
  public static final String REGION_POLICIES = "region-policies-store";

  /** Latest committed supply per product and period ({@code product|period → Supply}). */
  public static final String SUPPLY = "supply-store";

  /**
   * Open orders summed per customer, region, product and requested date, with whether the
   * customer's license for the region qualifies for them ({@code
   * customerId|region|product|requestedDate → LicensedDemandBucket}); kept in the license table's
   * task so that a license change re-qualifies them locally.
   */
  public static final String LICENSED_DEMAND_BUCKETS = "licensed-demand-buckets-store";

  /**
   * Open demand per region, product and period, split by whether each order's license qualifies,
   * before the region's policy is applied ({@code region|product|period → LicensedRegionDemand}).
   */
  public static final String LICENSED_REGION_DEMAND = "licensed-region-demand-store";

  /**
   * Open and eligible units by region per product and period, for production signals ({@code
   * product|period → ProductDemand}).
   */
  public static final String PRODUCT_DEMAND = "product-demand-store";

  /**
   * Production-signal state per product and period: latest demand and supply, whether they changed
   * since the last evaluation, SHORTAGE flag, last recommendation and sequence number ({@code
   * product|period → SignalEvaluationState}).
   */
  public static final String SIGNAL_STATE = "signal-state-store";

  private StoreNames() {}

  /** The changelog topic of {@code store}: what its serdes are given as the topic. */
  public static String changelogTopic(String applicationId, String store) {
    return applicationId + "-" + store + "-changelog";
  }
}
