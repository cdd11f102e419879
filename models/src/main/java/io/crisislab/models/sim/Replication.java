package io.crisislab.models.sim;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What one replication measured. All times are minutes since the incident start (the first
 * negative signal); NaN means "not reached" (skipped by severity, or beyond the horizon).
 *
 * @param index replication index (its random substreams derive from it)
 * @param startEpochMinute the sampled incident start, minutes since the epoch (UTC)
 * @param severity the sampled severity 1..5
 * @param milestoneMinutes per milestone (plan order, see {@link Model#milestones()})
 * @param messagesArrived inbound messages that arrived before the horizon
 * @param messagesAnswered of those, answered before the horizon
 * @param backlogPeakMessages most messages waiting (tagged, not yet answered) at once
 * @param waitMeanMinutes mean wait from arrival to the start of the answer (after warm-up), NaN if none
 * @param waitP90Minutes 90th percentile of that wait
 * @param waitMaxMinutes longest wait
 * @param firstReplyMinutes when the first public reply to a message went out
 * @param criticalPathMinutes per step, time it held the critical path (ready to done, summed over attempts)
 * @param criticalWaitMinutes per step, the part of that spent waiting for the role (closed, paging, busy)
 * @param pages on-call pages sent
 * @param reworks approval rework loops taken
 * @param events events the engine processed
 */
public record Replication(long index, long startEpochMinute, int severity, double[] milestoneMinutes,
    int messagesArrived, int messagesAnswered, int backlogPeakMessages, double waitMeanMinutes,
    double waitP90Minutes, double waitMaxMinutes, double firstReplyMinutes, double[] criticalPathMinutes,
    double[] criticalWaitMinutes, int pages, int reworks, long events) implements Serializable {
  /** The p90 wait, or 0 when no message was answered. */
  public double waitP90MinutesOrZero() {
    return Double.isFinite(waitP90Minutes) ? waitP90Minutes : 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Replication r && toString().equals(r.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return "Replication[" + index + ", start " + startEpochMinute + ", sev " + severity + ", milestones "
        + Arrays.toString(milestoneMinutes) + ", msgs " + messagesArrived + "/" + messagesAnswered
        + ", backlog " + backlogPeakMessages + ", wait " + waitMeanMinutes + "/" + waitP90Minutes + "/"
        + waitMaxMinutes + ", first " + firstReplyMinutes + ", cp " + Arrays.toString(criticalPathMinutes)
        + ", cpWait " + Arrays.toString(criticalWaitMinutes) + ", pages " + pages + ", reworks " + reworks
        + ", events " + events + "]";
  }
}
