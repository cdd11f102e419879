package io.crisislab.models.sim;

import java.util.List;

/**
 * Per-replication measurements as columns (replication order), the input of {@link Summary}.
 * Milestone values: finite = reached at that minute, +Infinity = not reached within the horizon,
 * NaN = skipped (the severity did not call for it).
 */
public final class Results {
  public final long[] index;
  public final int[] severity;
  public final double[][] milestones;
  public final double[] messagesArrived;
  public final double[] messagesAnswered;
  public final double[] backlogPeak;
  public final double[] waitMean;
  public final double[] waitP90;
  public final double[] waitMax;
  public final double[] firstReply;
  public final double[][] cp;
  public final double[][] cpWait;
  public final long events;

  /** Empty columns for {@code n} replications of {@code model}. */
  public Results(Model model, int n, long events) {
    index = new long[n];
    severity = new int[n];
    milestones = new double[model.milestones.length][n];
    messagesArrived = new double[n];
    messagesAnswered = new double[n];
    backlogPeak = new double[n];
    waitMean = new double[n];
    waitP90 = new double[n];
    waitMax = new double[n];
    firstReply = new double[n];
    cp = new double[model.nSteps][n];
    cpWait = new double[model.nSteps][n];
    this.events = events;
  }

  public int size() {
    return index.length;
  }

  /** Columns of {@code reps} (in the given order). */
  public static Results of(Model model, List<Replication> reps) {
    long ev = 0;
    for (Replication r : reps) {
      ev += r.events();
    }
    Results c = new Results(model, reps.size(), ev);
    for (int i = 0; i < reps.size(); i++) {
      Replication r = reps.get(i);
      c.index[i] = r.index();
      c.severity[i] = r.severity();
      for (int k = 0; k < c.milestones.length; k++) {
        c.milestones[k][i] = r.milestoneMinutes()[k];
      }
      c.messagesArrived[i] = r.messagesArrived();
      c.messagesAnswered[i] = r.messagesAnswered();
      c.backlogPeak[i] = r.backlogPeakMessages();
      c.waitMean[i] = r.waitMeanMinutes();
      c.waitP90[i] = r.waitP90Minutes();
      c.waitMax[i] = r.waitMaxMinutes();
      c.firstReply[i] = r.firstReplyMinutes();
      for (int s = 0; s < c.cp.length; s++) {
        c.cp[s][i] = r.criticalPathMinutes()[s];
        c.cpWait[s][i] = r.criticalWaitMinutes()[s];
      }
    }
    return c;
  }

  /** The column of milestone {@code name}. */
  public double[] milestone(Model model, String name) {
    int k = model.milestones().indexOf(name);
    if (k < 0) {
      throw new IllegalArgumentException("no milestone " + name);
    }
    return milestones[k];
  }
}
