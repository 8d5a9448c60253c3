package io.demandflow.bench;

import io.demandflow.events.internal.LedgerInput;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.topics.AvroSerdes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes ledger inputs in the pipeline's wire format (string keys, registry Avro values) to one
 * topic; on close, waits for every acknowledgement and fails on any error.
 */
final class LedgerInputSender implements AutoCloseable {

  private final String topic;
  private final KafkaProducer<String, LedgerInput> producer;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private long sent;

  LedgerInputSender(DemandflowConfig config, String topic) {
    this.topic = topic;
    Map<String, Object> settings = new HashMap<>();
    config.kafkaProperties().forEach((key, value) -> settings.put(key.toString(), value));
    // Throughput, not latency, while pre-producing: larger batches.
    settings.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    settings.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    settings.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-ledger-inputs");
    AvroSerdes serdes = new AvroSerdes(config.serdeConfig());
    this.producer =
        new KafkaProducer<>(
            settings, AvroSerdes.keys().serializer(), serdes.value(LedgerInput.class).serializer());
  }

  void send(LedgerWorkload.Keyed input) {
    producer.send(
        new ProducerRecord<>(topic, input.key(), input.input()),
        (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
    sent++;
  }

  long sent() {
    return sent;
  }

  @Override
  public void close() {
    producer.close();
    Exception error = failure.get();
    if (error != null) {
      throw new IllegalStateException(
          "the ledger inputs could not be published: " + error.getMessage(), error);
    }
  }
}
