package io.crisislab.jobs.ingest;

import io.crisislab.models.errors.DataException;
import io.crisislab.models.errors.UsageException;
import io.crisislab.models.post.RawPost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The one column lookup behind the header presets and {@code --format generic}. */
class ColumnMappingTest {
  static final List<String> SANDERS_HEADER = List.of("topic", "sentiment", "tweetid", "tweetdate", "tweettext");

  @Test
  void aPresetTableMapsItsColumnsAndConstants() {
    RawPost r = new RawPost();
    Format.SANDERS.mapper("full-corpus.csv", SANDERS_HEADER, Map.of())
        .map(List.of("apple", "negative", "126", "Tue Oct 18 21:53:25 +0000 2011", "so slow"), 2, r);
    Assertions.assertEquals(List.of("126", "twitter", "mention", "apple", "Tue Oct 18 21:53:25 +0000 2011", "so slow",
        "negative"), List.of(r.id, r.platform, r.channel, r.brand, r.createdAt, r.text, r.label));
  }

  @Test
  void optionalColumnsMayBeAbsentAndTheAuthorColumnIsKnown() {
    List<String> header = List.of("tweet_id", "airline_sentiment", "airline", "name", "text", "tweet_created");
    Format.FieldMapper m = Format.AIRLINE.mapper("Tweets.csv", header, Map.of());
    Assertions.assertEquals(3, m.authorField());
    Assertions.assertEquals(6, m.expectedFields());
    RawPost r = new RawPost();
    m.map(List.of("57", "neutral", "Delta", "jo", "hi", "2015-02-24 11:35:52 -0800"), 2, r);
    Assertions.assertEquals("jo", r.author);
    Assertions.assertNull(r.shares);
    Assertions.assertNull(r.negativeReason);
  }

  @Test
  void aMissingColumnIsTheFilesFaultInAPresetAndTheFlagsFaultInGeneric() {
    DataException d = Assertions.assertThrows(DataException.class,
        () -> Format.SANDERS.mapper("x.csv", SANDERS_HEADER.subList(0, 4), Map.of()));
    Assertions.assertEquals("x.csv: header has no column 'tweettext' (columns: [topic, sentiment, tweetid, tweetdate])",
        d.getMessage());
    Map<String, String> flags = ColumnMapping.parse(List.of("post_id=id", "text=body", "lang=language?"));
    UsageException u = Assertions.assertThrows(UsageException.class,
        () -> Format.GENERIC.mapper("y.csv", List.of("id", "language"), flags));
    Assertions.assertTrue(u.getMessage().startsWith("--column ..=body: y.csv has no column 'body'"), u.getMessage());
    RawPost r = new RawPost();
    Format.GENERIC.mapper("y.csv", List.of("id", "body"), flags).map(List.of("1", "hello"), 2, r);
    Assertions.assertEquals(List.of("1", "hello"), List.of(r.id, r.text));
    Assertions.assertNull(r.lang);
  }
}
