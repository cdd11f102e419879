package io.crisislab.jobs.ingest;

import io.crisislab.models.post.PostColumns;
import io.crisislab.models.post.PostValidator;
import io.crisislab.models.post.RawPost;
import io.crisislab.models.post.RejectReason;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Reads one {@link Split} into ingest rows ({@link IngestRows}): each record becomes an accepted
 * post or a rejected row with its reason, original text and {@code file:line} location. Blank
 * records are skipped (they are not counted as read). Runs inside Spark tasks; everything it holds
 * is serialisable.
 */
final class SplitReader implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Format format;
  private final PostValidator validator;
  private final Map<String, String> columnMap;
  private final boolean keepHandles;
  private final boolean keepRecords;
  private final String salt;
  private final int maxRecordLines;
  private final int maxRecordBytes;

  /**
   * @param keepRecords whether accepted rows carry their original record (needed only when
   *     duplicates go to quarantine)
   * @param salt author-key salt, used to hash the handle inside quarantined record texts
   * @param maxRecordLines most physical lines one CSV record may span (a longer quoted field is an
   *     unterminated quote: its first line is quarantined and reading resumes at the next line)
   * @param maxRecordBytes most bytes one CSV record may span (same treatment)
   */
  SplitReader(Format format, PostValidator validator, Map<String, String> columnMap, boolean keepHandles,
      boolean keepRecords, String salt, int maxRecordLines, int maxRecordBytes) {
    this.format = format;
    this.validator = validator;
    this.columnMap = columnMap;
    this.keepHandles = keepHandles;
    this.keepRecords = keepRecords;
    this.salt = salt;
    this.maxRecordLines = maxRecordLines;
    this.maxRecordBytes = maxRecordBytes;
  }

  /** All rows of {@code split}, in record order. */
  List<Row> read(Split split) {
    byte[] buf = split.bytes(2L * maxRecordBytes + (1 << 16));
    int limit = split.gzip() ? buf.length : (int) split.length();
    List<Row> out = new ArrayList<>();
    Format.FieldMapper mapper = format.mapper(split.fileName(), split.header(), columnMap);
    QuarantineText privacy = new QuarantineText(keepHandles, salt, mapper.authorField(),
        split.layout() == Format.Layout.JSONL ? columnMap.get("author") : null);
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    boolean quoted = split.layout() == Format.Layout.CSV_HEADER || split.layout() == Format.Layout.CSV_NO_HEADER;
    List<String> labels = split.layout() == Format.Layout.PAIRED_LINES ? pairedLabels(split) : null;
    RawPost raw = new RawPost();
    long line = split.firstLine();
    int pos = 0;
    boolean first = true;
    long pairedIndex = 0;
    while (pos < limit) {
      int next = Csv.nextRecord(buf, pos, buf.length, quoted, maxRecordLines, maxRecordBytes, mapper.expectedFields());
      // a broken record is its first line alone; reading resumes at the next line
      boolean resync = next < 0;
      // the planner cut at a record end, so a record never runs past the split (the clamp is a guard)
      int end = Math.min(resync ? -next - 1 : next, limit);
      long recordLine = line;
      int start = pos;
      line += countNewlines(buf, start, end);
      pos = end;
      if (first && split.skipFirstRecord()) {
        first = false;
        continue;
      }
      first = false;
      int contentEnd = Csv.trimEol(buf, start, end);
      if (contentEnd == start && split.layout() != Format.Layout.PAIRED_LINES) {
        continue;
      }
      String source = split.fileName() + ":" + recordLine;
      String record;
      try {
        record = dec.decode(ByteBuffer.wrap(buf, start, contentEnd - start)).toString();
      } catch (CharacterCodingException e) {
        out.add(IngestRows.rejected(null, source, split.fileIndex(), recordLine, RejectReason.INVALID_UTF8,
            privacy.detail("bytes are not valid UTF-8"), privacy.malformed(
                new String(buf, start, contentEnd - start, StandardCharsets.UTF_8)), 1));
        pairedIndex++;
        continue;
      }
      List<String> fields;
      if (split.layout() == Format.Layout.JSONL) {
        fields = jsonFields(record, split.header());
        if (fields == null) {
          out.add(IngestRows.rejected(null, source, split.fileIndex(), recordLine, RejectReason.MALFORMED_RECORD,
              privacy.detail("not a JSON object"), privacy.malformed(record), 1));
          continue;
        }
      } else if (quoted) {
        fields = resync ? null : Csv.fields(record, ',');
        if (fields == null) {
          // an unterminated quote, whether the split or the file ends before the bound or not: this line alone
          out.add(IngestRows.rejected(null, source, split.fileIndex(), recordLine, RejectReason.MALFORMED_RECORD,
              privacy.detail(IngestRows.RESYNC + ": a quoted field opened on this line does not close where the"
                  + " record should end (within " + maxRecordLines + " lines); reading resumed at line "
                  + (recordLine + 1)), privacy.malformed(record), 1));
          continue;
        }
      } else if (labels != null) {
        long idx = pairedIndex++;
        if (idx >= labels.size()) {
          out.add(IngestRows.rejected(null, source, split.fileIndex(), recordLine, RejectReason.MALFORMED_RECORD,
              "no matching line in the labels file", record, 1));
          continue;
        }
        fields = List.of(record, labels.get((int) idx));
      } else {
        fields = List.of(record);
      }
      int span = countNewlines(buf, start, contentEnd) + 1;
      if (mapper.expectedFields() >= 0 && fields.size() != mapper.expectedFields()) {
        out.add(IngestRows.rejected(null, source, split.fileIndex(), recordLine, RejectReason.MALFORMED_RECORD,
            privacy.detail("expected " + mapper.expectedFields() + " fields, found " + fields.size()),
            privacy.malformed(record), span));
        continue;
      }
      raw.clear();
      mapper.map(fields, recordLine, raw);
      raw.source = source;
      PostValidator.Outcome o = validator.validate(raw);
      if (o.post() != null) {
        out.add(IngestRows.accepted(o.post(), split.fileIndex(), recordLine, keepHandles ? raw.author : null,
            keepRecords ? privacy.wellFormed(record, fields, split.layout()) : null, span));
      } else {
        out.add(IngestRows.rejected(blankToNull(raw.id), source, split.fileIndex(), recordLine, o.reason(),
            o.detail(), privacy.wellFormed(record, fields, split.layout()), span));
      }
    }
    if (labels != null && pairedIndex < labels.size()) {
      String labelsName = pairedLabelsPath(split).getFileName().toString();
      for (long i = pairedIndex; i < labels.size(); i++) {
        out.add(IngestRows.rejected(null, labelsName + ":" + (i + 1), split.fileIndex(), line + i,
            RejectReason.MALFORMED_RECORD, "label line without a text line", labels.get((int) i), 0));
      }
    }
    return out;
  }

  /**
   * The values of {@code names} (lower-case) in a JSON object line, matched case-insensitively;
   * scalars as text, nested values as JSON, missing or null as null. Null when the line is not a
   * JSON object.
   */
  static List<String> jsonFields(String line, List<String> names) {
    com.fasterxml.jackson.databind.JsonNode node;
    try {
      node = io.crisislab.models.json.Json.mapper().readTree(line);
    } catch (java.io.IOException e) {
      return null;
    }
    if (node == null || !node.isObject()) {
      return null;
    }
    Map<String, String> byName = new java.util.HashMap<>();
    node.fields().forEachRemaining(e -> {
      com.fasterxml.jackson.databind.JsonNode v = e.getValue();
      byName.put(e.getKey().toLowerCase(java.util.Locale.ROOT),
          v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
    });
    List<String> out = new ArrayList<>(names.size());
    for (String n : names) {
      out.add(byName.get(n));
    }
    return out;
  }

  /**
   * Maps one row of a Parquet input ({@code generic} with its column mapping, or {@code crisislab}
   * canonical columns) and validates it. {@code index} is the row's position in the input, shown
   * as {@code file#index}.
   */
  Row fromParquet(int fileIndex, String fileName, Row row, long index) {
    String[] cols = row.schema().fieldNames();
    List<String> names = new ArrayList<>(cols.length);
    List<String> values = new ArrayList<>(cols.length);
    for (int i = 0; i < cols.length; i++) {
      names.add(cols[i].toLowerCase(java.util.Locale.ROOT));
      Object v = row.isNullAt(i) ? null : row.get(i);
      values.add(v == null ? null : v instanceof java.sql.Timestamp t ? t.toInstant().toString()
          : v instanceof java.time.Instant t ? t.toString() : String.valueOf(v));
    }
    String where = fileName + "#" + index;
    String record = new QuarantineText(keepHandles, salt, -1, QuarantineText.parquetAuthor(format, columnMap))
        .json(row.json());
    RawPost raw = new RawPost();
    if (format == Format.CRISISLAB) {
      Map<String, String> m = new java.util.HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        m.put(names.get(i), values.get(i));
      }
      raw.id = m.get(PostColumns.POST_ID);
      raw.platform = m.get(PostColumns.PLATFORM);
      raw.channel = m.get(PostColumns.CHANNEL);
      raw.brand = m.get(PostColumns.BRAND);
      raw.createdAt = m.get(PostColumns.CREATED_AT);
      raw.text = m.get(PostColumns.TEXT);
      raw.lang = m.get(PostColumns.LANG);
      raw.replyTo = m.get(PostColumns.REPLY_TO);
      raw.likes = m.get(PostColumns.LIKES);
      raw.shares = m.get(PostColumns.SHARES);
      raw.replies = m.get(PostColumns.REPLIES);
      raw.label = m.get(PostColumns.LABEL);
      raw.labelConfidence = m.get(PostColumns.LABEL_CONFIDENCE);
      raw.negativeReason = m.get(PostColumns.NEGATIVE_REASON);
      raw.author = m.get(IngestRows.AUTHOR_HANDLE);
      // keep the provenance of re-ingested posts
      raw.source = m.get(PostColumns.SOURCE) != null ? m.get(PostColumns.SOURCE) : where;
    } else {
      Format.FieldMapper mapper = Format.GENERIC.mapper(fileName, names, columnMap);
      mapper.map(values, index, raw);
      raw.source = where;
    }
    PostValidator.Outcome o = validator.validate(raw);
    if (o.post() == null) {
      return IngestRows.rejected(blankToNull(raw.id), where, fileIndex, index, o.reason(), o.detail(), record, 0);
    }
    io.crisislab.models.post.Post p = o.post();
    if (format == Format.CRISISLAB) {
      // an already hashed key is kept as it is (there is no handle to hash again)
      Map<String, String> m = new java.util.HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        m.put(names.get(i), values.get(i));
      }
      if (raw.author == null && m.get(PostColumns.AUTHOR_KEY) != null) {
        p = new io.crisislab.models.post.Post(p.postId(), p.platform(), p.channel(), p.brand(), p.createdAt(),
            m.get(PostColumns.AUTHOR_KEY), p.text(), p.lang(), p.replyTo(), p.likes(), p.shares(), p.replies(),
            p.label(), p.labelConfidence(), p.negativeReason(), p.source());
      }
    }
    return IngestRows.accepted(p, fileIndex, index, keepHandles ? raw.author : null, keepRecords ? record : null, 0);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static int countNewlines(byte[] buf, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (buf[i] == '\n') {
        n++;
      }
    }
    return n;
  }

  static Path pairedLabelsPath(Split split) {
    String text = split.path();
    return Path.of(text.substring(0, text.length() - "_text.txt".length()) + "_labels.txt");
  }

  private static List<String> pairedLabels(Split split) {
    Path p = pairedLabelsPath(split);
    if (!Files.isRegularFile(p)) {
      throw new io.crisislab.models.errors.DataException(split.fileName() + ": its labels file " + p.getFileName()
          + " is missing");
    }
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(p, StandardCharsets.UTF_8));
      while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
        lines.remove(lines.size() - 1);
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }

  static byte[] readRange(Path file, long start, long end) {
    long len = end - start;
    if (len > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException(file + ": split of " + len + " bytes is too large");
    }
    byte[] buf = new byte[(int) len];
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      raf.seek(start);
      raf.readFully(buf);
      return buf;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
