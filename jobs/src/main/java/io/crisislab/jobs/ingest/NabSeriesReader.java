package io.crisislab.jobs.ingest;

import io.crisislab.models.post.RejectReason;
import io.crisislab.models.series.Timestamps;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads NAB-style volume series ({@code timestamp,value} CSV, one file per series) into canonical
 * series rows ({@link SeriesDataset}). The series id is the file name, as replay's
 * {@link io.crisislab.models.series.NabCsv#seriesId} has it; timestamps without a
 * zone are UTC; {@code bucket_seconds} is the most frequent step between consecutive rows of the
 * file (NAB: 300); {@code negative_count} is null (NAB has no labels). Rejections use the post
 * reason codes: {@code malformed_record}, {@code invalid_utf8}, {@code unparseable_timestamp},
 * {@code invalid_number} (value not a whole number ≥ 0), {@code timestamp_before_2006},
 * {@code timestamp_in_future}; a repeated timestamp within a series is {@code duplicate_id}.
 */
final class NabSeriesReader implements Serializable {
  private static final long serialVersionUID = 1L;

  static final StructType SCHEMA = new StructType()
      .add("series_id", DataTypes.StringType, true)
      .add("bucket_start", DataTypes.TimestampType, true)
      .add("bucket_seconds", DataTypes.IntegerType, true)
      .add("count", DataTypes.LongType, true)
      .add("negative_count", DataTypes.LongType, true)
      .add("source", DataTypes.StringType, true)
      .add(IngestRows.FILE, DataTypes.IntegerType, false)
      .add(IngestRows.ROW, DataTypes.LongType, false)
      .add(IngestRows.REASON, DataTypes.StringType, true)
      .add(IngestRows.DETAIL, DataTypes.StringType, true)
      .add(IngestRows.RECORD, DataTypes.StringType, true);

  private final Instant notAfter;

  NabSeriesReader(Instant notAfter) {
    this.notAfter = notAfter;
  }

  List<Row> read(Split split) {
    byte[] buf = split.bytes();
    int ti = split.header().indexOf("timestamp");
    int vi = split.header().indexOf("value");
    String sid = io.crisislab.models.series.NabCsv.seriesId(Path.of(split.path()));
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    List<Object[]> ok = new ArrayList<>();
    List<Row> out = new ArrayList<>();
    long line = split.firstLine();
    int pos = 0;
    boolean first = split.skipFirstRecord();
    while (pos < buf.length) {
      int end = Csv.recordEnd(buf, pos, buf.length, true);
      int contentEnd = Csv.trimEol(buf, pos, end);
      long recLine = line;
      line++;
      int start = pos;
      pos = end;
      if (first) {
        first = false;
        continue;
      }
      if (contentEnd == start) {
        continue;
      }
      String src = split.fileName() + ":" + recLine;
      String rec;
      try {
        rec = dec.decode(ByteBuffer.wrap(buf, start, contentEnd - start)).toString();
      } catch (CharacterCodingException e) {
        out.add(reject(sid, src, split, recLine, RejectReason.INVALID_UTF8, "bytes are not valid UTF-8",
            new String(buf, start, contentEnd - start, StandardCharsets.UTF_8)));
        continue;
      }
      List<String> f = Csv.fields(rec, ',');
      if (f == null || f.size() != split.header().size()) {
        out.add(reject(sid, src, split, recLine, RejectReason.MALFORMED_RECORD,
            "expected " + split.header().size() + " fields", rec));
        continue;
      }
      Instant t = Timestamps.parseAny(f.get(ti));
      if (t == null) {
        out.add(reject(sid, src, split, recLine, RejectReason.UNPARSEABLE_TIMESTAMP,
            "timestamp '" + f.get(ti) + "' is in no known layout", rec));
        continue;
      }
      if (t.isBefore(Timestamps.EARLIEST)) {
        out.add(reject(sid, src, split, recLine, RejectReason.TIMESTAMP_BEFORE_2006, "timestamp " + t + " is before 2006", rec));
        continue;
      }
      if (t.isAfter(notAfter)) {
        out.add(reject(sid, src, split, recLine, RejectReason.TIMESTAMP_IN_FUTURE, "timestamp " + t + " is after " + notAfter, rec));
        continue;
      }
      long v;
      try {
        v = Long.parseLong(f.get(vi).strip());
        if (v < 0) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        out.add(reject(sid, src, split, recLine, RejectReason.INVALID_NUMBER,
            "value '" + f.get(vi) + "' is not a whole number >= 0", rec));
        continue;
      }
      ok.add(new Object[] {t, v, src, recLine, rec});
    }
    int step = modeStep(ok);
    for (Object[] o : ok) {
      out.add(RowFactory.create(sid, Timestamp.from((Instant) o[0]), step, o[1], null, o[2], split.fileIndex(),
          o[3], null, null, o[4]));
    }
    return out;
  }

  /** Most frequent positive step between consecutive rows, in seconds (0 when there is none). */
  static int modeStep(List<Object[]> rows) {
    Map<Long, Integer> freq = new HashMap<>();
    for (int i = 1; i < rows.size(); i++) {
      long d = ((Instant) rows.get(i)[0]).getEpochSecond() - ((Instant) rows.get(i - 1)[0]).getEpochSecond();
      if (d > 0) {
        freq.merge(d, 1, Integer::sum);
      }
    }
    return (int) (long) freq.entrySet().stream().max(Map.Entry.<Long, Integer>comparingByValue()
        .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).orElse(0L);
  }

  private static Row reject(String sid, String src, Split split, long line, RejectReason r, String detail, String rec) {
    return RowFactory.create(sid, null, null, null, null, src, split.fileIndex(), line, r.code(), detail, rec);
  }
}
