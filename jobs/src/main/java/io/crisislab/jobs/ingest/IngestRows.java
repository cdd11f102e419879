package io.crisislab.jobs.ingest;

import io.crisislab.jobs.spark.PostsDataset;
import io.crisislab.models.post.Post;
import io.crisislab.models.post.RejectReason;
import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The row layout ingest works with between reading and writing: the canonical post columns
 * ({@link PostsDataset#schema()}) followed by bookkeeping columns that never reach {@code posts/}:
 * input order (for "keep the first duplicate"), the rejection reason and detail, the original record,
 * and the raw author handle (only filled with {@code --keep-handles}).
 */
final class IngestRows {
  static final String FILE = "_file";
  static final String ROW = "_row";
  static final String REASON = "_reason";
  static final String DETAIL = "_detail";
  static final String RECORD = "_record";
  /** Physical lines the record spans (1 for a one-line record, 0 for rows not read from text lines). */
  static final String LINES = "_lines";
  /** Prefix of the detail of a record cut at its first line (an unterminated quote). */
  static final String RESYNC = "resynchronised";
  /** Raw author handle, written as an extra column only with {@code --keep-handles}. */
  static final String AUTHOR_HANDLE = "author_handle";

  private static final StructType SCHEMA;

  static {
    StructType s = PostsDataset.schema();
    StructField[] canon = s.fields();
    StructField[] all = new StructField[canon.length + 7];
    for (int i = 0; i < canon.length; i++) {
      all[i] = canon[i].copy(canon[i].name(), canon[i].dataType(), true, canon[i].metadata());
    }
    int k = canon.length;
    all[k] = DataTypes.createStructField(FILE, DataTypes.IntegerType, false);
    all[k + 1] = DataTypes.createStructField(ROW, DataTypes.LongType, false);
    all[k + 2] = DataTypes.createStructField(REASON, DataTypes.StringType, true);
    all[k + 3] = DataTypes.createStructField(DETAIL, DataTypes.StringType, true);
    all[k + 4] = DataTypes.createStructField(RECORD, DataTypes.StringType, true);
    all[k + 5] = DataTypes.createStructField(AUTHOR_HANDLE, DataTypes.StringType, true);
    all[k + 6] = DataTypes.createStructField(LINES, DataTypes.IntegerType, false);
    SCHEMA = new StructType(all);
  }

  private IngestRows() {}

  static StructType schema() {
    return SCHEMA;
  }

  /** An accepted post. */
  static Row accepted(Post p, int file, long row, String handle, String record, int lines) {
    return RowFactory.create(p.postId(), p.platform(), p.channel(), p.brand(),
        p.createdAt() == null ? null : Timestamp.from(p.createdAt()), p.authorKey(), p.text(), p.lang(),
        p.replyTo(), p.likes(), p.shares(), p.replies(), p.label() == null ? null : p.label().wire(),
        p.labelConfidence(), p.negativeReason(), p.source(), p.day(), file, row, null, null, record, handle, lines);
  }

  /** A rejected record: only the id (if known), source and bookkeeping columns are set. */
  static Row rejected(String postId, String source, int file, long row, RejectReason reason, String detail,
      String record, int lines) {
    return RowFactory.create(postId, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, source, null, file, row, reason.code(), detail, record, null, lines);
  }
}
