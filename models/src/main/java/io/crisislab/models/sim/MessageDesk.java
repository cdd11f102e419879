package io.crisislab.models.sim;

import io.crisislab.models.stats.Stats;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.ExponentialDistribution;

/**
 * The inbound-message side of one {@link Engine}: Poisson arrivals (piecewise-constant rate
 * segments), a FIFO queue, answers by the inbound roles' agents (non-preemptive), the "stay silent"
 * gate, and the wait statistics of one replication (waits of messages that arrived after the
 * warm-up, in minutes). Runs on the engine's clock and event queue; reset per replication.
 */
final class MessageDesk {
  private final Engine e;
  private final Model m;
  private final int[] msgBusy;
  private ExponentialDistribution unitExp;
  private boolean gateOpen;
  private double[] waiting = new double[256];
  private int wHead;
  private int wSize;
  private double[] waits = new double[256];
  private int nWaits;
  private double waitSum;
  private double waitMax;
  private int arrived;
  private int answered;
  private int backlogPeak;
  private double firstReply;
  private int segIdx;
  private int[] hourly;

  MessageDesk(Engine engine, Model model) {
    this.e = engine;
    this.m = model;
    this.msgBusy = new int[model.nRoles];
  }

  /** Starts a replication whose unit-rate exponential draws come from {@code unitExp}. */
  void reset(ExponentialDistribution unitExp) {
    this.unitExp = unitExp;
    Arrays.fill(msgBusy, 0);
    gateOpen = m.gate < 0;
    wHead = 0;
    wSize = 0;
    nWaits = 0;
    waitSum = 0;
    waitMax = 0;
    arrived = 0;
    answered = 0;
    backlogPeak = 0;
    firstReply = Double.NaN;
    segIdx = 0;
  }

  /** Counts arrivals per hour for the trace of this replication. */
  void countHourly() {
    hourly = new int[(int) Math.ceil(m.scenario.horizonMinutes() / 60) + 1];
  }

  /** Appends the hourly arrival counts to {@code trace}. */
  void traceHourly(List<TraceEvent> trace) {
    for (int h = 0; h < hourly.length; h++) {
      if (hourly[h] > 0) {
        trace.add(new TraceEvent(h * 60.0, TraceEvent.Kind.ARRIVALS, -1, -1, hourly[h]));
      }
    }
  }

  void scheduleFirstArrival() {
    if (m.segFrom.length > 0) {
      double t = nextArrival(0);
      if (t <= m.scenario.horizonMinutes()) {
        e.q.push(t, Engine.ARRIVAL, 0);
      }
    }
  }

  /** Opens the gate; false when it was open already. */
  boolean liftGate() {
    if (gateOpen) {
      return false;
    }
    gateOpen = true;
    return true;
  }

  int arrived() {
    return arrived;
  }

  int answered() {
    return answered;
  }

  int backlogPeak() {
    return backlogPeak;
  }

  double firstReply() {
    return firstReply;
  }

  double waitMean() {
    return nWaits == 0 ? Double.NaN : waitSum / nWaits;
  }

  double waitMax() {
    return nWaits == 0 ? Double.NaN : waitMax;
  }

  /** 90th percentile of the waits (reorders them), NaN without waits. */
  double waitP90() {
    return nWaits == 0 ? Double.NaN : Stats.quantileInPlace(waits, nWaits, 0.9);
  }

  private double nextArrival(double t) {
    while (segIdx < m.segFrom.length) {
      double rate = m.segRate[segIdx];
      double base = Math.max(t, m.segFrom[segIdx]);
      if (rate > 0) {
        double next = base + unitExp.sample() / rate;
        if (next < m.segTo[segIdx]) {
          return next;
        }
      }
      // memoryless: continue from the segment's end in the next segment
      t = m.segTo[segIdx];
      segIdx++;
    }
    return Double.POSITIVE_INFINITY;
  }

  void arrival() {
    double now = e.now;
    arrived++;
    if (hourly != null && e.trace != null) {
      hourly[(int) (now / 60)]++;
    }
    if (wSize == waiting.length) {
      double[] w = new double[waiting.length * 2];
      for (int i = 0; i < wSize; i++) {
        w[i] = waiting[(wHead + i) % waiting.length];
      }
      waiting = w;
      wHead = 0;
    }
    waiting[(wHead + wSize) % waiting.length] = now;
    wSize++;
    if (wSize > backlogPeak) {
      backlogPeak = wSize;
    }
    double next = nextArrival(now);
    if (next <= m.scenario.horizonMinutes()) {
      e.q.push(next, Engine.ARRIVAL, 0);
    }
    dispatch();
  }

  /** Hands queued messages to free agents (none while the gate holds); pages or waits for a role otherwise. */
  void dispatch() {
    if (!gateOpen || wSize == 0) {
      return;
    }
    double now = e.now;
    while (wSize > 0) {
      int chosen = -1;
      for (int r : m.inbound) {
        if (msgBusy[r] < e.msgCapacity(r)) {
          chosen = r;
          break;
        }
      }
      if (chosen < 0) {
        break;
      }
      double arrivedAt = waiting[wHead];
      wHead = (wHead + 1) % waiting.length;
      wSize--;
      if (arrivedAt >= m.scenario.warmupMinutes()) {
        double w = now - arrivedAt;
        if (nWaits == waits.length) {
          waits = Arrays.copyOf(waits, nWaits * 2);
        }
        waits[nWaits++] = w;
        waitSum += w;
        if (w > waitMax) {
          waitMax = w;
        }
      }
      msgBusy[chosen]++;
      e.q.push(now + e.handleSample(chosen), Engine.MSG_END, chosen);
    }
    if (wSize > 0) {
      for (int r : m.inbound) {
        if (e.msgCapacity(r) == 0) {
          e.needRole(r, true);
        }
      }
    }
  }

  /** An agent of role {@code r} finished a message. */
  void answered(int r) {
    msgBusy[r]--;
    answered++;
    if (Double.isNaN(firstReply)) {
      firstReply = e.now;
      e.emit(TraceEvent.Kind.FIRST_REPLY, -1, r, 0);
    }
    dispatch();
  }
}
