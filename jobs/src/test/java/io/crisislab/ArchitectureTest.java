package io.crisislab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of DEVELOPERS.md, checked on the main classes of both modules ({@code models}
 * from its jar or {@code target/classes}, {@code jobs} from its own): the build fails when one breaks.
 *
 * <ul>
 *   <li>{@code models} is plain Java: it names nothing from {@code jobs}, Spark, Scala or Hadoop;</li>
 *   <li>no package cycle in either module;</li>
 *   <li>a job package ({@link #JOBS}) imports only the shared packages ({@link #SHARED}) and
 *       {@code models}. The composition roots ({@link #ROOTS}: the command line, the demo and the
 *       benchmarks) run other jobs, but only through their {@code XxxJob} entry point: its public
 *       {@code run}, its nested {@code Config}/{@code Result} types and the types those name, never a
 *       job's helpers.</li>
 * </ul>
 */
class ArchitectureTest {
  /** Job packages below {@code io.crisislab.jobs}: one command each. */
  static final List<String> JOBS = List.of("generate", "ingest", "train", "score", "replay", "tune", "simulate",
      "report", "calibration");
  /** Packages below {@code io.crisislab.jobs} that compose other jobs. */
  static final List<String> ROOTS = List.of("app", "demo", "bench");
  /** Packages below {@code io.crisislab.jobs} every job may use. */
  static final Set<String> SHARED = Set.of("cli", "run", "spark", "series", "html", "model", "bundle");

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.crisislab");
  }

  @Test
  void bothModulesAreImported() {
    // a rule over an empty import passes vacuously: make sure each module's classes are there
    Assertions.assertTrue(classes.containPackage("io.crisislab.models.scorer"), "models classes not imported");
    Assertions.assertTrue(classes.containPackage("io.crisislab.jobs.train"), "jobs classes not imported");
  }

  @Test
  void modelsIsSparkFree() {
    noClasses().that().resideInAPackage("io.crisislab.models..")
        .should().dependOnClassesThat().resideInAnyPackage("io.crisislab.jobs..", "org.apache.spark..", "scala..",
            "org.apache.hadoop..")
        .because("live tools embed the models jar alone")
        .check(classes);
  }

  @Test
  void modelsPackagesHaveNoCycles() {
    slices().matching("io.crisislab.models.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void jobsPackagesHaveNoCycles() {
    slices().matching("io.crisislab.jobs.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void sharedPackagesAreKnown() {
    // a new top-level package must be classified here, or the rules below would skip it
    for (JavaClass c : classes) {
      String p = c.getPackageName();
      if (p.startsWith("io.crisislab.jobs.")) {
        String top = p.substring("io.crisislab.jobs.".length()).split("\\.")[0];
        Assertions.assertTrue(JOBS.contains(top) || ROOTS.contains(top) || SHARED.contains(top),
            c.getName() + ": package " + top + " is neither a job, a composition root nor shared");
      }
    }
  }

  @Test
  void sharedPackagesImportNoJob() {
    noClasses().that().resideInAnyPackage(packages(SHARED))
        .should().dependOnClassesThat().resideInAnyPackage(packages(JOBS))
        .orShould().dependOnClassesThat().resideInAnyPackage(packages(ROOTS))
        .check(classes);
  }

  @Test
  void jobPackagesImportOnlySharedPackagesAndModels() {
    List<String> violations = new ArrayList<>();
    for (String job : JOBS) {
      ArchRule rule = noClasses().that().resideInAPackage(pkg(job))
          .should().dependOnClassesThat(inAnotherJobThan(job))
          .because("jobs share code through io.crisislab.jobs.{" + String.join(",", SHARED.stream().sorted().toList())
              + "} and io.crisislab.models only");
      EvaluationResult r = rule.evaluate(classes);
      if (r.hasViolation()) {
        violations.add(r.getFailureReport().toString());
      }
    }
    Assertions.assertTrue(violations.isEmpty(), String.join("\n", violations));
  }

  @Test
  void compositionRootsUseOtherJobsOnlyThroughTheirEntryPoints() {
    Set<String> api = jobApi();
    DescribedPredicate<JavaClass> helper = DescribedPredicate.describe(
        "a job's helper (neither its XxxJob nor a type its Config, Result or run names)",
        c -> inPackages(c, JOBS) && !api.contains(c.getName()));
    noClasses().that().resideInAnyPackage(packages(List.of("demo", "bench")))
        .should().dependOnClassesThat(helper)
        .check(classes);
  }

  /**
   * A job's public face: its {@code XxxJob} class with its nested types, and every type those name
   * in fields (the Config and Result components) and public method signatures.
   */
  private static Set<String> jobApi() {
    Set<String> api = new HashSet<>();
    for (JavaClass c : classes) {
      if (!inPackages(c, JOBS) || !entryPoint(c)) {
        continue;
      }
      api.add(c.getName());
      for (JavaField f : c.getFields()) {
        f.getType().getAllInvolvedRawTypes().forEach(t -> api.add(t.getName()));
      }
      for (JavaMethod m : c.getMethods()) {
        if (m.getModifiers().contains(JavaModifier.PUBLIC)) {
          m.getReturnType().getAllInvolvedRawTypes().forEach(t -> api.add(t.getName()));
          m.getParameterTypes().forEach(t -> t.getAllInvolvedRawTypes().forEach(r -> api.add(r.getName())));
        }
      }
    }
    return api;
  }

  private static DescribedPredicate<JavaClass> inAnotherJobThan(String job) {
    return DescribedPredicate.describe("a class of another job or composition root",
        c -> (inPackages(c, JOBS) || inPackages(c, ROOTS)) && !c.getPackageName().startsWith("io.crisislab.jobs." + job));
  }

  /** {@code XxxJob} or a type nested in it (its Config, Result ...). */
  private static boolean entryPoint(JavaClass c) {
    String outer = c.getName().substring(c.getPackageName().length() + 1).split("\\$")[0];
    return outer.endsWith("Job");
  }

  private static boolean inPackages(JavaClass c, Collection<String> tops) {
    return tops.stream().anyMatch(t -> c.getPackageName().equals("io.crisislab.jobs." + t)
        || c.getPackageName().startsWith("io.crisislab.jobs." + t + "."));
  }

  private static String pkg(String top) {
    return "io.crisislab.jobs." + top + "..";
  }

  private static String[] packages(Collection<String> tops) {
    return tops.stream().map(ArchitectureTest::pkg).toArray(String[]::new);
  }
}
