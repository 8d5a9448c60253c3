package io.demandflow.service.metrics;

import io.demandflow.events.RegionDemand;
import io.demandflow.events.internal.LedgerTotals;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.allocation.LedgerStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges per product computed from this instance's stores: summed over the rows of the active
 * partitions it holds, recomputed by {@link #refresh()} on a schedule (never per scrape, which
 * would scan every key at every scrape). Each instance reports its own share; Prometheus adds them
 * up ({@code sum by (product) (...)}). The only tag is {@code product}: bounded cardinality, never
 * a tag per customer or order.
 *
 * <p>A figure is one line in {@link #demandFigures(String)}. US coverage is the ratio of {@link
 * #US_COVERED_UNITS} (from the allocation ledger: min(D_US, S − G_X) per period) to {@link
 * #US_OPEN_UNITS}, computed in PromQL. "US" in these names stands for the priority region ({@code
 * demandflow.allocation.priority-region}, US by default): the names are published and stay.
 */
public final class StoreGauges {

  public static final String OPEN_UNITS = "demandflow.open.units";
  public static final String ELIGIBLE_UNITS = "demandflow.eligible.units";
  public static final String US_OPEN_UNITS = "demandflow.us.open.units";
  public static final String US_COVERED_UNITS = "demandflow.us.covered.units";

  private static final Logger log = LoggerFactory.getLogger(StoreGauges.class);

  /**
   * One per-product figure of a store: which product a stored value belongs to and what it adds.
   *
   * @param meterName Micrometer name ({@code demandflow.open.units} → {@code
   *     demandflow_open_units})
   */
  public record ProductFigure(
      String meterName,
      String description,
      String storeName,
      Function<Object, String> productOf,
      ToLongFunction<Object> amountOf) {

    /** A figure over a store of {@code type} values. */
    public static <V> ProductFigure of(
        String meterName,
        String description,
        String storeName,
        Class<V> type,
        Function<V, String> productOf,
        ToLongFunction<V> amountOf) {
      return new ProductFigure(
          meterName,
          description,
          storeName,
          value -> productOf.apply(type.cast(value)),
          value -> amountOf.applyAsLong(type.cast(value)));
    }
  }

  /**
   * The figures: demand from the region demand store, coverage of {@code priorityRegion} (the
   * setting the ledger allocates by) from the ledger.
   */
  public static List<ProductFigure> demandFigures(String priorityRegion) {
    return List.of(
        ProductFigure.of(
            OPEN_UNITS,
            "Open (not cancelled) order units per product, all regions and periods",
            StoreNames.REGION_DEMAND,
            RegionDemand.class,
            RegionDemand::getProduct,
            RegionDemand::getOpenUnits),
        ProductFigure.of(
            ELIGIBLE_UNITS,
            "Open units that are eligible demand (SPEC R2) per product",
            StoreNames.REGION_DEMAND,
            RegionDemand.class,
            RegionDemand::getProduct,
            RegionDemand::getEligibleUnits),
        ProductFigure.of(
            US_OPEN_UNITS,
            "Open units of US orders per product (D_US of SPEC R4)",
            StoreNames.REGION_DEMAND,
            RegionDemand.class,
            RegionDemand::getProduct,
            demand -> priorityRegion.equals(demand.getRegion()) ? demand.getOpenUnits() : 0),
        ProductFigure.of(
            US_COVERED_UNITS,
            "Open US units that supply not granted elsewhere covers, min(D_US, S - G_X), per"
                + " product (SPEC R4, R5); coverage = this / demandflow_us_open_units",
            LedgerStores.TOTALS,
            LedgerTotals.class,
            LedgerTotals::getProduct,
            totals ->
                Math.min(
                    totals.getUsDemandUnits(),
                    Math.max(0, totals.getSupplyUnits() - totals.getNonUsGrantedUnits()))));
  }

  private final KafkaStreams streams;
  private final List<ProductFigure> figures;
  private final Map<ProductFigure, MultiGauge> gauges = new LinkedHashMap<>();

  /** The value behind each registered row, by figure and product: updated in place. */
  private final Map<ProductFigure, Map<String, AtomicLong>> rows = new HashMap<>();

  public StoreGauges(KafkaStreams streams, MeterRegistry registry, List<ProductFigure> figures) {
    this.streams = streams;
    this.figures = List.copyOf(figures);
    for (ProductFigure figure : figures) {
      gauges.put(
          figure,
          MultiGauge.builder(figure.meterName())
              .description(figure.description())
              .register(registry));
    }
  }

  /**
   * Recomputes every figure from the stores. A store that is not queryable right now (rebalance,
   * restoration) keeps its last values.
   */
  public synchronized void refresh() {
    Map<String, List<ProductFigure>> byStore = new LinkedHashMap<>();
    figures.forEach(f -> byStore.computeIfAbsent(f.storeName(), s -> new ArrayList<>()).add(f));
    byStore.forEach(this::refreshStore);
  }

  private void refreshStore(String storeName, List<ProductFigure> storeFigures) {
    Map<ProductFigure, Map<String, Long>> sums = new LinkedHashMap<>();
    storeFigures.forEach(f -> sums.put(f, new TreeMap<>()));
    try {
      ReadOnlyKeyValueStore<String, Object> store =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                  storeName, QueryableStoreTypes.<String, Object>keyValueStore()));
      try (KeyValueIterator<String, Object> rows = store.all()) {
        while (rows.hasNext()) {
          KeyValue<String, Object> row = rows.next();
          for (ProductFigure figure : storeFigures) {
            sums.get(figure)
                .merge(
                    figure.productOf().apply(row.value),
                    figure.amountOf().applyAsLong(row.value),
                    Long::sum);
          }
        }
      }
    } catch (InvalidStateStoreException notNow) {
      log.debug("store {} not queryable now; gauges keep their values", storeName);
      return;
    }
    sums.forEach(this::update);
  }

  // Rows are registered again only when the set of products changes; otherwise their values move
  // in place. Re-registering on every refresh removed and re-added each row, and a scrape that ran
  // in between could see one product twice (DuplicateLabelsException, seen with two instances).
  private void update(ProductFigure figure, Map<String, Long> byProduct) {
    Map<String, AtomicLong> current = rows.get(figure);
    if (current != null && current.keySet().equals(byProduct.keySet())) {
      byProduct.forEach((product, amount) -> current.get(product).set(amount));
      return;
    }
    Map<String, AtomicLong> next = new TreeMap<>();
    byProduct.forEach((product, amount) -> next.put(product, new AtomicLong(amount)));
    rows.put(figure, next);
    gauges
        .get(figure)
        .register(
            next.entrySet().stream()
                .map(
                    e ->
                        MultiGauge.Row.of(
                            Tags.of("product", e.getKey()), e.getValue(), AtomicLong::doubleValue))
                .toList(),
            true);
  }
}
