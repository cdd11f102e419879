package io.crisislab.models.sim;

import io.crisislab.models.stats.Stats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The discrete-event engine: runs single replications of a {@link Model}.
 *
 * <p>Each engine owns its event queue, clock and state (no static state), so one engine per thread or
 * Spark partition runs replications in parallel. A replication draws from one random substream per
 * source (step durations, acknowledge times, handling times, arrivals, severity, start, rework), seeded
 * from (master seed, source, replication index) by {@link Streams}: replication i gives the same
 * result whatever ran before it on the same engine.
 *
 * <p>Semantics (documented in {@code data/plans/README.md}): a step becomes ready when all its
 * {@code after} steps are done; it is skipped at once if the severity is below its condition;
 * otherwise it queues (FIFO) for its role, which works on it when it has a free person: in business
 * hours up to {@code headcount}; out of hours the role is paged once per incident and works with its
 * on-call headcount from the acknowledgement on; a role without on-call waits for its next opening.
 * Work, once started, runs to completion (people stay on a crisis). An approval with rework sends the
 * work back with its probability and the loop's steps are redone. Inbound messages arrive as a
 * Poisson process, are tagged and queued FIFO at once, and are answered by the inbound roles' agents
 * (non-preemptive); no answer starts while the "stay silent" gate holds.
 */
public final class Engine {
  static final int STEP_END = 0;
  static final int WAKE = 1;
  static final int ARRIVAL = 2;
  static final int MSG_END = 3;

  static final byte WAITING = 0;
  static final byte QUEUED = 1;
  static final byte RUNNING = 2;
  static final byte DONE = 3;

  private final Model m;
  private final long seed;
  private final EventQueue q = new EventQueue();

  private double now;
  private long events;
  private int severity;
  private double startAbs;
  private List<TraceEvent> trace;

  // steps
  private final int[] depsLeft;
  private final byte[] status;
  private final boolean[] skipped;
  private final int[] curAttempt;
  private final int[] loops;
  private final double[] milestone;
  private int reworks;
  // attempts log (for the critical path)
  private int nAtt;
  private int[] attStep = new int[32];
  private double[] attReady = new double[32];
  private double[] attStart = new double[32];
  private double[] attEnd = new double[32];
  private int[] attCause = new int[32];

  // roles
  private final int[] busy;
  private final int[][] rq;
  private final int[] rqHead;
  private final int[] rqSize;
  private final double[] ackAt;
  private final double[] wakeAt;
  private final int[] ivHint;
  private int pages;
  // capacity cache per role: valid while startAbs + now < capUntilAbs (calendar) and now < capAckUntil
  private final double[] capUntilAbs;
  private final double[] capAckUntil;
  private final int[] capSteps;
  private final int[] capMsgs;

  // messages
  private final int[] msgBusy;
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

  private Dist.Sampler[] stepS;
  private Dist.Sampler[] ackS;
  private Dist.Sampler[] handleS;
  private RandomGenerator[] reworkR;
  private ExponentialDistribution unitExp;

  /** An engine for {@code model} whose replications derive their streams from {@code masterSeed}. */
  public Engine(Model model, long masterSeed) {
    this.m = model;
    this.seed = masterSeed;
    int n = m.nSteps;
    depsLeft = new int[n];
    status = new byte[n];
    skipped = new boolean[n];
    curAttempt = new int[n];
    loops = new int[n];
    milestone = new double[m.milestones.length];
    busy = new int[m.nRoles];
    rq = new int[m.nRoles][n + 1];
    rqHead = new int[m.nRoles];
    rqSize = new int[m.nRoles];
    ackAt = new double[m.nRoles];
    wakeAt = new double[m.nRoles];
    ivHint = new int[m.nRoles];
    capUntilAbs = new double[m.nRoles];
    capAckUntil = new double[m.nRoles];
    capSteps = new int[m.nRoles];
    capMsgs = new int[m.nRoles];
    msgBusy = new int[m.nRoles];
    stepS = new Dist.Sampler[n];
    ackS = new Dist.Sampler[m.nRoles];
    handleS = new Dist.Sampler[m.nRoles];
    reworkR = new RandomGenerator[n];
  }

  public Model model() {
    return m;
  }

  /** Runs replication {@code index}. */
  public Replication run(long index) {
    return run(index, null);
  }

  /** Runs replication {@code index}, appending what happened to {@code traceOut} when not null. */
  public Replication run(long index, List<TraceEvent> traceOut) {
    reset(index);
    trace = traceOut;
    if (trace != null) {
      hourly = new int[(int) Math.ceil(m.scenario.horizonMinutes() / 60) + 1];
    }
    becomeReady(0, -1);
    if (m.segFrom.length > 0) {
      double t = nextArrival(0);
      if (t <= m.scenario.horizonMinutes()) {
        q.push(t, ARRIVAL, 0);
      }
    }
    double horizon = m.scenario.horizonMinutes();
    while (!q.isEmpty()) {
      double t = q.peekTime();
      if (t > horizon) {
        break;
      }
      int kind = q.peekKind();
      int a = q.peekArg();
      q.pop();
      now = t;
      events++;
      switch (kind) {
        case STEP_END -> stepEnd(a);
        case WAKE -> wake(a);
        case ARRIVAL -> arrival();
        case MSG_END -> msgEnd(a);
        default -> throw new IllegalStateException("event kind " + kind);
      }
    }
    if (trace != null) {
      for (int h = 0; h < hourly.length; h++) {
        if (hourly[h] > 0) {
          trace.add(new TraceEvent(h * 60.0, TraceEvent.Kind.ARRIVALS, -1, -1, hourly[h]));
        }
      }
      trace = null;
    }
    return result(index);
  }

  private void reset(long index) {
    q.clear();
    now = 0;
    events = 0;
    nAtt = 0;
    reworks = 0;
    pages = 0;
    Arrays.fill(status, WAITING);
    Arrays.fill(skipped, false);
    Arrays.fill(loops, 0);
    Arrays.fill(milestone, Double.NaN);
    Arrays.fill(busy, 0);
    Arrays.fill(rqHead, 0);
    Arrays.fill(rqSize, 0);
    Arrays.fill(ackAt, Double.NaN);
    Arrays.fill(wakeAt, Double.NaN);
    Arrays.fill(ivHint, 0);
    Arrays.fill(capUntilAbs, Double.NEGATIVE_INFINITY);
    Arrays.fill(msgBusy, 0);
    for (int i = 0; i < m.nSteps; i++) {
      depsLeft[i] = m.deps[i].length;
      stepS[i] = m.stepDur[i].bind(new Streams.SplitMix(Streams.seed(seed, m.stepStream[i], index)));
      reworkR[i] = m.reworkBack[i] >= 0 ? new Streams.SplitMix(Streams.seed(seed, m.reworkStream[i], index)) : null;
    }
    for (int r = 0; r < m.nRoles; r++) {
      ackS[r] = m.ack[r] == null ? null : m.ack[r].bind(new Streams.SplitMix(Streams.seed(seed, m.ackStream[r], index)));
      handleS[r] = m.handle[r] == null ? null
          : m.handle[r].bind(new Streams.SplitMix(Streams.seed(seed, m.handleStream[r], index)));
    }
    unitExp = new ExponentialDistribution(new Streams.SplitMix(Streams.seed(seed, m.arrivalsStream, index)), 1.0);
    RandomGenerator sev = new Streams.SplitMix(Streams.seed(seed, m.severityStream, index));
    double u = sev.nextDouble();
    severity = m.scenario.severityLevels()[m.scenario.severityLevels().length - 1];
    double c = 0;
    for (int i = 0; i < m.scenario.severityLevels().length; i++) {
      c += m.scenario.severityProbs()[i];
      if (u < c) {
        severity = m.scenario.severityLevels()[i];
        break;
      }
    }
    startAbs = m.scenario.startEpochMinute();
    if (m.scenario.startJitterMinutes() > 0) {
      RandomGenerator st = new Streams.SplitMix(Streams.seed(seed, m.startStream, index));
      startAbs += st.nextDouble() * m.scenario.startJitterMinutes();
    }
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

  // ---------------------------------------------------------------- steps

  private void becomeReady(int s, int cause) {
    int a = newAttempt(s, cause);
    curAttempt[s] = a;
    emit(TraceEvent.Kind.READY, s, m.stepRole[s], 0);
    if (severity < m.minSev[s]) {
      skipped[s] = true;
      status[s] = DONE;
      attStart[a] = now;
      attEnd[a] = now;
      emit(TraceEvent.Kind.SKIPPED, s, m.stepRole[s], 0);
      afterDone(s);
      return;
    }
    status[s] = QUEUED;
    int r = m.stepRole[s];
    rq[r][(rqHead[r] + rqSize[r]) % rq[r].length] = s;
    rqSize[r]++;
    dispatchSteps(r);
  }

  private void dispatchSteps(int r) {
    while (rqSize[r] > 0) {
      int cap = stepCapacity(r);
      if (busy[r] < cap) {
        int s = rq[r][rqHead[r]];
        rqHead[r] = (rqHead[r] + 1) % rq[r].length;
        rqSize[r]--;
        start(s);
        continue;
      }
      if (cap == 0) {
        needRole(r, false);
      }
      break;
    }
  }

  private void start(int s) {
    int r = m.stepRole[s];
    busy[r]++;
    status[s] = RUNNING;
    attStart[curAttempt[s]] = now;
    emit(TraceEvent.Kind.STARTED, s, r, 0);
    q.push(now + stepS[s].sample(), STEP_END, s);
  }

  private void stepEnd(int s) {
    int r = m.stepRole[s];
    busy[r]--;
    status[s] = DONE;
    attEnd[curAttempt[s]] = now;
    emit(TraceEvent.Kind.DONE, s, r, 0);
    if (m.reworkBack[s] >= 0 && loops[s] < m.reworkMax[s] && reworkR[s].nextDouble() < m.reworkP[s]) {
      loops[s]++;
      reworks++;
      emit(TraceEvent.Kind.REWORK, s, r, m.reworkBack[s]);
      int[] set = m.reworkSet[s];
      for (int x : set) {
        // x's completion was passed on to its dependents (except s itself, whose was not): take it back
        if (status[x] == DONE && x != s) {
          for (int d : m.dependents[x]) {
            if (status[d] == WAITING && !contains(set, d)) {
              depsLeft[d]++;
            }
          }
        }
        status[x] = WAITING;
      }
      for (int x : set) {
        int left = 0;
        for (int d : m.deps[x]) {
          if (status[d] != DONE) {
            left++;
          }
        }
        depsLeft[x] = left;
      }
      becomeReady(m.reworkBack[s], curAttempt[s]);
    } else {
      afterDone(s);
    }
    dispatchSteps(r);
  }

  private static boolean contains(int[] a, int v) {
    for (int x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  private void afterDone(int s) {
    if (!skipped[s] && m.stepMilestone[s] >= 0) {
      milestone[m.stepMilestone[s]] = now;
    }
    if (s == m.gate && !gateOpen) {
      gateOpen = true;
      emit(TraceEvent.Kind.GATE_LIFTED, s, -1, 0);
      dispatchMessages();
    }
    int a = curAttempt[s];
    for (int d : m.dependents[s]) {
      if (status[d] == WAITING && --depsLeft[d] == 0) {
        becomeReady(d, a);
      }
    }
  }

  private int newAttempt(int s, int cause) {
    if (nAtt == attStep.length) {
      int n = nAtt * 2;
      attStep = Arrays.copyOf(attStep, n);
      attReady = Arrays.copyOf(attReady, n);
      attStart = Arrays.copyOf(attStart, n);
      attEnd = Arrays.copyOf(attEnd, n);
      attCause = Arrays.copyOf(attCause, n);
    }
    attStep[nAtt] = s;
    attReady[nAtt] = now;
    attStart[nAtt] = Double.NaN;
    attEnd[nAtt] = Double.NaN;
    attCause[nAtt] = cause;
    return nAtt++;
  }

  // ---------------------------------------------------------------- roles and calendars

  /** Index of the open interval containing absolute minute {@code abs}, or -(insertion point) - 1. */
  private int interval(int r, double abs) {
    double[] o = m.opens[r];
    double[] c = m.closes[r];
    int h = ivHint[r];
    if (h < o.length && o[h] <= abs && abs < c[h]) {
      return h;
    }
    int lo = 0;
    int hi = o.length - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (o[mid] <= abs) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found >= 0 && abs < c[found]) {
      ivHint[r] = found;
      return found;
    }
    return -(found + 1) - 1;
  }

  /** Next opening of role r at or after now, in simulation minutes (now if open), or +inf. */
  private double nextOpen(int r) {
    int i = interval(r, startAbs + now);
    if (i >= 0) {
      return now;
    }
    int next = -i - 1;
    return next < m.opens[r].length ? m.opens[r][next] - startAbs : Double.POSITIVE_INFINITY;
  }

  private boolean acked(int r) {
    return ackAt[r] <= now;
  }

  private int stepCapacity(int r) {
    refreshCapacity(r);
    return capSteps[r];
  }

  private int msgCapacity(int r) {
    refreshCapacity(r);
    return capMsgs[r];
  }

  /**
   * Recomputes role r's capacities when the cached ones may have changed: at the next opening or
   * closing of its calendar, or at the acknowledgement of its page. Saves a calendar lookup per message.
   */
  private void refreshCapacity(int r) {
    double abs = startAbs + now;
    if (abs < capUntilAbs[r] && now < capAckUntil[r]) {
      return;
    }
    int i = interval(r, abs);
    boolean in = i >= 0;
    double[] o = m.opens[r];
    if (in) {
      capUntilAbs[r] = m.closes[r][i];
    } else {
      int next = -i - 1;
      capUntilAbs[r] = next < o.length ? o[next] : Double.POSITIVE_INFINITY;
    }
    boolean ack = acked(r);
    capAckUntil[r] = ack || Double.isNaN(ackAt[r]) ? Double.POSITIVE_INFINITY : ackAt[r];
    capSteps[r] = in ? Math.max(m.headcount[r], ack ? m.onCallHeadcount[r] : 0) : ack ? m.onCallHeadcount[r] : 0;
    capMsgs[r] = in ? Math.max(m.msgAgents[r], ack ? m.offAgents[r] : 0) : ack ? m.offAgents[r] : 0;
  }

  /** Role r has work but nobody available now: page on-call, or wake at the next opening. */
  private void needRole(int r, boolean forMessages) {
    boolean pageHelps = m.hasOnCall[r] && (!forMessages || m.offAgents[r] > 0);
    if (pageHelps) {
      if (Double.isNaN(ackAt[r])) {
        pages++;
        ackAt[r] = now + ackS[r].sample();
        capUntilAbs[r] = Double.NEGATIVE_INFINITY; // the acknowledgement changes the capacity
        emit(TraceEvent.Kind.PAGED, -1, r, ackAt[r]);
        q.push(ackAt[r], WAKE, r);
        return;
      }
      if (ackAt[r] > now) {
        return;
      }
    }
    double t = nextOpen(r);
    if (t > now && t != wakeAt[r] && t <= m.scenario.horizonMinutes()) {
      wakeAt[r] = t;
      emit(TraceEvent.Kind.WAITING_CLOSED, -1, r, t);
      q.push(t, WAKE, r);
    }
  }

  private void wake(int r) {
    if (ackAt[r] == now) {
      emit(TraceEvent.Kind.ACKNOWLEDGED, -1, r, 0);
    } else {
      emit(TraceEvent.Kind.OPENED, -1, r, 0);
    }
    if (wakeAt[r] == now) {
      wakeAt[r] = Double.NaN;
    }
    dispatchSteps(r);
    dispatchMessages();
  }

  // ---------------------------------------------------------------- messages

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

  private void arrival() {
    arrived++;
    if (hourly != null && trace != null) {
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
      q.push(next, ARRIVAL, 0);
    }
    dispatchMessages();
  }

  private void dispatchMessages() {
    if (!gateOpen || wSize == 0) {
      return;
    }
    while (wSize > 0) {
      int chosen = -1;
      for (int r : m.inbound) {
        if (msgBusy[r] < msgCapacity(r)) {
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
      q.push(now + handleS[chosen].sample(), MSG_END, chosen);
    }
    if (wSize > 0) {
      for (int r : m.inbound) {
        if (msgCapacity(r) == 0) {
          needRole(r, true);
        }
      }
    }
  }

  private void msgEnd(int r) {
    msgBusy[r]--;
    answered++;
    if (Double.isNaN(firstReply)) {
      firstReply = now;
      emit(TraceEvent.Kind.FIRST_REPLY, -1, r, 0);
    }
    dispatchMessages();
  }

  // ---------------------------------------------------------------- results

  private void emit(TraceEvent.Kind k, int step, int role, double v) {
    if (trace != null) {
      trace.add(new TraceEvent(now, k, step, role, v));
    }
  }

  private Replication result(long index) {
    double[] cp = new double[m.nSteps];
    double[] cpWait = new double[m.nSteps];
    // the critical path ends at the latest completion among the steps' last attempts
    int last = -1;
    for (int s = 0; s < m.nSteps; s++) {
      if (status[s] == DONE) {
        int a = curAttempt[s];
        if (last < 0 || attEnd[a] > attEnd[last]) {
          last = a;
        }
      }
    }
    for (int a = last; a >= 0; a = attCause[a]) {
      int s = attStep[a];
      cp[s] += attEnd[a] - attReady[a];
      cpWait[s] += attStart[a] - attReady[a];
    }
    double p90 = Double.NaN;
    if (nWaits > 0) {
      p90 = Stats.quantileInPlace(waits, nWaits, 0.9);
    }
    double[] ms = milestone.clone();
    for (int k = 0; k < ms.length; k++) {
      if (status[m.milestoneStep[k]] != DONE) {
        ms[k] = Double.POSITIVE_INFINITY; // not reached within the horizon (NaN stays: skipped by severity)
      }
    }
    return new Replication(index, (long) Math.floor(startAbs), severity, ms, arrived, answered,
        backlogPeak, nWaits == 0 ? Double.NaN : waitSum / nWaits, p90, nWaits == 0 ? Double.NaN : waitMax,
        firstReply, cp, cpWait, pages, reworks, events);
  }

  /** Runs replication {@code index} and returns its trace (for the tabletop script). */
  public List<TraceEvent> trace(long index) {
    List<TraceEvent> t = new ArrayList<>();
    run(index, t);
    t.sort((x, y) -> Double.compare(x.minutes(), y.minutes()));
    return t;
  }

  /** Absolute start of the last replication run, in epoch minutes (fractional). */
  double lastStartAbs() {
    return startAbs;
  }
}
