package io.crisislab.models.series;

import java.util.List;

/**
 * A series as read, with what had to be repaired on the way (sorted rows, filled gaps, merged
 * duplicates, constant series): warnings the replay report shows, never silently dropped.
 */
public record SeriesLoad(Series series, List<String> warnings) {
  public SeriesLoad {
    warnings = List.copyOf(warnings);
  }
}
