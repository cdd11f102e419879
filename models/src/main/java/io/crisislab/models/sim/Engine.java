package io.crisislab.models.sim;

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
  final EventQueue q = new EventQueue();

  /** Simulation clock, minutes since the incident start (read by the desk). */
  double now;
  private long events;
  private int severity;
  private double startAbs;
  List<TraceEvent> trace;

  // steps
  private final int[] depsLeft;
  private final byte[] status;
  private final boolean[] skipped;
  private final int[] curAttempt;
  private final int[] loops;
  private final double[] milestone;
  private int reworks;
  // attempts log (for the critical path)
  private final Attempts attempts = new Attempts();

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

  // inbound messages
  private final MessageDesk desk;

  private Dist.Sampler[] stepS;
  private Dist.Sampler[] ackS;
  private Dist.Sampler[] handleS;
  private RandomGenerator[] reworkR;

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
    desk = new MessageDesk(this, model);
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
      desk.countHourly();
    }
    becomeReady(0, -1);
    desk.scheduleFirstArrival();
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
        case ARRIVAL -> desk.arrival();
        case MSG_END -> desk.answered(a);
        default -> throw new IllegalStateException("event kind " + kind);
      }
    }
    if (trace != null) {
      desk.traceHourly(trace);
      trace = null;
    }
    return result(index);
  }

  private void reset(long index) {
    q.clear();
    now = 0;
    events = 0;
    attempts.clear();
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
    desk.reset(new ExponentialDistribution(new Streams.SplitMix(Streams.seed(seed, m.arrivalsStream, index)), 1.0));
  }

  // ---------------------------------------------------------------- steps

  private void becomeReady(int s, int cause) {
    int a = attempts.add(s, cause, now);
    curAttempt[s] = a;
    emit(TraceEvent.Kind.READY, s, m.stepRole[s], 0);
    if (severity < m.minSev[s]) {
      skipped[s] = true;
      status[s] = DONE;
      attempts.started(a, now);
      attempts.ended(a, now);
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
    attempts.started(curAttempt[s], now);
    emit(TraceEvent.Kind.STARTED, s, r, 0);
    q.push(now + stepS[s].sample(), STEP_END, s);
  }

  private void stepEnd(int s) {
    int r = m.stepRole[s];
    busy[r]--;
    status[s] = DONE;
    attempts.ended(curAttempt[s], now);
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
    if (s == m.gate && desk.liftGate()) {
      emit(TraceEvent.Kind.GATE_LIFTED, s, -1, 0);
      desk.dispatch();
    }
    int a = curAttempt[s];
    for (int d : m.dependents[s]) {
      if (status[d] == WAITING && --depsLeft[d] == 0) {
        becomeReady(d, a);
      }
    }
  }

  // ---------------------------------------------------------------- roles and calendars

  /** Index of role r's open interval containing absolute minute {@code abs}, or -(insertion point) - 1. */
  private int interval(int r, double abs) {
    int i = WorkCalendar.find(m.opens[r], m.closes[r], ivHint[r], abs);
    if (i >= 0) {
      ivHint[r] = i;
    }
    return i;
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

  /** A handling time of role {@code r}'s agents for one message, in minutes. */
  double handleSample(int r) {
    return handleS[r].sample();
  }

  private boolean acked(int r) {
    return ackAt[r] <= now;
  }

  private int stepCapacity(int r) {
    refreshCapacity(r);
    return capSteps[r];
  }

  int msgCapacity(int r) {
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
  void needRole(int r, boolean forMessages) {
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
    desk.dispatch();
  }

  // ---------------------------------------------------------------- results

  void emit(TraceEvent.Kind k, int step, int role, double v) {
    if (trace != null) {
      trace.add(new TraceEvent(now, k, step, role, v));
    }
  }

  private Replication result(long index) {
    // the critical path ends at the latest completion among the steps' last attempts
    int[] lastAttempts = new int[m.nSteps];
    for (int s = 0; s < m.nSteps; s++) {
      lastAttempts[s] = status[s] == DONE ? curAttempt[s] : -1;
    }
    double[][] cp = attempts.criticalPath(m.nSteps, lastAttempts);
    double[] ms = milestone.clone();
    for (int k = 0; k < ms.length; k++) {
      if (status[m.milestoneStep[k]] != DONE) {
        ms[k] = Double.POSITIVE_INFINITY; // not reached within the horizon (NaN stays: skipped by severity)
      }
    }
    return new Replication(index, (long) Math.floor(startAbs), severity, ms, desk.arrived(), desk.answered(),
        desk.backlogPeak(), desk.waitMean(), desk.waitP90(), desk.waitMax(), desk.firstReply(), cp[0], cp[1], pages,
        reworks, events);
  }

  /** Runs replication {@code index} and returns its trace (for the tabletop script). */
  public List<TraceEvent> trace(long index) {
    List<TraceEvent> t = new ArrayList<>();
    run(index, t);
    t.sort((x, y) -> Double.compare(x.minutes(), y.minutes()));
    return t;
  }
}
