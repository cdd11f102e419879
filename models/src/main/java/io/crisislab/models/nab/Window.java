package io.crisislab.models.nab;

/**
 * A labelled incident window, inclusive at both ends, in UTC epoch seconds.
 */
public record Window(long start, long end) implements java.io.Serializable {
  public Window {
    if (end < start) {
      throw new IllegalArgumentException("window ends before it starts: " + start + " > " + end);
    }
  }
}
