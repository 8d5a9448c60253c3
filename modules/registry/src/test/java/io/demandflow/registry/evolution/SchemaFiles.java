package io.demandflow.registry.evolution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Reads a directory of {@code .avsc} files (top level and {@code internal/}) into schemas by full
 * name. Files refer to records of other files, so they are parsed with one shared parser, and a
 * file whose references are not defined yet is retried after the others.
 */
final class SchemaFiles {

  private SchemaFiles() {}

  /** The repository's {@code schemas/} directory, found from the module's working directory. */
  static Path schemasDirectory() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("schemas/baseline"))) {
        return dir.resolve("schemas");
      }
    }
    throw new IllegalStateException(
        "no schemas/baseline directory above " + Path.of("").toAbsolutePath());
  }

  /** Every record schema defined directly by a file in {@code dir} or {@code dir/internal}. */
  static Map<String, Schema> parse(Path dir) {
    List<Path> pending = new ArrayList<>(files(dir));
    pending.addAll(files(dir.resolve("internal")));
    Map<String, Schema> byName = new LinkedHashMap<>();
    Map<String, Schema> known = new LinkedHashMap<>();
    while (!pending.isEmpty()) {
      List<Path> deferred = new ArrayList<>();
      AvroRuntimeException last = null;
      for (Path file : pending) {
        Schema.Parser parser = new Schema.Parser();
        parser.addTypes(known.values());
        try {
          Schema schema = parser.parse(file.toFile());
          byName.put(schema.getFullName(), schema);
          known.putAll(parser.getTypes());
        } catch (SchemaParseException | AvroTypeException undefinedReference) {
          // Avro 1.12 reports an undefined reference one way or the other, by where it is.
          deferred.add(file);
          last = undefinedReference;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      if (deferred.size() == pending.size()) {
        throw new IllegalStateException(
            "cannot parse " + deferred + ": " + last.getMessage(), last);
      }
      pending = deferred;
    }
    return byName;
  }

  private static List<Path> files(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
