package io.crisislab.models.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  @Test
  void parsesEverySupportedLayoutHonouringOffsets() {
    assertEquals(Instant.parse("2015-02-24T19:35:52Z"), Timestamps.parse("2015-02-24 11:35:52 -0800"));
    assertEquals(Instant.parse("2011-10-18T21:53:25Z"), Timestamps.parse("Tue Oct 18 21:53:25 +0000 2011"));
    assertEquals(Instant.parse("2009-05-11T03:17:40Z"), Timestamps.parse("Mon May 11 03:17:40 UTC 2009"));
    // PDT is UTC-7 in May
    assertEquals(Instant.parse("2009-05-11T10:17:40Z"), Timestamps.parse("Mon May 11 03:17:40 PDT 2009"));
    assertEquals(Instant.parse("2015-02-26T21:42:53Z"), Timestamps.parse("2015-02-26 21:42:53"));
    assertEquals(Instant.parse("2015-02-26T20:42:53.250Z"), Timestamps.parse("2015-02-26T21:42:53.25+01:00"));
    assertEquals(Instant.parse("2015-02-26T21:42:53Z"), Timestamps.parse(" 2015-02-26T21:42:53Z "));
    assertEquals(Instant.parse("2015-03-03T04:37:53Z"), Timestamps.parse("2015-03-03 04:37:53.000000"));
    assertEquals(Instant.ofEpochSecond(1424806552), Timestamps.parse("1424806552"));
    assertEquals(Instant.ofEpochMilli(1424806552123L), Timestamps.parse("1424806552123"));
  }

  @Test
  void rejectsTextInNoLayout() {
    assertNull(Timestamps.parse("yesterday at noon"));
    assertNull(Timestamps.parse(""));
    assertNull(Timestamps.parse(null));
    assertNull(Timestamps.parse("2015-02-30 10:00:00"));
    assertNull(Timestamps.parse("12345678901234"));
  }

  @Test
  void nabFormatRoundTripsAndSnowflakesDecode() {
    Instant t = Instant.parse("2015-03-03T04:37:53Z");
    assertEquals("2015-03-03 04:37:53.000000", Timestamps.nab(t));
    assertEquals(t, Timestamps.parseNab("2015-03-03 04:37:53.000000"));
    // Tweets.csv row 1: id 570306133677760513 was created 2015-02-24 11:35:52 -0800
    Instant s = Timestamps.fromSnowflake("570306133677760513");
    assertEquals(Instant.parse("2015-02-24T19:35:52Z").getEpochSecond(), s.getEpochSecond());
    assertNull(Timestamps.fromSnowflake("12345"));
  }
}
