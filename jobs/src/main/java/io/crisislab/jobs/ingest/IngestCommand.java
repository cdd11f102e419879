package io.crisislab.jobs.ingest;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
import io.crisislab.models.post.AuthorKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crisislab ingest}: historical posts into canonical Parquet, bad rows into quarantine. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Ingest historical posts into canonical Parquet (posts/, partitioned by brand and UTC day),",
        "quarantining bad rows (quarantine/, with source line and reason code) and writing ingest-report.json."})
public final class IngestCommand extends JobCommand<IngestJob.Config> {
  @Option(names = "--format", required = true, paramLabel = "F",
      description = "Input preset: airline, tweeteval, sentiment140, sanders, crisislex, generic, crisislab (posts), or nab (timestamp,value volume series -> series/).")
  String format;

  @Option(names = "--input", required = true, arity = "1..*", split = ",", paramLabel = "PATH",
      description = "Input files or folders (folders are searched for the preset's files).")
  List<Path> inputs = new ArrayList<>();

  @Option(names = "--strict", description = "Fail the run (exit 1) on any rejected row; only quarantine/ and the report are written.")
  boolean strict;

  @Option(names = "--keep-handles", description = "Also store raw author handles (column author_handle). Off by default: only salted hashes are stored.")
  boolean keepHandles;

  @Option(names = "--author-salt", paramLabel = "TEXT", defaultValue = AuthorKeys.DEFAULT_SALT,
      description = "Salt of author_key = SHA-256(salt, handle) (default: ${DEFAULT-VALUE}; use your own for real data).")
  String authorSalt;

  @Option(names = "--max-text-chars", paramLabel = "N", defaultValue = "10000",
      description = "Longest accepted text in characters (default: ${DEFAULT-VALUE}).")
  int maxTextChars;

  @Option(names = "--not-after", paramLabel = "INSTANT",
      description = "Latest accepted created_at, ISO-8601 (default: when the run starts).")
  String notAfter;

  @Option(names = "--duplicates", paramLabel = "POLICY", defaultValue = "preset",
      description = "Repeated post ids: preset (keep for airline, else quarantine), keep, quarantine (default: ${DEFAULT-VALUE}).")
  IngestJob.Duplicates duplicates;

  @Option(names = "--column", split = ",", paramLabel = "CANONICAL=SOURCE",
      description = "generic format: map a canonical field to a source column (post_id=id, text=body, created_at=time, label=sentiment, ...); 'value' in single quotes is a constant.")
  List<String> columns = new ArrayList<>();

  @Option(names = "--split-mb", paramLabel = "MB", defaultValue = "32",
      description = "Target MiB per read task; larger files are split at record boundaries (default: ${DEFAULT-VALUE}).")
  int splitMb;

  @Option(names = "--max-record-lines", paramLabel = "N", defaultValue = "100",
      description = "Most physical lines one CSV record may span; a quoted field still open after that is an unterminated quote: its first line is quarantined and reading resumes at the next line (default: ${DEFAULT-VALUE}).")
  int maxRecordLines;

  @Option(names = "--max-record-bytes", paramLabel = "N", defaultValue = "1048576",
      description = "Most bytes one CSV record may span, same treatment (default: ${DEFAULT-VALUE}).")
  int maxRecordBytes;

  @Override
  protected String jobName() {
    return "ingest";
  }

  @Override
  protected IngestJob.Config config() {
    return new IngestJob.Config(Format.parse(format), inputs, strict, keepHandles, authorSalt, maxTextChars,
        notAfter, duplicates, columns, (long) splitMb << 20, maxRecordLines, maxRecordBytes);
  }

  @Override
  protected void run(SparkSession spark, IngestJob.Config config, RunContext ctx) {
    IngestJob.Result r = IngestJob.run(spark, config, ctx);
    ctx.progress().info(String.format(java.util.Locale.ROOT, "read %,d, accepted %,d, rejected %,d, duplicates %,d",
        r.report().read(), r.report().accepted(), r.report().rejected(), r.report().duplicates()));
    r.report().warnings().forEach(w -> ctx.progress().info("warning: " + w));
  }

  @Override
  protected void afterCommit(Path runDir, Progress progress) {
    progress.info("run folder: " + runDir + " (" + (Format.parse(format) == Format.NAB ? "series/" : "posts/") + ", quarantine/, ingest-report.json)");
  }
}
