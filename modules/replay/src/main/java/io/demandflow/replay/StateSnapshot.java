package io.demandflow.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The state document of SPEC §4, built from the pipeline's output topics, shared by {@code replay}
 * and {@code snapshot} so that a what-if run and live state compare directly.
 *
 * <p>Keys, in this order: {@code customerDemand}, {@code regionDemand} (R3), {@code allocations},
 * {@code revenueShare}, {@code signals} and {@code deadLetters}. Table sections hold the latest
 * value per key of their compacted topic (tombstones remove the row), sorted by record key; the
 * signals section will list every signal in emission order; {@code deadLetters} counts the records
 * of the dead-letter topic. Every topic is read with {@code read_committed} from its beginning to
 * its end offsets when the read starts.
 *
 * <p>The text form is deterministic: fields in the order above and in schema order, two-space
 * indentation, {@code \n} line ends, non-ASCII characters escaped, a trailing newline; decimals are
 * strings keeping their scale. The same state always gives byte-identical documents.
 */
public final class StateSnapshot {

  /** How long reading one topic may take. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private static final ObjectWriter WRITER = newWriter();

  private StateSnapshot() {}

  /**
   * The sections of the document, in document order. Sections of later issues read {@code
   * demandflow.allocation.decisions.v1} (a table per allocationId: allocationId, orderId, status,
   * reason, grantedUnits), {@code demandflow.revenue-share.v1} (a table) and {@code
   * demandflow.signals.production.v1} (a {@link StateSection#log log}); until their topics exist
   * they are empty arrays.
   */
  static List<StateSection> sections(Topics topics) {
    return List.of(
        StateSection.table("customerDemand", topics.customerDemand()),
        StateSection.table("regionDemand", topics.regionDemand()),
        // Latest decision per allocationId (SPEC §4).
        StateSection.table(
            "allocations",
            topics.decisions(),
            "allocationId",
            "orderId",
            "status",
            "reason",
            "grantedUnits"),
        StateSection.table("revenueShare", topics.revenueShare()),
        // emittedAt is left out: wall-clock time would make replays differ byte for byte.
        StateSection.log(
            "signals",
            topics.signals(),
            "product",
            "period",
            "kind",
            "eligibleUnits",
            "supplyUnits",
            "shortfallUnits",
            "recommendedUnits",
            "usAtRisk",
            "topRegions",
            "sequence"),
        StateSection.count("deadLetters", topics.dlq()));
  }

  /** Reads the state document from the output topics of the cluster {@code config} names. */
  public static ObjectNode read(DemandflowConfig config) {
    try (CommittedTopicReader reader = new CommittedTopicReader(config, READ_TIMEOUT)) {
      return build(
          sections(Topics.of(TopicNames.from(config.asMap()), config.serdeConfig())),
          reader::readAll);
    }
  }

  /** The document of {@code sections}, each rendered from the records {@code topics} returns. */
  static ObjectNode build(
      List<StateSection> sections, Function<String, List<ConsumerRecord<String, byte[]>>> topics) {
    ObjectNode document = JsonNodeFactory.instance.objectNode();
    for (StateSection section : sections) {
      List<ConsumerRecord<String, byte[]>> records = topics.apply(section.topic());
      document.set(section.name(), section.render(records));
    }
    return document;
  }

  /** The deterministic text form (see the class comment), ending with a newline. */
  public static String toJson(JsonNode document) {
    try {
      return WRITER.writeValueAsString(document) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #toJson} as UTF-8 bytes (which are ASCII: non-ASCII characters are escaped). */
  public static byte[] toBytes(JsonNode document) {
    return toJson(document).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes the text form to {@code file} (created or replaced), or to {@code stdout} when {@code
   * file} is null.
   */
  public static void write(JsonNode document, Path file, PrintWriter stdout) {
    if (file == null) {
      stdout.print(toJson(document));
      stdout.flush();
      return;
    }
    try {
      Files.write(file, toBytes(document));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static ObjectWriter newWriter() {
    ObjectMapper mapper =
        JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();
    // Fixed line ends and spacing: the platform's line separator must not change the bytes.
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter);
    return mapper.writer(printer);
  }
}
