package io.demandflow.topics;

import io.demandflow.events.AllocationDecision;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.CustomerDemand;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.Order;
import io.demandflow.events.ProductionSignal;
import io.demandflow.events.RegionDemand;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.Supply;
import io.demandflow.registry.SchemaRegistryClients;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic demandflow reads or writes as a typed {@link Topic}: its configured name ({@link
 * TopicNames}) with the serdes of its records, each topic defined once, here. Keys are UTF-8
 * strings; the input and output events are Avro through the schema registry ({@link AvroSerdes});
 * the two control topics carry plain strings; the dead-letter topic carries records as they were
 * received, bytes.
 *
 * <p>The serdes are built once per {@code Topics}: a topology, publisher or reader builds one and
 * passes the topics it needs around.
 */
public final class Topics {

  private final TopicNames names;
  private final Topic<String, Order> orders;
  private final Topic<String, AllocationRequest> allocations;
  private final Topic<String, Supply> supply;
  private final Topic<String, ExportLicense> licenses;
  private final Topic<String, RegionPolicy> policies;
  private final Topic<byte[], byte[]> dlq;
  private final Topic<String, CustomerDemand> customerDemand;
  private final Topic<String, RegionDemand> regionDemand;
  private final Topic<String, ProductionSignal> signals;
  private final Topic<String, String> signalsEvaluate;
  private final Topic<String, String> allocationFlush;
  private final Topic<String, AllocationDecision> decisions;
  private final Topic<String, RevenueShare> revenueShare;

  private Topics(TopicNames names, AvroSerdes serdes) {
    this.names = Objects.requireNonNull(names, "names");
    Objects.requireNonNull(serdes, "serdes");
    this.orders = avro(names.orders(), serdes, Order.class);
    this.allocations = avro(names.allocations(), serdes, AllocationRequest.class);
    this.supply = avro(names.supply(), serdes, Supply.class);
    this.licenses = avro(names.licenses(), serdes, ExportLicense.class);
    this.policies = avro(names.policies(), serdes, RegionPolicy.class);
    this.dlq = new Topic<>(names.dlq(), Serdes.ByteArray(), Serdes.ByteArray());
    this.customerDemand = avro(names.customerDemand(), serdes, CustomerDemand.class);
    this.regionDemand = avro(names.regionDemand(), serdes, RegionDemand.class);
    this.signals = avro(names.signals(), serdes, ProductionSignal.class);
    this.signalsEvaluate = control(names.signalsEvaluate());
    this.allocationFlush = control(names.allocationFlush());
    this.decisions = avro(names.decisions(), serdes, AllocationDecision.class);
    this.revenueShare = avro(names.revenueShare(), serdes, RevenueShare.class);
  }

  /** The topics named by {@code names}, with Avro serdes built by {@code serdes}. */
  public static Topics of(TopicNames names, AvroSerdes serdes) {
    return new Topics(names, serdes);
  }

  /**
   * The topics named by {@code names}, with Avro serdes configured by {@code serdeConfig} (at least
   * {@code schema.registry.url}) that share one registry client, and its schema cache.
   */
  public static Topics of(TopicNames names, Map<String, ?> serdeConfig) {
    return new Topics(
        names, new AvroSerdes(serdeConfig, SchemaRegistryClients.fromConfig(serdeConfig)));
  }

  private static <V extends SpecificRecord> Topic<String, V> avro(
      String name, AvroSerdes serdes, Class<V> type) {
    return new Topic<>(name, AvroSerdes.keys(), serdes.value(type));
  }

  private static Topic<String, String> control(String name) {
    return new Topic<>(name, AvroSerdes.keys(), Serdes.String());
  }

  /** The names alone. */
  public TopicNames names() {
    return names;
  }

  /** Order events, keyed by orderId. */
  public Topic<String, Order> orders() {
    return orders;
  }

  /** AllocationRequest events, keyed by allocationId. */
  public Topic<String, AllocationRequest> allocations() {
    return allocations;
  }

  /** Supply events, keyed by {@code product|period}. */
  public Topic<String, Supply> supply() {
    return supply;
  }

  /** ExportLicense events (compacted), keyed by {@code customerId|region}. */
  public Topic<String, ExportLicense> licenses() {
    return licenses;
  }

  /** RegionPolicy events (compacted), keyed by region. */
  public Topic<String, RegionPolicy> policies() {
    return policies;
  }

  /** Dead letters: the records of the inputs as received. */
  public Topic<byte[], byte[]> dlq() {
    return dlq;
  }

  /** CustomerDemand changelog, keyed by {@code customerId|product}. */
  public Topic<String, CustomerDemand> customerDemand() {
    return customerDemand;
  }

  /** RegionDemand changelog, keyed by {@code region|product|period}. */
  public Topic<String, RegionDemand> regionDemand() {
    return regionDemand;
  }

  /** ProductionSignal events (SPEC R7), keyed by {@code product|period}. */
  public Topic<String, ProductionSignal> signals() {
    return signals;
  }

  /** Evaluation requests for the signal processor: any key, the requester as value. */
  public Topic<String, String> signalsEvaluate() {
    return signalsEvaluate;
  }

  /** Flush requests for the order book: any key, the requester as value. */
  public Topic<String, String> allocationFlush() {
    return allocationFlush;
  }

  /** AllocationDecision events (SPEC R4, R5), keyed by allocationId. */
  public Topic<String, AllocationDecision> decisions() {
    return decisions;
  }

  /** RevenueShare changelog (SPEC R6), keyed by {@code region|quarter}. */
  public Topic<String, RevenueShare> revenueShare() {
    return revenueShare;
  }
}
