package io.demandflow.service.query;

import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.allocation.LedgerStores;
import io.demandflow.service.http.HttpRequest;
import io.demandflow.service.http.HttpResponse;
import io.demandflow.service.http.Router;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The read-only JSON API over the stores. Each store whose keys are built by {@link Keys#join} from
 * named parts is exposed under one path with one route per number of key parts:
 *
 * <ul>
 *   <li>{@code GET <path>}: every row, optionally filtered by key parts as query parameters ({@code
 *       ?region=CN&product=H200-SXM-141GB});
 *   <li>{@code GET <path>/{part1}[/{part2}...]}: the rows whose leading key parts are these;
 *   <li>{@code GET <path>/{part1}/.../{partN}} with every part: one row, from the owner of the key.
 * </ul>
 *
 * <p>Adding a store is one line in {@link #registerAll}. Besides demand it exposes the ledger
 * ({@code /api/ledger}, with US coverage), allocations ({@code /api/allocations}, see {@link
 * AllocationListing}), revenue share ({@code /api/revenue-share}) and the production-signal state
 * ({@code /api/signals}).
 */
public final class StateApi {

  private final StoreQueries queries;

  public StateApi(StoreQueries queries) {
    this.queries = queries;
  }

  /** Every store demandflow exposes today. */
  public void registerAll(Router router) {
    keyedStore(
        router,
        "/api/demand/customers",
        StoreNames.CUSTOMER_DEMAND,
        List.of("customerId", "product"));
    keyedStore(
        router,
        "/api/demand/regions",
        StoreNames.REGION_DEMAND,
        List.of("region", "product", "period"));
    // The planner console's figures: the ledger with US coverage, allocations, revenue share and
    // the latest production-signal state per product and period.
    keyedStore(
        router,
        "/api/ledger",
        LedgerStores.TOTALS,
        List.of("product", "period"),
        LedgerCoverage::withCoverage);
    AllocationListing allocations = new AllocationListing(queries);
    router.get("/api/allocations", allocations::list);
    router.get(
        "/api/allocations/{allocationId}",
        request -> lookup(LedgerStores.ALLOCATIONS, List.of("allocationId"), request));
    keyedStore(
        router, "/api/revenue-share", LedgerStores.REVENUE_SHARE, List.of("region", "quarter"));
    keyedStore(router, "/api/signals", StoreNames.SIGNAL_STATE, List.of("product", "period"));
  }

  /**
   * Exposes {@code storeName}, whose keys are {@code Keys.join(keyParts...)}, under {@code path}.
   */
  public void keyedStore(Router router, String path, String storeName, List<String> keyParts) {
    keyedStore(router, path, storeName, keyParts, UnaryOperator.identity());
  }

  /**
   * Like {@link #keyedStore(Router, String, String, List)}, with every answer passed through {@code
   * view} (for figures derived from a row's fields). {@code view} must be idempotent: rows gathered
   * from another instance have been through it there already.
   */
  public void keyedStore(
      Router router,
      String path,
      String storeName,
      List<String> keyParts,
      UnaryOperator<HttpResponse> view) {
    StringBuilder pattern = new StringBuilder(path);
    for (int given = 0; given <= keyParts.size(); given++) {
      List<String> pathParts = keyParts.subList(0, given);
      if (given == keyParts.size()) {
        router.get(
            pattern.toString(), request -> view.apply(lookup(storeName, pathParts, request)));
      } else {
        router.get(
            pattern.toString(),
            request -> view.apply(list(storeName, keyParts, pathParts, request)));
        pattern.append("/{").append(keyParts.get(given)).append('}');
      }
    }
  }

  private HttpResponse lookup(String storeName, List<String> keyParts, HttpRequest request)
      throws InterruptedException {
    if (!request.queryParameters().isEmpty()) {
      return HttpResponse.error(400, "a single-row lookup takes no query parameters");
    }
    String[] parts = keyParts.stream().map(request::pathParameter).toArray(String[]::new);
    return queries.lookup(storeName, Keys.join(parts), request);
  }

  private HttpResponse list(
      String storeName, List<String> keyParts, List<String> pathParts, HttpRequest request)
      throws InterruptedException {
    Set<String> allowed = new HashSet<>(keyParts);
    allowed.add(StoreQueries.SCOPE);
    for (String parameter : request.queryParameters().keySet()) {
      if (!allowed.contains(parameter)) {
        return HttpResponse.error(
            400, "unknown parameter '" + parameter + "'; filters are " + keyParts);
      }
    }
    List<String> wanted = new ArrayList<>();
    for (int i = 0; i < keyParts.size(); i++) {
      String name = keyParts.get(i);
      String value =
          i < pathParts.size()
              ? request.pathParameter(name)
              : request.queryParameter(name).orElse(null);
      wanted.add(value);
    }
    return queries.list(storeName, parts -> matches(parts, wanted), request);
  }

  private static boolean matches(List<String> parts, List<String> wanted) {
    if (parts.size() != wanted.size()) {
      return false;
    }
    for (int i = 0; i < wanted.size(); i++) {
      if (wanted.get(i) != null && !wanted.get(i).equals(parts.get(i))) {
        return false;
      }
    }
    return true;
  }
}
