package io.crisislab.models.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.TokenCountEstimator;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Embedder}'s batched ONNX path against the reference it replaced, langchain4j 0.36.2's
 * {@code EmbeddingModel.embedAll} (one ONNX call per text; the one place the project still calls
 * it): every component within 1e-5, for each encoder, on 240 varied texts (tweets, emoji,
 * non-Latin scripts, URLs, texts over 512 tokens that the tokenizer cuts) embedded in one call
 * (MiniLM's in padded batches of mixed lengths). Embeddings cached by the old path
 * ({@code EmbeddingCache}) are therefore still valid to the same 1e-5.
 */
class EmbedderParityTest {
  private static final String[] PARTS = {
    "my flight was cancelled again", "@united worst customer service ever!!!", "thanks @delta, great crew today :)",
    "power outage downtown, no lights since 6pm #blackout", "https://t.co/abc123 check this out",
    "LOL this is AMAZING 😂😂😂", "🔥🔥 fire near the highway, roads closed 🚒", "¿Dónde está el aeropuerto?",
    "東京で地震がありました。大丈夫ですか", "Пожар в центре города, есть пострадавшие", "مطار القاهرة مغلق بسبب العاصفة",
    "बाढ़ से कई गाँव प्रभावित हुए हैं", "naïve café résumé — déjà vu", "can't won't shouldn't y'all",
    "1,234 passengers stranded; gate B17 @ 14:05", "#PrayForNepal #earthquake", "so... tired... of... waiting",
    "RT @user: evacuation ordered for zone 3", "unbelievable!!! 100% the WORST", "&amp; &lt;3 html entities",
    "supercalifragilisticexpialidocious antidisestablishmentarianism", "ok", "a", "🙂", "\t tabs and  spaces  "};

  @ParameterizedTest
  @EnumSource(value = SentenceEncoder.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void batchedEmbeddingsMatchLangchain4jWithin1e5(SentenceEncoder enc) {
    List<String> texts = corpus();
    String prefix = enc.defaultPrefix();
    EmbeddingModel reference = langchain4j(enc);
    for (String longText : texts.subList(texts.size() - 6, texts.size())) {
      // the packaged tokenizers truncate, so langchain4j's split-and-average never happens
      int tokens = ((TokenCountEstimator) reference).estimateTokenCount(prefix + longText);
      assertEquals(enc == SentenceEncoder.MINILM ? 128 : 512, tokens, "a long text is cut by the tokenizer");
    }
    float[][] ref = embedAll(reference, texts, prefix);
    float[][] got = Embedder.of(enc).embed(texts, prefix);
    assertEquals(texts.size(), got.length);
    for (int i = 0; i < texts.size(); i++) {
      assertEquals(enc.dimension(), got[i].length);
      for (int j = 0; j < got[i].length; j++) {
        double d = Math.abs(got[i][j] - ref[i][j]);
        assertTrue(d <= 1e-5, enc + " text " + i + " component " + j + ": " + got[i][j] + " vs " + ref[i][j]);
      }
    }
    if (enc.quantized()) {
      // why bge and e5 run one text per ONNX call: batched, their per-tensor activation scale mixes texts
      float[][] batched = Embedder.of(enc).embed(texts, prefix, Embedder.BATCH);
      double worst = 0;
      for (int i = 0; i < texts.size(); i++) {
        worst = Math.max(worst, maxDiff(batched[i], ref[i]));
      }
      assertTrue(worst > 1e-4, enc + " batched differs from one text per call by " + worst);
    }
    // alone, a text gets the embedding it got among others (another batch, other padding)
    float[][] alone = Embedder.of(enc).embed(List.of(texts.get(7), texts.get(texts.size() - 1)), prefix);
    assertEquals(0, maxDiff(alone[0], got[7]), 1e-5);
    assertEquals(0, maxDiff(alone[1], got[texts.size() - 1]), 1e-5);
  }

  /**
   * A post with no word pieces (empty, spaces only): langchain4j fails on it (its average of no
   * parts) unless a prefix gives it pieces (e5's "query: "); the batched path embeds [CLS] [SEP].
   */
  @ParameterizedTest
  @EnumSource(value = SentenceEncoder.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void emptyPostsGetOneEmbedding(SentenceEncoder enc) {
    String prefix = enc.defaultPrefix();
    List<String> blanks = Arrays.asList("", null, "   ", "\n\t");
    float[][] got = Embedder.of(enc).embed(blanks, prefix);
    for (float[] v : got) {
      assertEquals(0, maxDiff(v, got[0]), 1e-6, "every blank post is the same empty post");
      assertEquals(1.0, dot(v, v), 1e-4);
    }
    if (prefix.isEmpty()) {
      assertThrows(RuntimeException.class, () -> embedAll(langchain4j(enc), List.of(""), prefix));
    } else {
      assertEquals(0, maxDiff(got[0], embedAll(langchain4j(enc), List.of(""), prefix)[0]), 1e-5);
    }
  }

  /** 240 texts: the parts above alone, random mixes of 2-6 of them, and 6 of 600-1,500 words. */
  static List<String> corpus() {
    List<String> texts = new ArrayList<>(Arrays.asList(PARTS).subList(0, PARTS.length - 1));
    SplittableRandom rnd = new SplittableRandom(19);
    while (texts.size() < 234) {
      StringBuilder s = new StringBuilder();
      for (int k = rnd.nextInt(2, 7); k > 0; k--) {
        s.append(PARTS[rnd.nextInt(PARTS.length)]).append(rnd.nextBoolean() ? " " : ". ");
      }
      texts.add(s.toString().strip());
    }
    for (int words : new int[] {600, 800, 1000, 1200, 1500, 700}) {
      StringBuilder s = new StringBuilder();
      while (s.length() < words * 6) {
        s.append(PARTS[rnd.nextInt(PARTS.length)]).append(' ');
      }
      texts.add(s.toString().strip());
    }
    return texts;
  }

  /** langchain4j's model for {@code enc}, running in the calling thread (as the project used it). */
  static EmbeddingModel langchain4j(SentenceEncoder enc) {
    return switch (enc) {
      case MINILM -> new AllMiniLmL6V2EmbeddingModel(Runnable::run);
      case BGE_SMALL -> new BgeSmallEnV15QuantizedEmbeddingModel(Runnable::run);
      case E5_SMALL -> new E5SmallV2QuantizedEmbeddingModel(Runnable::run);
      case NONE -> throw new IllegalArgumentException("none");
    };
  }

  /** The project's former embedding call: prefix + text, a blank text as one space, embedAll. */
  static float[][] embedAll(EmbeddingModel model, List<String> texts, String prefix) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String t : texts) {
      String s = prefix + (t == null ? "" : t);
      segments.add(TextSegment.from(s.isBlank() ? " " : s));
    }
    List<Embedding> out = model.embedAll(segments).content();
    float[][] v = new float[out.size()][];
    for (int i = 0; i < v.length; i++) {
      v[i] = out.get(i).vector();
    }
    return v;
  }

  static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
