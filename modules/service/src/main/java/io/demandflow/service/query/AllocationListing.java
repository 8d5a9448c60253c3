package io.demandflow.service.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.events.AllocationReason;
import io.demandflow.events.AllocationStatus;
import io.demandflow.pipeline.allocation.LedgerStores;
import io.demandflow.service.http.HttpRequest;
import io.demandflow.service.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /api/allocations[?status=&reason=&limit=]}: the current state of allocations ({@code
 * allocations-store}, one row per allocationId), newest request first, with counts.
 *
 * <p>"Newest" is the ledger sequence of an allocation's first decision ({@code grantSequence}): the
 * ledger is one task, so the sequence is a total order of requests across the cluster. The answer
 * is {@code {"count": <rows matching>, "byStatus": {...}, "byReason": {...}, "rows": [<at most
 * limit rows>]}}; counts are over every matching row, not only the ones returned.
 *
 * <p>Gathered across instances like every listing ({@link StoreQueries#list}); an instance asked
 * for its local rows filters them but neither sorts nor limits, so that counts and order are
 * computed once, over every row, by the instance that was asked.
 */
public final class AllocationListing {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;
  private static final String STATUS = "status";
  private static final String REASON = "reason";
  private static final String LIMIT = "limit";
  private static final Set<String> PARAMETERS = Set.of(STATUS, REASON, LIMIT, StoreQueries.SCOPE);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final StoreQueries queries;

  public AllocationListing(StoreQueries queries) {
    this.queries = queries;
  }

  /** Answers one listing request. */
  public HttpResponse list(HttpRequest request) throws InterruptedException {
    for (String parameter : request.queryParameters().keySet()) {
      if (!PARAMETERS.contains(parameter)) {
        return HttpResponse.error(
            400, "unknown parameter '" + parameter + "'; allowed are status, reason and limit");
      }
    }
    Optional<String> status = request.queryParameter(STATUS);
    if (status.isPresent() && !symbols(AllocationStatus.values()).contains(status.get())) {
      return HttpResponse.error(
          400,
          "unknown status '" + status.get() + "'; one of " + symbols(AllocationStatus.values()));
    }
    Optional<String> reason = request.queryParameter(REASON);
    if (reason.isPresent() && !symbols(AllocationReason.values()).contains(reason.get())) {
      return HttpResponse.error(
          400,
          "unknown reason '" + reason.get() + "'; one of " + symbols(AllocationReason.values()));
    }
    int limit;
    try {
      limit = request.queryParameter(LIMIT).map(Integer::parseInt).orElse(DEFAULT_LIMIT);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      return HttpResponse.error(400, "limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    HttpResponse all = queries.list(LedgerStores.ALLOCATIONS, parts -> true, request);
    if (all.status() != 200) {
      return all;
    }
    List<JsonNode> matching = new ArrayList<>();
    for (JsonNode row : all.jsonBody().path("rows")) {
      JsonNode value = row.path("value");
      if (status.map(s -> s.equals(value.path(STATUS).asText())).orElse(true)
          && reason.map(r -> r.equals(value.path(REASON).asText())).orElse(true)) {
        matching.add(row);
      }
    }
    if (isLocalPart(request)) {
      return HttpResponse.json(200, rows(matching.size(), matching));
    }
    Map<String, Integer> byStatus = new TreeMap<>();
    Map<String, Integer> byReason = new TreeMap<>();
    for (JsonNode row : matching) {
      byStatus.merge(row.path("value").path(STATUS).asText(), 1, Integer::sum);
      JsonNode rowReason = row.path("value").path(REASON);
      if (!rowReason.isNull()) {
        byReason.merge(rowReason.asText(), 1, Integer::sum);
      }
    }
    matching.sort(
        Comparator.comparingLong((JsonNode row) -> row.path("value").path("grantSequence").asLong())
            .reversed());
    ObjectNode body = rows(matching.size(), matching.subList(0, Math.min(limit, matching.size())));
    body.set("byStatus", counts(byStatus));
    body.set("byReason", counts(byReason));
    return HttpResponse.json(200, body);
  }

  /** Whether this request asks for one instance's part of a listing (see {@link StoreQueries}). */
  private static boolean isLocalPart(HttpRequest request) {
    return request.forwardedBy().isPresent()
        || request.queryParameter(StoreQueries.SCOPE).filter("local"::equals).isPresent();
  }

  private static ObjectNode rows(int count, List<JsonNode> rows) {
    ObjectNode body = NODES.objectNode();
    body.put("count", count);
    ArrayNode array = body.putArray("rows");
    rows.forEach(array::add);
    return body;
  }

  private static ObjectNode counts(Map<String, Integer> counts) {
    ObjectNode node = NODES.objectNode();
    counts.forEach(node::put);
    return node;
  }

  private static List<String> symbols(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }
}
