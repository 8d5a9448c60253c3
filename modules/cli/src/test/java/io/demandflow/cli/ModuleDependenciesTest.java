package io.demandflow.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which module may use which, enforced by the build: one ArchUnit rule a module, each with its
 * reason, over the production classes of every module (this is the top module, so all of them are
 * on its class path). The layering, lowest first:
 *
 * <pre>
 * events → domain → registry → topics → ingest, embedded, testkit → pipeline → service, replay,
 *   bench → commands (the production command line) → cli (./demandflow)
 * </pre>
 *
 * <p>A module names what it may use among demandflow's packages ({@code io.demandflow.<module>..});
 * every other demandflow package is forbidden to it. Libraries are not constrained here: the
 * pipeline's {@code ArchitectureTest} keeps the business rules free of Kafka.
 */
class ModuleDependenciesTest {

  /** demandflow's modules, lowest first; each may use only modules listed before it. */
  enum Module {
    EVENTS("the generated Avro classes are the vocabulary every module shares"),
    DOMAIN(
        "the business rules are the innermost layer: pure Java over the events, tested with plain"
            + " JUnit",
        EVENTS),
    REGISTRY("the registry client and serdes serve every Kafka client, rules or not", EVENTS),
    TOPICS(
        "a topic's name and serdes are one contract for whoever reads or writes it: publishers,"
            + " topologies, replay and tests; no rules, no clients",
        EVENTS,
        REGISTRY),
    INGEST(
        "getting events in is a small library for ERP integrators: no pipeline, no embedded"
            + " broker",
        EVENTS,
        DOMAIN,
        REGISTRY,
        TOPICS),
    EMBEDDED(
        "the in-process broker and registry server know nothing of demandflow's rules", REGISTRY),
    TESTKIT(
        "test support sits below the pipeline so that every module's tests can use it; no"
            + " production class may use it",
        EVENTS,
        REGISTRY,
        EMBEDDED),
    PIPELINE(
        "the topologies use the rules and the serdes; how events get in and how the application"
            + " is operated are layers above",
        EVENTS,
        DOMAIN,
        REGISTRY,
        TOPICS),
    SERVICE(
        "operations (metrics, health, queries) wrap the streams application",
        EVENTS,
        DOMAIN,
        REGISTRY,
        TOPICS,
        INGEST,
        PIPELINE),
    REPLAY(
        "replay and snapshot run the pipeline and read its topics: application logic that any"
            + " entry point can use, not part of the command line",
        EVENTS,
        DOMAIN,
        REGISTRY,
        TOPICS,
        INGEST,
        EMBEDDED,
        PIPELINE),
    BENCH(
        "benchmarks drive the pipeline and the ledger; the command line launches them, not the"
            + " other way",
        EVENTS,
        DOMAIN,
        REGISTRY,
        TOPICS,
        INGEST,
        EMBEDDED,
        PIPELINE),
    COMMANDS(
        "the production command line runs against a real cluster: its jar, the Docker image's,"
            + " holds no embedded broker or registry server, no benchmarks and no test support",
        EVENTS,
        DOMAIN,
        REGISTRY,
        TOPICS,
        INGEST,
        PIPELINE,
        SERVICE,
        REPLAY),
    CLI(
        "the command line is the top: it wires the modules together, none uses it, and it ships"
            + " without test support",
        EVENTS,
        DOMAIN,
        REGISTRY,
        TOPICS,
        INGEST,
        EMBEDDED,
        PIPELINE,
        SERVICE,
        REPLAY,
        BENCH,
        COMMANDS);

    private final String because;
    private final List<Module> allowed;

    Module(String because, Module... allowed) {
      this.because = because;
      this.allowed = List.of(allowed);
    }

    String packages() {
      return "io.demandflow." + name().toLowerCase(Locale.ROOT) + "..";
    }

    /** Classes of this module depend on no demandflow package but its own and the allowed. */
    ArchRule rule() {
      String[] forbidden =
          Arrays.stream(values())
              .filter(other -> other != this && !allowed.contains(other))
              .map(Module::packages)
              .toArray(String[]::new);
      return forbidding(packages(), because, forbidden);
    }
  }

  private static ArchRule forbidding(String packages, String because, String... forbidden) {
    return noClasses()
        .that()
        .resideInAPackage(packages)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .because(because);
  }

  /** Test jars (the replay module's test support) are tests too. */
  private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

  private static final JavaClasses PRODUCTION_CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.matches(TEST_JAR))
          .importPackages("io.demandflow");

  @ParameterizedTest
  @EnumSource(Module.class)
  void shouldUseOnlyTheModulesBelowWhenAModuleIsCompiled(Module module) {
    module.rule().check(PRODUCTION_CLASSES);
  }

  @Test
  void shouldReachNoDevelopmentCodeWhenAProductionCommandRuns() {
    // Transitively: the commands module may use the replay module's StateSnapshot, but nothing
    // that leads to ScenarioReplay's embedded broker, absent from the production jar.
    noClasses()
        .that()
        .resideInAPackage(Module.COMMANDS.packages())
        .should()
        .transitivelyDependOnClassesThat()
        .resideInAnyPackage(
            Module.EMBEDDED.packages(),
            Module.BENCH.packages(),
            Module.TESTKIT.packages(),
            "kafka..",
            "org.openjdk.jmh..")
        .because(
            "the production jar leaves out the embedded broker and registry server, the"
                + " benchmarks, JMH and test support: a class that reached them would fail there")
        .check(PRODUCTION_CLASSES);
  }

  @Test
  void shouldRunNoServerWhenTheRegistryModuleIsCompiled() {
    noClasses()
        .that()
        .resideInAPackage(Module.REGISTRY.packages())
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.sun.net.httpserver..")
        .because(
            "every Kafka client ships the registry module; the registry server lives in the"
                + " embedded module next to the broker, so that the production jar leaves it out")
        .check(PRODUCTION_CLASSES);
  }

  @Test
  void shouldFailWhenAModuleUsesAPackageItMayNot() {
    // Given a rule that forbids the pipeline what it does use: the domain
    ArchRule wrong =
        forbidding(Module.PIPELINE.packages(), "a check of the check", Module.DOMAIN.packages());

    // When / Then: the classes are really there to be checked
    assertThatThrownBy(() -> wrong.check(PRODUCTION_CLASSES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("io.demandflow.domain");
  }
}
