package io.demandflow.pipeline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.regex.Pattern;

/**
 * Layering, enforced by the build: the business rules (module domain) are free of Kafka and of the
 * topology layer; only a few recognisable adapter classes touch Kafka Streams. Which module may use
 * which is the CLI's {@code ModuleDependenciesTest} (the top module sees them all).
 */
@AnalyzeClasses(
    packages = {"io.demandflow.pipeline", "io.demandflow.domain"},
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String DOMAIN = "io.demandflow.domain..";

  /** Names of the classes that adapt the domain to Kafka Streams. */
  private static final Pattern ADAPTER =
      Pattern.compile(
          ".*(Topology|Nodes|Processor|Gate|Stores|Serdes|Sensors|Handlers?|App|Provisioner)|.*Config.*");

  @ArchTest
  static final ArchRule domainMustNotDependOnKafka =
      noClasses()
          .that()
          .resideInAPackage(DOMAIN)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.kafka..", "io.demandflow.registry..")
          .because(
              "business rules stay pure: they are tested with plain JUnit and outlive changes to"
                  + " the streaming wiring");

  @ArchTest
  static final ArchRule domainMustNotDependOnTheTopologyLayer =
      noClasses()
          .that()
          .resideInAPackage(DOMAIN)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.demandflow.pipeline", "io.demandflow.pipeline.demand..")
          .because("the domain is the innermost layer; topologies use it, not the other way");

  @ArchTest
  static final ArchRule onlyAdaptersTouchKafkaStreams =
      noClasses()
          .that(
              DescribedPredicate.describe(
                  "are not named *Topology, *Nodes, *Processor, *Gate, *Stores, *Serdes, *Sensors, *Handler(s), *App,"
                      + " *Provisioner or *Config* (nor nested in such a class)",
                  javaClass -> !isAdapter(javaClass)))
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.kafka.streams..")
          .because(
              "Kafka Streams wiring lives in a few recognisable classes; names, keys and rules"
                  + " stay plain Java");

  private static boolean isAdapter(JavaClass javaClass) {
    JavaClass topLevel = javaClass;
    while (topLevel.getEnclosingClass().isPresent()) {
      topLevel = topLevel.getEnclosingClass().get();
    }
    return ADAPTER.matcher(topLevel.getSimpleName()).matches();
  }
}
