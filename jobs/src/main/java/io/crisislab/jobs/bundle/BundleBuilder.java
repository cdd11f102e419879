package io.crisislab.jobs.bundle;

import io.crisislab.jobs.cli.Option;
import io.crisislab.jobs.cli.Options;
import io.crisislab.jobs.cli.BuildInfo;
import io.crisislab.jobs.run.RunInfo;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.bundle.BundleLoader;
import io.crisislab.models.bundle.CalibrationBundle;
import io.crisislab.models.bundle.CalibrationBundle.Checksum;
import io.crisislab.models.bundle.CalibrationBundle.Classifier;
import io.crisislab.models.bundle.CalibrationBundle.Provenance;
import io.crisislab.models.bundle.CalibrationBundle.ResponseTargets;
import io.crisislab.models.bundle.CalibrationBundle.RunRef;
import io.crisislab.models.detect.SurgeRule;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.run.AtomicFiles;
import io.crisislab.models.run.FileDigest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@code calibration.json} from run folders: the newest {@code train} run gives the classifier
 * (its exported scorer is copied beside the bundle and checksummed), {@code tune} runs give the surge
 * rules, the {@code simulate} run gives the response targets. The bundle is loaded back through
 * {@link BundleLoader} before the build counts as done, so a bundle that a live tool would refuse is
 * never written.
 */
public final class BundleBuilder {
  private BundleBuilder() {}

  public static final Option<List<Path>> RUNS = Option.paths("--runs", "DIR",
      "Run folders, or folders holding run folders.").required().arity("1..*").unsplit();

  /** The options of {@code crisislab calibration build}. */
  public static final Options<Config> OPTIONS = Options.of(Config.class, RUNS);

  /** @param runs run folders or folders holding them */
  public record Config(List<Path> runs) {
    public Config {
      if (runs == null || runs.isEmpty()) {
        throw new UsageException("--runs: give at least one run folder");
      }
      runs = List.copyOf(runs);
    }
  }

  /**
   * Writes {@code calibration.json} (and the scorer file) into {@code outDir}.
   *
   * @return the bundle file
   */
  public static Path build(List<RunInfo> runs, Path outDir, RunContext ctx) {
    List<RunRef> refs = new ArrayList<>();
    Map<String, Checksum> inputs = new LinkedHashMap<>();
    Classifier classifier = null;
    List<SurgeRule> rules = new ArrayList<>();
    ResponseTargets targets = null;
    for (RunInfo ri : runs) {
      switch (ri.job()) {
        case "train" -> classifier = BundleSources.classifier(ri, outDir);
        case "tune" -> rules.addAll(BundleSources.rules(ri));
        case "simulate" -> targets = BundleSources.targets(ri, targets);
        default -> {
          continue;
        }
      }
      refs.add(new RunRef(ri.job(), ri.runId(), ri.manifestSha256()));
      for (FileDigest in : ri.manifest().inputs()) {
        inputs.putIfAbsent(in.path(), new Checksum(in.path(), in.bytes(), in.sha256()));
      }
    }
    CalibrationBundle b = new CalibrationBundle(CalibrationBundle.SCHEMA_VERSION, Instant.now().toString(),
        new Provenance(BuildInfo.version(), BuildInfo.gitCommit(), refs, new ArrayList<>(inputs.values())),
        classifier, dedupe(rules), targets, null).sealed();
    Path file = outDir.resolve(CalibrationBundle.FILE_NAME);
    AtomicFiles.writeString(file, b.toJson());
    BundleLoader.load(file);
    if (ctx != null) {
      ctx.stage("calibration bundle: " + (classifier != null ? "classifier, " : "no classifier, ")
          + rules.size() + " surge rule(s), " + (targets != null ? "response targets" : "no response targets"), -1);
    }
    return file;
  }

  /** Later runs win for the same scope and series (runs are given oldest first). */
  private static List<SurgeRule> dedupe(List<SurgeRule> rules) {
    Map<String, SurgeRule> m = new LinkedHashMap<>();
    for (SurgeRule r : rules) {
      m.put(r.scope() + "|" + r.series(), r);
    }
    return new ArrayList<>(m.values());
  }
}
