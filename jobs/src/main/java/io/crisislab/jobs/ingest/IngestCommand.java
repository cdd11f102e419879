package io.crisislab.jobs.ingest;

import io.crisislab.jobs.cli.JobCommand;
import io.crisislab.jobs.ingest.IngestJob.Defaults;
import io.crisislab.jobs.run.Progress;
import io.crisislab.jobs.run.RunContext;
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

  @Option(names = "--author-salt", paramLabel = "TEXT", defaultValue = Defaults.AUTHOR_SALT,
      description = "Salt of author_key = SHA-256(salt, handle) (default: ${DEFAULT-VALUE}; use your own for real data).")
  String authorSalt;

  @Option(names = "--max-text-chars", paramLabel = "N", defaultValue = Defaults.MAX_TEXT_CHARS,
      description = "Longest accepted text in characters (default: ${DEFAULT-VALUE}).")
  int maxTextChars;

  @Option(names = "--not-after", paramLabel = "INSTANT",
      description = "Latest accepted created_at, ISO-8601 (default: when the run starts).")
  String notAfter;

  @Option(names = "--duplicates", paramLabel = "POLICY", defaultValue = Defaults.DUPLICATES,
      description = "Repeated post ids: ${COMPLETION-CANDIDATES}; preset keeps them for airline and quarantines them for the rest (default: ${DEFAULT-VALUE}).")
  IngestJob.Duplicates duplicates;

  @Option(names = "--column", split = ",", paramLabel = "CANONICAL=SOURCE",
      description = "generic format: map a canonical field to a source column (post_id=id, text=body, created_at=time, label=sentiment, ...); 'value' in single quotes is a constant.")
  List<String> columns = new ArrayList<>();

  @Option(names = "--split-mb", paramLabel = "MB", defaultValue = Defaults.SPLIT_MB,
      description = "Target MiB per read task; larger files are split at record boundaries (default: ${DEFAULT-VALUE}).")
  int splitMb;

  @Option(names = "--max-record-lines", paramLabel = "N", defaultValue = Defaults.MAX_RECORD_LINES,
      description = "Most physical lines one CSV record may span; a quoted field still open after that is an unterminated quote: its first line is quarantined and reading resumes at the next line (default: ${DEFAULT-VALUE}).")
  int maxRecordLines;

  @Option(names = "--max-record-bytes", paramLabel = "N", defaultValue = Defaults.MAX_RECORD_BYTES,
      description = "Most bytes one CSV record may span, same treatment (default: ${DEFAULT-VALUE}).")
  int maxRecordBytes;

  @Override
  protected String jobName() {
    return "ingest";
  }

  @Override
  protected IngestJob.Config config() {
    return IngestJob.Config.builder(Format.parse(format), inputs).strict(strict).handles(keepHandles, authorSalt)
        .maxTextChars(maxTextChars).notAfter(notAfter).duplicates(duplicates).columns(columns)
        .splitBytes((long) splitMb << 20).maxRecordLines(maxRecordLines).maxRecordBytes(maxRecordBytes).build();
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
