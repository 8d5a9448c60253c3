package io.demandflow.ingest;

import io.demandflow.domain.CompositeKeys;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.Order;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.Supply;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The input events of SPEC §2: for each, its name in scenario and batch files, its Avro class, its
 * topic among the {@link Topics} (the setting naming it, with the SPEC name as default) and how its
 * record key is built.
 *
 * <p>The topic settings are the pipeline's ({@link TopicNames}, {@code demandflow.topic.*}), so one
 * configuration serves publishers and the streams application alike. Composite keys follow {@link
 * CompositeKeys}, the rule the pipeline uses.
 */
public enum EventType {
  ORDER(
      "order",
      Order.class,
      TopicNames.ORDERS_KEY,
      TopicNames::orders,
      Topics::orders,
      event -> ((Order) event).getOrderId()),
  ALLOCATION(
      "allocation",
      AllocationRequest.class,
      TopicNames.ALLOCATIONS_KEY,
      TopicNames::allocations,
      Topics::allocations,
      event -> ((AllocationRequest) event).getAllocationId()),
  SUPPLY(
      "supply",
      Supply.class,
      TopicNames.SUPPLY_KEY,
      TopicNames::supply,
      Topics::supply,
      event -> CompositeKeys.join(((Supply) event).getProduct(), ((Supply) event).getPeriod())),
  LICENSE(
      "license",
      ExportLicense.class,
      TopicNames.LICENSES_KEY,
      TopicNames::licenses,
      Topics::licenses,
      event ->
          CompositeKeys.join(
              ((ExportLicense) event).getCustomerId(), ((ExportLicense) event).getRegion())),
  POLICY(
      "policy",
      RegionPolicy.class,
      TopicNames.POLICIES_KEY,
      TopicNames::policies,
      Topics::policies,
      event -> ((RegionPolicy) event).getRegion());

  private static final Map<String, EventType> BY_NAME =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(t -> t.typeName, t -> t));

  private final String typeName;
  private final Class<? extends SpecificRecord> eventClass;
  private final String topicConfigKey;
  private final Function<TopicNames, String> topicName;
  private final Function<Topics, Topic<String, ? extends SpecificRecord>> topic;
  private final Function<SpecificRecord, String> keyOf;

  EventType(
      String typeName,
      Class<? extends SpecificRecord> eventClass,
      String topicConfigKey,
      Function<TopicNames, String> topicName,
      Function<Topics, Topic<String, ? extends SpecificRecord>> topic,
      Function<SpecificRecord, String> keyOf) {
    this.typeName = typeName;
    this.eventClass = eventClass;
    this.topicConfigKey = topicConfigKey;
    this.topicName = topicName;
    this.topic = topic;
    this.keyOf = keyOf;
  }

  /** The name in files: {@code order}, {@code allocation}, {@code supply}, ... */
  public String typeName() {
    return typeName;
  }

  public Class<? extends SpecificRecord> eventClass() {
    return eventClass;
  }

  /** The Avro schema of the event class. */
  public Schema schema() {
    return org.apache.avro.specific.SpecificData.get().getSchema(eventClass);
  }

  /** The setting naming this event's topic, e.g. {@code demandflow.topic.orders}. */
  public String topicConfigKey() {
    return topicConfigKey;
  }

  /** The SPEC name of the topic, used when the setting is absent. */
  public String defaultTopic() {
    return topicName.apply(TopicNames.defaults());
  }

  /**
   * The topic configured in {@code config} ({@link #topicConfigKey()}), else the SPEC name.
   *
   * @throws IllegalArgumentException when a topic setting of {@code config} is blank
   */
  public String topic(Map<String, ?> config) {
    return topicName.apply(TopicNames.from(config));
  }

  /**
   * This event's topic among {@code topics}, with its serdes; its value serde takes events of this
   * type only (see {@link #of}).
   */
  @SuppressWarnings("unchecked")
  public Topic<String, SpecificRecord> topic(Topics topics) {
    // Widened so that a caller holding a SpecificRecord of this type can write it.
    return (Topic<String, SpecificRecord>) topic.apply(topics);
  }

  /**
   * The record key of an event of this type: orderId; allocationId; {@code product|period}; {@code
   * customerId|region}; region.
   *
   * @throws IllegalArgumentException when the event is of another type or a key part is null
   */
  public String keyOf(SpecificRecord event) {
    requireType(event);
    return keyOf.apply(event);
  }

  /** The type of an input event. */
  public static EventType of(SpecificRecord event) {
    if (event == null) {
      throw new IllegalArgumentException("event is null");
    }
    for (EventType type : values()) {
      if (type.eventClass.isInstance(event)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "not a demandflow input event: " + event.getClass().getName());
  }

  /**
   * The type named {@code name} ({@code order}, ...; case-insensitive).
   *
   * @throws IllegalArgumentException naming the known types when there is none
   */
  public static EventType fromName(String name) {
    EventType type = name == null ? null : BY_NAME.get(name.strip().toLowerCase(Locale.ROOT));
    if (type == null) {
      throw new IllegalArgumentException(
          "unknown event type '" + name + "' (expected one of " + names() + ")");
    }
    return type;
  }

  /** The type names, comma-separated, for messages. */
  public static String names() {
    return Arrays.stream(values()).map(EventType::typeName).collect(Collectors.joining(", "));
  }

  private void requireType(SpecificRecord event) {
    if (!eventClass.isInstance(event)) {
      throw new IllegalArgumentException(
          "expected " + eventClass.getSimpleName() + " but got " + EventType.of(event));
    }
  }

  @Override
  public String toString() {
    return typeName;
  }
}
