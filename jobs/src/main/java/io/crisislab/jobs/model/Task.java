package io.crisislab.jobs.model;

import io.crisislab.jobs.cli.Choices;
import io.crisislab.models.post.Label;
import java.util.List;

/** What a classifier predicts; {@link #toString()} is the wire name used by flags and {@code scorer.json}. */
public enum Task {
  /** Negative vs rest: classes {@code rest}, {@code negative}. */
  BINARY(List.of("rest", "negative")),
  /** Negative, neutral, positive (in {@link Label} index order). */
  THREE_CLASS(List.of(Label.NEGATIVE.wire(), Label.NEUTRAL.wire(), Label.POSITIVE.wire()));

  private final List<String> classes;

  Task(List<String> classes) {
    this.classes = classes;
  }

  /** Class names in label-index order. */
  public List<String> classes() {
    return classes;
  }

  /** The task named {@code wire} (as written in {@code scorer.json}). */
  public static Task of(String wire) {
    return Choices.parse(Task.class, "--task", wire);
  }

  @Override
  public String toString() {
    return Choices.wire(this);
  }
}
