package io.crisislab.models.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  @Test
  void parsesEverySupportedLayoutHonouringOffsets() {
    assertEquals(Instant.parse("2015-02-24T19:35:52Z"), Timestamps.parseAny("2015-02-24 11:35:52 -0800"));
    assertEquals(Instant.parse("2011-10-18T21:53:25Z"), Timestamps.parseAny("Tue Oct 18 21:53:25 +0000 2011"));
    assertEquals(Instant.parse("2009-05-11T03:17:40Z"), Timestamps.parseAny("Mon May 11 03:17:40 UTC 2009"));
    // PDT is UTC-7 in May
    assertEquals(Instant.parse("2009-05-11T10:17:40Z"), Timestamps.parseAny("Mon May 11 03:17:40 PDT 2009"));
    assertEquals(Instant.parse("2015-02-26T21:42:53Z"), Timestamps.parseAny("2015-02-26 21:42:53"));
    assertEquals(Instant.parse("2015-02-26T20:42:53.250Z"), Timestamps.parseAny("2015-02-26T21:42:53.25+01:00"));
    assertEquals(Instant.parse("2015-02-26T21:42:53Z"), Timestamps.parseAny(" 2015-02-26T21:42:53Z "));
    assertEquals(Instant.parse("2015-03-03T04:37:53Z"), Timestamps.parseAny("2015-03-03 04:37:53.000000"));
    assertEquals(Instant.ofEpochSecond(1424806552), Timestamps.parseAny("1424806552"));
    assertEquals(Instant.ofEpochMilli(1424806552123L), Timestamps.parseAny("1424806552123"));
  }

  @Test
  void rejectsTextInNoLayout() {
    assertNull(Timestamps.parseAny("yesterday at noon"));
    assertNull(Timestamps.parseAny(""));
    assertNull(Timestamps.parseAny(null));
    assertNull(Timestamps.parseAny("2015-02-30 10:00:00"));
    assertNull(Timestamps.parseAny("12345678901234"));
  }

  @Test
  void nabFormatRoundTripsAndSnowflakesDecode() {
    Instant t = Instant.parse("2015-03-03T04:37:53Z");
    assertEquals("2015-03-03 04:37:53.000000", Timestamps.nab(t));
    assertEquals(t.getEpochSecond(), Timestamps.parse(Timestamps.nab(t)));
    // Tweets.csv row 1: id 570306133677760513 was created 2015-02-24 11:35:52 -0800
    Instant s = Timestamps.fromSnowflake("570306133677760513");
    assertEquals(Instant.parse("2015-02-24T19:35:52Z").getEpochSecond(), s.getEpochSecond());
    assertNull(Timestamps.fromSnowflake("12345"));
  }

  @Test
  void gridTextIsUtcSecondsOnlyAndRoundTrips() {
    long t = Instant.parse("2024-01-01T00:05:00Z").getEpochSecond();
    assertEquals("2024-01-01 00:05:00", Timestamps.format(t));
    assertEquals(t, Timestamps.parse("2024-01-01 00:05:00"));
    assertEquals(t, Timestamps.parse("2024-01-01T00:05:00.999999Z"), "fractions are truncated");
    // grid text states no zone: an offset is not grid text (parseAny honours it)
    assertNull(Timestamps.tryParse("2024-01-01 00:05:00 -0800"));
    assertThrows(DateTimeParseException.class, () -> Timestamps.parse("2024-01-01"));
    assertEquals(Instant.ofEpochSecond(t).plusSeconds(8 * 3600), Timestamps.parseAny("2024-01-01 00:05:00 -0800"));
  }
}
