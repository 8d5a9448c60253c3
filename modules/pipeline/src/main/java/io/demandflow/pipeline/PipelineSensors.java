package io.demandflow.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.WindowedCount;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * Domain metrics as Kafka Streams sensors in metric group {@value #GROUP}, so that whatever exports
 * the Streams client's metrics (Micrometer's {@code KafkaStreamsMetrics}, JMX) exports them too.
 * Sensors are per task: names carry thread and task ids, and tags name them.
 */
public final class PipelineSensors {

  /** Metric group of every demandflow domain metric. */
  public static final String GROUP = "demandflow";

  private PipelineSensors() {}

  /**
   * A counter: {@code <name>-total} (since start) and {@code <name>-rate} (per second).
   *
   * @param tags bounded tags only (a kind, a type, a reason): never ids of customers or orders
   */
  public static Sensor counter(
      ProcessingContext context, String name, String description, Map<String, String> tags) {
    Sensor sensor = sensor(context, name, tags);
    Map<String, String> allTags = tags(context, tags);
    sensor.add(
        new MetricName(name + "-total", GROUP, description + " since start", allTags),
        new CumulativeCount());
    sensor.add(
        new MetricName(name + "-rate", GROUP, description + " per second", allTags),
        new Rate(TimeUnit.SECONDS, new WindowedCount()));
    return sensor;
  }

  /** A latency in milliseconds: {@code <name>-avg} and {@code <name>-max} over the window. */
  public static Sensor latency(
      ProcessingContext context, String name, String description, Map<String, String> tags) {
    Sensor sensor = sensor(context, name, tags);
    Map<String, String> allTags = tags(context, tags);
    sensor.add(new MetricName(name + "-avg", GROUP, description + ", average", allTags), new Avg());
    sensor.add(new MetricName(name + "-max", GROUP, description + ", maximum", allTags), new Max());
    return sensor;
  }

  private static Sensor sensor(ProcessingContext context, String name, Map<String, String> tags) {
    // Sensor names are global to the client's metrics registry: thread, task and tags make them
    // unique.
    String sensorName =
        GROUP
            + "."
            + Thread.currentThread().getName()
            + "."
            + context.taskId()
            + "."
            + name
            + "."
            + String.join(".", tags.values());
    return context.metrics().addSensor(sensorName, Sensor.RecordingLevel.INFO);
  }

  private static Map<String, String> tags(ProcessingContext context, Map<String, String> tags) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("thread-id", Thread.currentThread().getName());
    all.put("task-id", context.taskId().toString());
    all.putAll(tags);
    return all;
  }
}
