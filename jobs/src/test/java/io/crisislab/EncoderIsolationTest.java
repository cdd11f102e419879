package io.crisislab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The pretrained encoders (langchain4j, ONNX Runtime, DJL) are optional in crisislab-models: only
 * {@code io.crisislab.models.encoder.Embedder} names them, so every other class (the n-gram scorer
 * above all) loads without their jars (also checked at run time by ScorerWithoutEncoderJarsTest).
 */
class EncoderIsolationTest {
  @Test
  void onlyTheEmbedderNamesTheEncoderLibraries() {
    JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.crisislab");
    noClasses().that().doNotHaveFullyQualifiedName("io.crisislab.models.encoder.Embedder")
        .should().dependOnClassesThat().resideInAnyPackage("dev.langchain4j..", "ai.onnxruntime..", "ai.djl..")
        .check(classes);
  }
}
