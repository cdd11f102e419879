import io.crisislab.models.scorer.NegativityScorer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Each post of a JSON-lines file (post_id, text) through the exported Spark-free scorer of a train run
 * folder: post_id and the argmax class of the class probabilities (for three-class, the class
 * {@code train} reports), one CSV line each. {@code cascade}: as a live tool scores (the n-gram front,
 * the encoder model in the band); {@code full}: the encoder model on every post. Run by crosscheck.py
 * with the launcher's class path: {@code java -cp CP ScorerClasses.java RUN POSTS.jsonl OUT.csv cascade|full}.
 */
public class ScorerClasses {
  public static void main(String[] a) throws Exception {
    NegativityScorer loaded = NegativityScorer.load(Path.of(a[0]));
    NegativityScorer s = "full".equals(a[3]) ? loaded.fullModel() : loaded;
    List<String> classes = s.file().head().classes();
    ObjectMapper m = new ObjectMapper();
    List<String> out = new ArrayList<>(List.of("post_id,predicted_class"));
    for (String line : Files.readAllLines(Path.of(a[1]))) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode r = m.readTree(line);
      double[] p = s.classProbabilities(r.get("text").asText(""));
      int best = 0;
      for (int k = 1; k < p.length; k++) {
        best = p[k] > p[best] ? k : best;
      }
      out.add(r.get("post_id").asText() + "," + classes.get(best));
    }
    Files.write(Path.of(a[2]), out);
  }
}
