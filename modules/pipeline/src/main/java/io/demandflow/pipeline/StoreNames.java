package io.demandflow.pipeline;

/**
 * The names of the state stores. A store name is also its changelog topic's name ({@code
 * <application.id>-<store>-changelog}) and what interactive queries ask for, so a published name is
 * frozen: renaming one strands the state of deployed instances.
 */
public final class StoreNames {

  /** Highest revision seen per orderId ({@code String → Long}). */
  public static final String ORDER_REVISIONS = "order-revisions-store";

  /** Latest accepted revision of every order, cancelled ones included ({@code orderId → Order}). */
  public static final String ORDERS = "orders-store";

  /** Open demand per customer and product ({@code customerId|product → CustomerDemand}). */
  public static final String CUSTOMER_DEMAND = "customer-demand-store";

  /** Open demand per region, product and period ({@code region|product|period → RegionDemand}). */
  public static final String REGION_DEMAND = "region-demand-store";

  private StoreNames() {}
}
