package io.crisislab.models.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encoder jars are optional dependencies of crisislab-models: a live tool that embeds the jar
 * for the n-gram scorer must load and score without them. Checked by loading the scorer in a class
 * loader whose class path is this test's minus langchain4j, ONNX Runtime and DJL.
 */
class ScorerWithoutEncoderJarsTest {
  @TempDir
  Path tmp;

  @Test
  void ngramScorerLoadsAndScoresWithoutTheEncoderJars() throws Exception {
    Path f = copy("/golden/scorer-v1.json");
    try (URLClassLoader cl = withoutEncoderJars()) {
      Object scorer = load(cl, f);
      double p = (double) scorer.getClass().getMethod("pNegative", String.class).invoke(scorer, "Not good, late");
      assertEquals(new NegativityScorer(ScorerFile.read(f)).pNegative("Not good, late"), p, 0.0);
    }
  }

  /** A cascade file loads too and scores every post on its n-gram path, saying so. */
  @Test
  void cascadeFallsBackToItsNgramPathWithoutTheEncoderJars() throws Exception {
    Path f = copy("/golden/scorer-v3.json");
    try (URLClassLoader cl = withoutEncoderJars()) {
      Object scorer = load(cl, f);
      Class<?> scorerClass = scorer.getClass();
      assertEquals(false, scorerClass.getMethod("encoderAvailable").invoke(scorer));
      NegativityScorer ngram = new NegativityScorer(ScorerFile.read(f).cascade().ngram());
      for (String t : CascadeTest.POSTS) {
        double p = (double) scorerClass.getMethod("pNegative", String.class).invoke(scorer, t);
        assertEquals(ngram.pNegative(t), p, 0.0, t);
      }
    }
  }

  /** A NegativityScorer of {@code f} loaded by {@code cl}. */
  private static Object load(URLClassLoader cl, Path f) throws Exception {
    Class<?> fileClass = cl.loadClass(ScorerFile.class.getName());
    Object file = fileClass.getMethod("read", Path.class).invoke(null, f);
    return cl.loadClass(NegativityScorer.class.getName()).getConstructor(fileClass).newInstance(file);
  }

  private Path copy(String resource) throws IOException {
    Path f = tmp.resolve("scorer.json");
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      Files.write(f, in.readAllBytes());
    }
    return f;
  }

  /** This test's class path minus langchain4j, ONNX Runtime and DJL. */
  private static URLClassLoader withoutEncoderJars() throws Exception {
    List<URL> urls = new ArrayList<>();
    int dropped = 0;
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (e.matches(".*(langchain4j|onnxruntime|[/\\\\]djl[/\\\\]|tokenizers).*")) {
        dropped++;
      } else {
        urls.add(Path.of(e).toUri().toURL());
      }
    }
    assertEquals(true, dropped >= 3, "the test class path should hold the encoder jars to drop");
    URLClassLoader cl = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    assertThrows(ClassNotFoundException.class, () -> cl.loadClass("dev.langchain4j.model.embedding.EmbeddingModel"));
    return cl;
  }
}
