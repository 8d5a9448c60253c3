package io.demandflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACL set shipped in {@code deploy/acls/demandflow-acls.yaml}, read into Kafka {@link
 * AclBinding}s (one per operation, ALLOW from any host) so a test applies exactly what operators
 * deploy.
 */
public final class DeployedAcls {

  /** Where the canonical ACL file lives, relative to the repository root. */
  public static final String ACL_FILE = "deploy/acls/demandflow-acls.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private DeployedAcls() {}

  /** The bindings of the repository's ACL file. */
  public static List<AclBinding> load() {
    return load(repositoryFile(ACL_FILE));
  }

  /** The bindings of an ACL file in the format of {@link #ACL_FILE}. */
  public static List<AclBinding> load(Path file) {
    List<AclBinding> bindings = new ArrayList<>();
    for (JsonNode entry : read(file).path("acls")) {
      ResourcePattern resource =
          new ResourcePattern(
              ResourceType.fromString(text(entry, "resourceType", file)),
              text(entry, "name", file),
              PatternType.fromString(text(entry, "patternType", file)));
      for (JsonNode operation : entry.path("operations")) {
        AclOperation op = AclOperation.fromString(operation.asText());
        if (op == AclOperation.UNKNOWN || resource.resourceType() == ResourceType.UNKNOWN) {
          throw new IllegalArgumentException(file + ": unknown operation or type in " + entry);
        }
        bindings.add(
            new AclBinding(
                resource,
                new AccessControlEntry(
                    text(entry, "principal", file), "*", op, AclPermissionType.ALLOW)));
      }
    }
    if (bindings.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no ACLs");
    }
    return bindings;
  }

  /** The parsed YAML of a file, for checks of other deployment files. */
  public static JsonNode read(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Every YAML document of a multi-document file (such as Kubernetes manifests). */
  public static List<JsonNode> readAll(Path file) {
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      List<JsonNode> documents = new ArrayList<>();
      YAML.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** A file of the repository, found from the working directory of the test. */
  public static Path repositoryFile(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
  }

  private static String text(JsonNode entry, String field, Path file) {
    JsonNode value = entry.get(field);
    if (value == null || value.asText().isBlank()) {
      throw new IllegalArgumentException(file + ": entry without " + field + ": " + entry);
    }
    return value.asText().trim();
  }
}
