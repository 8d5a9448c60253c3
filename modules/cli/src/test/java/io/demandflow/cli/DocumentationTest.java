package io.demandflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * README.md is the front page and docs/*.md the manual: every relative link resolves to a file and,
 * into a Markdown file, to a heading; the README stays short; CI runs its test command.
 */
class DocumentationTest {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final Path README = ROOT.resolve("README.md");
  private static final int README_MAX_CHARS = 15_000;
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} (.*)$");
  private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9+.-]*:");

  static Stream<Path> documents() throws IOException {
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      List<Path> all = new ArrayList<>(List.of(README));
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(all::add);
      return all.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("documents")
  void shouldResolveEveryRelativeLinkWhenFollowedFromTheDocumentation(Path document)
      throws IOException {
    List<String> broken = new ArrayList<>();
    for (String link : links(document)) {
      String path = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
      String anchor = link.contains("#") ? link.substring(link.indexOf('#') + 1) : null;
      Path target = path.isEmpty() ? document : document.getParent().resolve(path).normalize();
      if (!Files.exists(target)) {
        broken.add(link + " (no such file)");
      } else if (anchor != null
          && target.toString().endsWith(".md")
          && !anchors(target).contains(anchor)) {
        broken.add(link + " (no such heading)");
      }
    }
    assertThat(broken).as("broken links in %s", ROOT.relativize(document)).isEmpty();
  }

  @Test
  void shouldFitOnAFrontPageWhenTheManualIsInDocs() throws IOException {
    assertThat(Files.readString(README)).hasSizeLessThanOrEqualTo(README_MAX_CHARS);
  }

  @Test
  void shouldRunTheReadmeTestCommandWhenCiRuns() throws IOException {
    // Given the command the README calls the test command
    String testCommand =
        Files.readAllLines(README).stream()
            .filter(line -> line.contains("# the test command"))
            .map(line -> line.substring(0, line.indexOf('#')).trim())
            .findFirst()
            .orElseThrow();

    // Then .ci/run runs exactly that command
    assertThat(Files.readAllLines(ROOT.resolve(".ci/run"))).map(String::trim).contains(testCommand);
  }

  /** Relative link targets outside code blocks. */
  private static List<String> links(Path document) throws IOException {
    List<String> links = new ArrayList<>();
    for (String line : proseLines(document)) {
      Matcher m = LINK.matcher(line);
      while (m.find()) {
        if (!SCHEME.matcher(m.group(1)).find()) {
          links.add(m.group(1));
        }
      }
    }
    return links;
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as dashes, -1 on repeats. */
  private static Set<String> anchors(Path document) throws IOException {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : proseLines(document)) {
      Matcher m = HEADING.matcher(line);
      if (m.matches()) {
        String slug =
            m.group(1)
                .trim()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
        int repeat = seen.merge(slug, 1, Integer::sum) - 1;
        anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
      }
    }
    return anchors;
  }

  private static List<String> proseLines(Path document) throws IOException {
    List<String> prose = new ArrayList<>();
    boolean inCode = false;
    for (String line : Files.readAllLines(document)) {
      if (line.startsWith("```")) {
        inCode = !inCode;
      } else if (!inCode) {
        prose.add(line);
      }
    }
    return prose;
  }
}
