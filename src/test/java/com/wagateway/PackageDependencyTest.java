package com.wagateway;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: features build on the HTTP layer and on the shared domain, never the
 * reverse, so a feature can be read, changed or removed without the rest following it.
 */
class PackageDependencyTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.wagateway");

  @Test
  void topLevelPackagesHaveNoCycle() {
    slices().matching("com.wagateway.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void httpLayerKnowsNoFeature() {
    classes()
        .that()
        .resideInAPackage("com.wagateway.http..")
        .should()
        .onlyDependOnClassesThat(
            resideOutsideOfPackage("com.wagateway..")
                .or(
                    resideInAnyPackage(
                        "com.wagateway.http..",
                        "com.wagateway.domain..",
                        "com.wagateway.json..",
                        "com.wagateway.config..")))
        .check(MAIN);
  }
}
