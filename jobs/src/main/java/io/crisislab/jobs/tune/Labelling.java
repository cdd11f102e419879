package io.crisislab.jobs.tune;

import io.crisislab.jobs.series.SeriesSource;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.errors.DataException;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.json.Json;
import io.crisislab.models.nab.NabProfile;
import io.crisislab.models.nab.NabScorer;
import io.crisislab.models.nab.NabWindows;
import io.crisislab.models.nab.Replay;
import io.crisislab.models.nab.RuleSearch;
import io.crisislab.models.nab.TrainingSet;
import io.crisislab.models.nab.Window;
import io.crisislab.models.series.Series;
import io.crisislab.models.series.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The labelled tuning set of {@code tune}: the series, each with its incident windows and the peak
 * instant of each window (the labelled instant when given, else the window centre), checked to
 * share one bucket width.
 *
 * @param byId each series' source (brand, channel, measure), by series id, in input order
 * @param labelled the series with their windows and peaks, in input order
 * @param bucketSeconds the common bucket width, seconds
 * @param incidents windows over all series
 * @param warnings every repair and mismatch found while loading (shown in the report)
 * @param extra the extra training series ({@code --train-extra}), ids starting {@link TrainingSet#EXTRA}
 *     and the folder's name, peaks at the window centres
 */
record Labelling(Map<String, SeriesSource.Loaded> byId, List<RuleSearch.Labelled> labelled, int bucketSeconds,
    int incidents, List<String> warnings, List<RuleSearch.Labelled> extra) {

  static Labelling load(SparkSession spark, TuneJob.Config c, RunContext ctx) {
    List<SeriesSource.Loaded> loaded = SeriesSource.load(spark, c.series(), c.bucketSeconds(), c.measure().toString());
    ctx.input(c.series());
    ctx.input(c.windows());
    ctx.stage("load series", loaded.size());
    List<String> warnings = new ArrayList<>();
    for (SeriesSource.Loaded l : loaded) {
      warnings.addAll(l.load().warnings());
    }
    Map<String, List<Window>> windows = Replay.match(NabWindows.read(c.windows()),
        loaded.stream().map(l -> l.series().id()).toList(), warnings);
    Map<String, List<Long>> labels = c.labels() == null ? Map.of() : readLabels(c.labels());
    if (c.labels() != null) {
      ctx.input(c.labels());
    }
    int bucket = loaded.get(0).series().bucketSeconds();
    List<RuleSearch.Labelled> labelled = new ArrayList<>();
    Map<String, SeriesSource.Loaded> byId = new LinkedHashMap<>();
    Map<String, List<Window>> labelKeys = new LinkedHashMap<>();
    labels.keySet().forEach(k -> labelKeys.put(k, List.of()));
    for (SeriesSource.Loaded l : loaded) {
      if (l.series().bucketSeconds() != bucket) {
        throw new DataException(l.series().id() + " has " + l.series().bucketSeconds() + " s buckets, "
            + loaded.get(0).series().id() + " has " + bucket + " s; tune series of one bucket width together");
      }
      List<Window> ws = windows.get(l.series().id());
      String lk = labels.isEmpty() ? null : NabWindows.keyFor(labelKeys, l.series().id());
      labelled.add(new RuleSearch.Labelled(l.series(), ws, peaks(ws, lk == null ? null : labels.get(lk))));
      warnings.addAll(NabScorer.prepare(l.series().id(), l.series().bucketStart(), ws, NabProfile.STANDARD).warnings);
      byId.put(l.series().id(), l);
    }
    int incidents = labelled.stream().mapToInt(l -> l.windows().size()).sum();
    if (incidents == 0) {
      throw new DataException(c.windows() + ": no window falls on any series; nothing to tune against");
    }
    List<RuleSearch.Labelled> extra = loadExtra(spark, c, loaded.get(0).measure(), bucket, ctx, warnings);
    return new Labelling(byId, labelled, bucket, incidents, warnings, extra);
  }

  /** The windows file of an extra training folder: its {@code windows.json}, else {@code incidents.json} (what generate writes). */
  static Path extraWindows(Path dir) {
    for (String name : List.of("windows.json", "incidents.json")) {
      if (Files.isRegularFile(dir.resolve(name))) {
        return dir.resolve(name);
      }
    }
    throw new UsageException("--train-extra " + dir + ": no windows.json or incidents.json in the folder");
  }

  /** Loads the {@code --train-extra} folders with the tuning series' measure and bucket width. */
  static List<RuleSearch.Labelled> loadExtra(SparkSession spark, TuneJob.Config c, String measure, int bucket,
      RunContext ctx, List<String> warnings) {
    List<RuleSearch.Labelled> out = new ArrayList<>();
    for (Path dir : c.trainExtra()) {
      if (!Files.isDirectory(dir)) {
        throw new UsageException("--train-extra " + dir + " is not a folder");
      }
      Path w = extraWindows(dir);
      List<SeriesSource.Loaded> loaded = SeriesSource.load(spark, dir, bucket, measure);
      ctx.input(dir);
      ctx.input(w);
      Map<String, List<Window>> windows = Replay.match(NabWindows.read(w),
          loaded.stream().map(l -> l.series().id()).toList(), warnings);
      for (SeriesSource.Loaded l : loaded) {
        Series s = l.series();
        if (s.bucketSeconds() != bucket) {
          throw new DataException("--train-extra " + dir + ": " + s.id() + " has " + s.bucketSeconds()
              + " s buckets, the tuning series " + bucket + " s");
        }
        String id = TrainingSet.EXTRA + dir.getFileName() + ":" + s.id();
        out.add(new RuleSearch.Labelled(s.withCounts(id, s.count()), windows.get(s.id()), null));
      }
    }
    if (!out.isEmpty()) {
      ctx.stage("load extra training series", out.size());
    }
    return out;
  }

  /** NAB labels.json: {key: ["timestamp", ...]}. */
  static Map<String, List<Long>> readLabels(Path file) {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    try {
      var root = Json.mapper().readTree(file.toFile());
      var it = root.fields();
      while (it.hasNext()) {
        var e = it.next();
        List<Long> ts = new ArrayList<>();
        for (var v : e.getValue()) {
          Long t = Timestamps.tryParse(v.asText());
          if (t == null) {
            throw new DataException(file + ": '" + e.getKey() + "' has a bad timestamp '" + v.asText() + "'");
          }
          ts.add(t);
        }
        out.put(e.getKey(), ts);
      }
    } catch (IOException e) {
      throw new DataException(file + ": not valid JSON: " + e.getMessage(), e);
    }
    return out;
  }

  /** The peak of each window: the first label inside it, else the window centre; null without labels. */
  static long[] peaks(List<Window> ws, List<Long> labels) {
    if (labels == null || labels.isEmpty()) {
      return null;
    }
    long[] p = new long[ws.size()];
    for (int k = 0; k < ws.size(); k++) {
      Window w = ws.get(k);
      p[k] = w.start() + (w.end() - w.start()) / 2;
      for (long t : labels) {
        if (t >= w.start() && t <= w.end()) {
          p[k] = t;
          break;
        }
      }
    }
    return p;
  }
}
