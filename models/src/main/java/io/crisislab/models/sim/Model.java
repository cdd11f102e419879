package io.crisislab.models.sim;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plan and a scenario compiled into index arrays for the engine: dependencies by index, role
 * calendars as absolute open intervals over every possible incident window, one random-stream id per
 * source. Immutable and serializable (Spark ships it to executors); {@link #scaled} derives the
 * variants of the sensitivity table.
 */
public final class Model implements Serializable {
  private static final long serialVersionUID = 1L;

  final Plan plan;
  final Scenario scenario;
  final int nSteps;
  final int nRoles;
  final int[] stepRole;
  final Dist[] stepDur;
  final int[][] deps;
  final int[][] dependents;
  final int[] minSev;
  final int[] reworkBack;
  final double[] reworkP;
  final int[] reworkMax;
  final int[][] reworkSet;
  final int gate;
  final String[] milestones;
  final int[] milestoneStep;
  final int[] stepMilestone;

  final int[] headcount;
  final boolean[] hasOnCall;
  final int[] onCallHeadcount;
  final Dist[] ack;
  final int[] msgAgents;
  final int[] offAgents;
  final Dist[] handle;
  final double[][] opens;
  final double[][] closes;
  final int[] inbound;

  final double[] segFrom;
  final double[] segTo;
  final double[] segRate;

  final long[] stepStream;
  final long[] reworkStream;
  final long[] ackStream;
  final long[] handleStream;
  final long arrivalsStream = Streams.sourceId("arrivals");
  final long severityStream = Streams.sourceId("severity");
  final long startStream = Streams.sourceId("start");

  /** Compiles {@code plan} against {@code scenario}. */
  public Model(Plan plan, Scenario scenario) {
    this(plan, scenario, Map.of());
  }

  private Model(Plan plan, Scenario scenario, Map<String, Double> factors) {
    this.plan = plan;
    this.scenario = scenario;
    nSteps = plan.steps().size();
    nRoles = plan.roles().size();
    Map<String, Integer> roleIdx = new LinkedHashMap<>();
    for (int i = 0; i < nRoles; i++) {
      roleIdx.put(plan.roles().get(i).name(), i);
    }
    stepRole = new int[nSteps];
    stepDur = new Dist[nSteps];
    deps = new int[nSteps][];
    minSev = new int[nSteps];
    reworkBack = new int[nSteps];
    reworkP = new double[nSteps];
    reworkMax = new int[nSteps];
    reworkSet = new int[nSteps][];
    stepStream = new long[nSteps];
    reworkStream = new long[nSteps];
    stepMilestone = new int[nSteps];
    List<String> ms = new ArrayList<>();
    List<Integer> msStep = new ArrayList<>();
    List<List<Integer>> dependentsL = new ArrayList<>();
    for (int i = 0; i < nSteps; i++) {
      dependentsL.add(new ArrayList<>());
    }
    for (int i = 0; i < nSteps; i++) {
      Plan.Step s = plan.steps().get(i);
      stepRole[i] = roleIdx.get(s.role());
      stepDur[i] = s.duration().scaled(factors.getOrDefault("step:" + s.id(), 1.0));
      deps[i] = s.after().stream().mapToInt(plan::stepIndex).toArray();
      for (int d : deps[i]) {
        dependentsL.get(d).add(i);
      }
      minSev[i] = s.minSeverity();
      stepStream[i] = Streams.sourceId("step:" + s.id());
      reworkStream[i] = Streams.sourceId("rework:" + s.id());
      stepMilestone[i] = -1;
      if (s.milestone() != null) {
        stepMilestone[i] = ms.size();
        ms.add(s.milestone());
        msStep.add(i);
      }
      if (s.rework() != null) {
        int b = plan.stepIndex(s.rework().backTo());
        reworkBack[i] = b;
        reworkP[i] = s.rework().probability();
        reworkMax[i] = s.rework().maxLoops();
        // the loop: steps that depend on b and that step i depends on, both ends included
        Set<Integer> anc = plan.ancestors(i);
        List<Integer> set = new ArrayList<>();
        for (int j = 0; j < nSteps; j++) {
          if (j == i || j == b || (anc.contains(j) && plan.ancestors(j).contains(b))) {
            set.add(j);
          }
        }
        reworkSet[i] = set.stream().mapToInt(Integer::intValue).toArray();
      } else {
        reworkBack[i] = -1;
        reworkSet[i] = new int[0];
      }
    }
    dependents = new int[nSteps][];
    for (int i = 0; i < nSteps; i++) {
      dependents[i] = dependentsL.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    gate = plan.silentUntil() == null ? -1 : plan.stepIndex(plan.silentUntil());
    milestones = ms.toArray(new String[0]);
    milestoneStep = msStep.stream().mapToInt(Integer::intValue).toArray();

    headcount = new int[nRoles];
    hasOnCall = new boolean[nRoles];
    onCallHeadcount = new int[nRoles];
    ack = new Dist[nRoles];
    msgAgents = new int[nRoles];
    offAgents = new int[nRoles];
    handle = new Dist[nRoles];
    opens = new double[nRoles][];
    closes = new double[nRoles][];
    ackStream = new long[nRoles];
    handleStream = new long[nRoles];
    long from = scenario.startEpochMinute();
    long to = from + (long) Math.ceil(scenario.startJitterMinutes() + scenario.horizonMinutes()) + 1;
    for (int r = 0; r < nRoles; r++) {
      Plan.Role role = plan.roles().get(r);
      headcount[r] = role.headcount();
      hasOnCall[r] = role.onCall() != null;
      onCallHeadcount[r] = hasOnCall[r] ? role.onCall().headcount() : 0;
      ack[r] = hasOnCall[r] ? role.onCall().acknowledge().scaled(factors.getOrDefault("ack:" + role.name(), 1.0)) : null;
      msgAgents[r] = role.messageAgents();
      offAgents[r] = role.offHoursAgents();
      handle[r] = role.handle() == null ? null : role.handle().scaled(factors.getOrDefault("handle:" + role.name(), 1.0));
      double[][] iv = role.calendar().intervals(from, to);
      opens[r] = iv[0];
      closes[r] = iv[1];
      ackStream[r] = Streams.sourceId("ack:" + role.name());
      handleStream[r] = Streams.sourceId("handle:" + role.name());
    }
    inbound = plan.inboundRoles().stream().mapToInt(roleIdx::get).toArray();
    int ns = scenario.segments().size();
    segFrom = new double[ns];
    segTo = new double[ns];
    segRate = new double[ns];
    for (int i = 0; i < ns; i++) {
      segFrom[i] = scenario.segments().get(i).fromMinutes();
      segTo[i] = scenario.segments().get(i).toMinutes();
      segRate[i] = scenario.segments().get(i).perMinute();
    }
  }

  public Plan plan() {
    return plan;
  }

  public Scenario scenario() {
    return scenario;
  }

  /** Milestone names in plan order. */
  public List<String> milestones() {
    return List.of(milestones);
  }

  /** Step ids in plan order. */
  public List<String> stepIds() {
    List<String> out = new ArrayList<>();
    for (Plan.Step s : plan.steps()) {
      out.add(s.id());
    }
    return out;
  }

  /** Role name of each step, aligned with {@link #stepIds()}. */
  public List<String> stepRoles() {
    List<String> out = new ArrayList<>();
    for (Plan.Step s : plan.steps()) {
      out.add(s.role());
    }
    return out;
  }

  /** The milestone the sensitivity table and tabletop use: the scenario's focus, else the first SLA's, else the last. */
  public String focus() {
    if (scenario.focus() != null) {
      return scenario.focus();
    }
    if (!scenario.slas().isEmpty()) {
      return scenario.slas().get(0).milestone();
    }
    return milestones.length == 0 ? null : milestones[milestones.length - 1];
  }

  /**
   * Every duration a sensitivity table varies, as {@code step:<id>}, {@code ack:<role>},
   * {@code handle:<role>} (only those in use), with its description.
   */
  public Map<String, String> durationItems() {
    Map<String, String> out = new LinkedHashMap<>();
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < nSteps; i++) {
      out.put("step:" + plan.steps().get(i).id(), stepDur[i].describe());
      used.add(stepRole[i]);
    }
    for (int r : inbound) {
      used.add(r);
    }
    for (int r = 0; r < nRoles; r++) {
      if (hasOnCall[r] && used.contains(r)) {
        out.put("ack:" + plan.roles().get(r).name(), ack[r].describe());
      }
    }
    for (int r : inbound) {
      if (handle[r] != null && segFrom.length > 0) {
        out.put("handle:" + plan.roles().get(r).name(), handle[r].describe());
      }
    }
    return out;
  }

  /** This model with the durations named in {@code factors} (see {@link #durationItems()}) multiplied. */
  public Model scaled(Map<String, Double> factors) {
    for (String k : factors.keySet()) {
      if (!durationItems().containsKey(k)) {
        throw new IllegalArgumentException("no duration " + k);
      }
    }
    return new Model(plan, scenario, factors);
  }

  /**
   * The compiled model as plain maps and lists for a peer implementation (the Python benchmark peer):
   * indices instead of names, calendars as open intervals in simulation minutes for the scenario's
   * fixed start (the peer does not sample a start), distributions as kind, params, scale.
   */
  public Map<String, Object> export() {
    if (scenario.startJitterMinutes() > 0) {
      throw new IllegalArgumentException("export needs a scenario with a fixed start");
    }
    double start = scenario.startEpochMinute();
    List<Object> steps = new ArrayList<>();
    for (int i = 0; i < nSteps; i++) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("id", plan.steps().get(i).id());
      s.put("role", stepRole[i]);
      s.put("duration", dist(stepDur[i]));
      s.put("deps", deps[i]);
      s.put("dependents", dependents[i]);
      s.put("min_severity", minSev[i]);
      s.put("milestone", stepMilestone[i]);
      if (reworkBack[i] >= 0) {
        s.put("rework", Map.of("back", reworkBack[i], "p", reworkP[i], "max", reworkMax[i], "set", reworkSet[i]));
      } else {
        s.put("rework", null);
      }
      steps.add(s);
    }
    List<Object> roles = new ArrayList<>();
    for (int r = 0; r < nRoles; r++) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("name", plan.roles().get(r).name());
      x.put("headcount", headcount[r]);
      x.put("oncall_headcount", onCallHeadcount[r]);
      x.put("ack", ack[r] == null ? null : dist(ack[r]));
      x.put("msg_agents", msgAgents[r]);
      x.put("off_agents", offAgents[r]);
      x.put("handle", handle[r] == null ? null : dist(handle[r]));
      double[] o = new double[opens[r].length];
      double[] c = new double[opens[r].length];
      for (int i = 0; i < o.length; i++) {
        o[i] = Double.isInfinite(opens[r][i]) ? -1e18 : opens[r][i] - start;
        c[i] = Double.isInfinite(closes[r][i]) ? 1e18 : closes[r][i] - start;
      }
      x.put("opens", o);
      x.put("closes", c);
      roles.add(x);
    }
    List<Object> segs = new ArrayList<>();
    for (int i = 0; i < segFrom.length; i++) {
      segs.add(new double[] {segFrom[i], segTo[i], segRate[i]});
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("steps", steps);
    out.put("roles", roles);
    out.put("segments", segs);
    out.put("inbound", inbound);
    out.put("gate", gate);
    out.put("milestones", milestones);
    out.put("milestone_steps", milestoneStep);
    out.put("severity_levels", scenario.severityLevels());
    out.put("severity_probs", scenario.severityProbs());
    out.put("horizon_minutes", scenario.horizonMinutes());
    out.put("warmup_minutes", scenario.warmupMinutes());
    return out;
  }

  private static Map<String, Object> dist(Dist d) {
    return Map.of("kind", d.kind().name(), "params", d.params(), "scale", d.scale());
  }

  @Override
  public String toString() {
    return "Model[" + plan.name() + " × " + scenario.name() + ", steps " + nSteps + ", roles " + nRoles
        + ", milestones " + Arrays.toString(milestones) + "]";
  }
}
