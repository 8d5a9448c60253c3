package io.demandflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory under the system temp dir, deleted with everything in it on close; and the one
 * recursive delete every embedded run (broker data, state directories, demo and replay work
 * directories) uses.
 */
public final class TemporaryDirectory implements AutoCloseable {

  private final Path path;

  private TemporaryDirectory(Path path) {
    this.path = path;
  }

  public static TemporaryDirectory create(String prefix) {
    try {
      return new TemporaryDirectory(Files.createTempDirectory(prefix));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
    }
  }

  public Path path() {
    return path;
  }

  /**
   * Deletes {@code root} and everything below it; a missing {@code root} is fine.
   *
   * @return true when nothing is left
   */
  public static boolean deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return true;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
      return true;
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    // Best effort: what is left is under the system temp dir.
    deleteRecursively(path);
  }
}
