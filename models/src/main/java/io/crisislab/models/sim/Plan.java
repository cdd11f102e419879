package io.crisislab.models.sim;

import io.crisislab.models.errors.UsageException;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A crisis plan: who is involved (roles with calendars, on-call rules and inbox capacity), what
 * they do in which order (a DAG of steps with durations, severity conditions and approval rework
 * loops), the "stay silent" gate and who answers inbound messages. Schema: {@code data/plans/README.md}.
 *
 * <p>Invariants after {@link #load}: step ids unique; every role and dependency known; the steps form
 * a DAG reachable from the entry step (the first step, the only one without {@code after}); every
 * role in use can work (business hours or on-call); rework goes back to an ancestor with p &lt; 1.
 *
 * @param name plan name for reports
 * @param roles the roles, in file order
 * @param steps the steps, in file order (the first is the entry step)
 * @param silentUntil the step whose completion lifts the "stay silent" gate, or null (no gate)
 * @param inboundRoles roles whose message agents answer inbound messages (may be empty)
 */
public record Plan(String name, List<Role> roles, List<Step> steps, String silentUntil, List<String> inboundRoles)
    implements Serializable {
  /** Highest severity level; conditions are "severity at least k" with 1 &lt;= k &lt;= 5. */
  public static final int MAX_SEVERITY = 5;

  public Plan {
    roles = List.copyOf(roles);
    steps = List.copyOf(steps);
    inboundRoles = List.copyOf(inboundRoles);
  }

  /**
   * A role.
   *
   * @param name the user's name for it ({@code legal})
   * @param headcount people who can work plan steps at the same time in business hours
   * @param calendar business hours
   * @param onCall paging out of hours, or null (then the role waits for the next opening)
   * @param messageAgents people answering inbound messages at the same time in business hours
   * @param offHoursAgents people answering messages out of hours once the on-call page is acknowledged
   * @param handle handling time of one message (minutes)
   */
  public record Role(String name, int headcount, WorkCalendar calendar, OnCall onCall, int messageAgents,
      int offHoursAgents, Dist handle) implements Serializable {}

  /**
   * On-call rule: when work arrives out of hours the role is paged once per incident and works from
   * the acknowledgement on, with {@code headcount} people.
   *
   * @param headcount people on call
   * @param acknowledge time from page to acknowledgement (minutes)
   */
  public record OnCall(int headcount, Dist acknowledge) implements Serializable {}

  /**
   * An approval's rework loop: with {@code probability} the work goes back to {@code backTo} and
   * everything between is redone, at most {@code maxLoops} times.
   */
  public record Rework(double probability, String backTo, int maxLoops) implements Serializable {}

  /**
   * A step.
   *
   * @param id unique id (also the name of its random stream, so plans compared share it)
   * @param role the role that does it
   * @param duration working time once started (minutes)
   * @param after ids of steps that must be complete first
   * @param minSeverity the step happens only when severity &gt;= this (1 = always); otherwise it is skipped
   * @param milestone the milestone its completion marks, or null
   * @param rework approval rework, or null
   * @param isPublic a public reply: held by the "stay silent" gate
   * @param text what happens, for the tabletop script
   * @param question a discussion question for the tabletop script, or null
   * @param line line of the step in the plan file
   */
  public record Step(String id, String role, Dist duration, List<String> after, int minSeverity, String milestone,
      Rework rework, boolean isPublic, String text, String question, int line) implements Serializable {
    public Step {
      after = List.copyOf(after);
    }
  }

  public Role role(String name) {
    for (Role r : roles) {
      if (r.name.equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("no role " + name);
  }

  public int stepIndex(String id) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).id.equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /** Loads and validates a plan file; every problem is a {@link UsageException} naming line and key. */
  public static Plan load(Path file) {
    return parse(YamlNode.load(file, "plan"));
  }

  /** Parses plan YAML text (tests); {@code name} stands in for the file name in errors. */
  public static Plan parse(String yaml, String name) {
    try (Reader r = new StringReader(yaml)) {
      return parse(YamlNode.parse(r, name));
    } catch (IOException e) {
      throw new UsageException(name + ": " + e.getMessage(), e);
    }
  }

  static Plan parse(YamlNode root) {
    String name = root.has("name") ? root.get("name").text() : "plan";
    YamlNode rolesN = root.get("roles");
    Map<String, Role> roles = new LinkedHashMap<>();
    Map<String, YamlNode> roleNodes = new HashMap<>();
    for (String rn : rolesN.keys()) {
      YamlNode r = rolesN.get(rn);
      roleNodes.put(rn, r);
      int headcount = r.has("headcount") ? r.get("headcount").integer(1) : 1;
      YamlNode calN = r.opt("calendar");
      WorkCalendar cal = calN == null ? WorkCalendar.ALWAYS : WorkCalendar.parse(calN);
      OnCall oc = null;
      YamlNode ocN = r.opt("on_call");
      if (ocN != null) {
        int h = ocN.has("headcount") ? ocN.get("headcount").integer(1) : 1;
        Dist ack = Dist.parse(ocN.get("acknowledge"));
        ocN.rejectUnknown();
        oc = new OnCall(h, ack);
      }
      int agents = 0;
      int offAgents = 0;
      Dist handle = null;
      YamlNode mN = r.opt("messages");
      if (mN != null) {
        agents = mN.get("agents").integer(0);
        offAgents = mN.has("off_hours_agents") ? mN.get("off_hours_agents").integer(0) : 0;
        handle = Dist.parse(mN.get("handle"));
        mN.rejectUnknown();
        if (offAgents > 0 && oc == null) {
          throw mN.error("off_hours_agents needs an on_call rule for role '" + rn + "'");
        }
      }
      r.rejectUnknown();
      roles.put(rn, new Role(rn, headcount, cal, oc, agents, offAgents, handle));
    }
    if (roles.isEmpty()) {
      throw rolesN.error("a plan needs at least one role");
    }

    YamlNode stepsN = root.get("steps");
    List<YamlNode> stepNodes = stepsN.list();
    if (stepNodes.isEmpty()) {
      throw stepsN.error("a plan needs at least one step");
    }
    Map<String, YamlNode> byId = new LinkedHashMap<>();
    List<Step> steps = new ArrayList<>();
    Set<String> milestones = new HashSet<>();
    for (YamlNode s : stepNodes) {
      YamlNode idN = s.get("id");
      String id = idN.text().trim();
      if (!id.matches("[A-Za-z][A-Za-z0-9_]*")) {
        throw idN.error("step ids are words of letters, digits and _ (they become column names), got '" + id + "'");
      }
      if (byId.containsKey(id)) {
        throw idN.error("duplicate step id '" + id + "' (first at line " + byId.get(id).line() + ")");
      }
      byId.put(id, s);
      YamlNode roleN = s.get("role");
      String role = roleN.text().trim();
      if (!roles.containsKey(role)) {
        throw roleN.error("unknown role '" + role + "' (roles: " + String.join(", ", roles.keySet()) + ")");
      }
      Dist d = Dist.parse(s.get("duration"));
      List<String> after = s.has("after") ? s.get("after").texts() : List.of();
      int minSev = 1;
      YamlNode whenN = s.opt("when");
      if (whenN != null) {
        YamlNode sevN = whenN.get("severity_at_least");
        minSev = sevN.integer(1);
        if (minSev > MAX_SEVERITY) {
          throw sevN.error("severity runs from 1 to " + MAX_SEVERITY + ": step '" + id
              + "' would be unreachable");
        }
        whenN.rejectUnknown();
      }
      String milestone = null;
      YamlNode msN = s.opt("milestone");
      if (msN != null) {
        milestone = msN.text().trim();
        if (!milestone.matches("[a-z][a-z0-9_]*")) {
          throw msN.error("milestone names are lower-case words with _, got '" + milestone + "'");
        }
        if (!milestones.add(milestone)) {
          throw msN.error("milestone '" + milestone + "' is already marked by another step");
        }
      }
      Rework rw = null;
      YamlNode rwN = s.opt("rework");
      if (rwN != null) {
        YamlNode pN = rwN.get("probability");
        double p = pN.probability();
        if (p >= 1) {
          throw pN.error("a rework probability of 1 loops forever; use < 1");
        }
        String back = rwN.get("back_to").text().trim();
        int maxLoops = rwN.has("max_loops") ? rwN.get("max_loops").integer(1) : 5;
        rwN.rejectUnknown();
        rw = new Rework(p, back, maxLoops);
      }
      boolean pub = s.has("public") && s.get("public").bool();
      String text = s.has("text") ? s.get("text").text() : id.replace('_', ' ');
      String question = s.has("question") ? s.get("question").text() : null;
      s.rejectUnknown();
      steps.add(new Step(id, role, d, after, minSev, milestone, rw, pub, text, question, s.line()));
    }

    String silent = null;
    YamlNode silentN = root.opt("stay_silent");
    if (silentN != null) {
      YamlNode u = silentN.get("until");
      silent = u.text().trim();
      if (!byId.containsKey(silent)) {
        throw u.error("unknown step '" + silent + "'");
      }
      silentN.rejectUnknown();
    }
    List<String> inbound = List.of();
    YamlNode inN = root.opt("inbound");
    if (inN != null) {
      YamlNode hb = inN.get("handled_by");
      inbound = hb.texts();
      for (String r : inbound) {
        if (!roles.containsKey(r)) {
          throw hb.error("unknown role '" + r + "'");
        }
        if (roles.get(r).messageAgents == 0 && roles.get(r).offHoursAgents == 0) {
          throw hb.error("role '" + r + "' answers inbound messages but has no 'messages' capacity");
        }
      }
      inN.rejectUnknown();
    }
    root.rejectUnknown();

    // public steps wait for the gate: an implicit dependency
    if (silent != null) {
      List<Step> withGate = new ArrayList<>();
      for (Step s : steps) {
        if (s.isPublic && !s.id.equals(silent) && !s.after.contains(silent)) {
          List<String> a = new ArrayList<>(s.after);
          a.add(silent);
          s = new Step(s.id, s.role, s.duration, a, s.minSeverity, s.milestone, s.rework, s.isPublic, s.text,
              s.question, s.line);
        }
        withGate.add(s);
      }
      steps = withGate;
    }
    Plan plan = new Plan(name, new ArrayList<>(roles.values()), steps, silent, inbound);
    plan.validateGraph(byId);
    plan.validateRoles(roleNodes);
    return plan;
  }

  private void validateGraph(Map<String, YamlNode> nodes) {
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      idx.put(steps.get(i).id, i);
    }
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      YamlNode n = nodes.get(s.id);
      for (String a : s.after) {
        if (!idx.containsKey(a)) {
          throw (n.has("after") ? n.get("after") : n).error("step '" + s.id + "' comes after unknown step '" + a + "'");
        }
        if (a.equals(s.id)) {
          throw n.get("after").error("step '" + s.id + "' cannot come after itself");
        }
      }
      if (i > 0 && s.after.isEmpty()) {
        throw n.error("step '" + s.id + "' is unreachable: only the entry step (the first, '" + steps.get(0).id
            + "') may have no 'after'");
      }
    }
    if (!steps.get(0).after.isEmpty()) {
      throw nodes.get(steps.get(0).id).get("after").error("the entry step (the first) starts the plan and has no 'after'");
    }
    // cycle check (DFS colouring) – report the cycle's steps
    int[] colour = new int[steps.size()];
    Deque<Integer> stack = new ArrayDeque<>();
    for (int i = 0; i < steps.size(); i++) {
      if (colour[i] == 0) {
        dfs(i, colour, stack, idx, nodes);
      }
    }
    // reachability from the entry step following dependents
    boolean[] seen = new boolean[steps.size()];
    Deque<Integer> todo = new ArrayDeque<>(List.of(0));
    seen[0] = true;
    while (!todo.isEmpty()) {
      int cur = todo.pop();
      for (int j = 0; j < steps.size(); j++) {
        if (!seen[j] && steps.get(j).after.contains(steps.get(cur).id)) {
          seen[j] = true;
          todo.push(j);
        }
      }
    }
    for (int i = 0; i < steps.size(); i++) {
      if (!seen[i]) {
        throw nodes.get(steps.get(i).id).error("step '" + steps.get(i).id + "' is unreachable from the entry step '"
            + steps.get(0).id + "'");
      }
    }
    for (Step s : steps) {
      if (s.rework != null) {
        YamlNode rn = nodes.get(s.id).get("rework").get("back_to");
        Integer b = idx.get(s.rework.backTo);
        if (b == null) {
          throw rn.error("rework goes back to unknown step '" + s.rework.backTo + "'");
        }
        if (b == idx.get(s.id) || !ancestors(idx.get(s.id)).contains(b)) {
          throw rn.error("rework of '" + s.id + "' must go back to a step before it, not '" + s.rework.backTo + "'");
        }
      }
    }
  }

  private void dfs(int i, int[] colour, Deque<Integer> stack, Map<String, Integer> idx, Map<String, YamlNode> nodes) {
    colour[i] = 1;
    stack.push(i);
    for (String a : steps.get(i).after) {
      int j = idx.get(a);
      if (colour[j] == 1) {
        List<String> cyc = new ArrayList<>();
        for (int k : stack) {
          cyc.add(0, steps.get(k).id);
          if (k == j) {
            break;
          }
        }
        throw nodes.get(steps.get(i).id).error("the steps form a cycle: " + String.join(" -> ", cyc) + " -> "
            + steps.get(j).id);
      }
      if (colour[j] == 0) {
        dfs(j, colour, stack, idx, nodes);
      }
    }
    stack.pop();
    colour[i] = 2;
  }

  /** Indices of all steps {@code i} depends on, transitively. */
  Set<Integer> ancestors(int i) {
    Set<Integer> out = new HashSet<>();
    Deque<Integer> todo = new ArrayDeque<>(List.of(i));
    while (!todo.isEmpty()) {
      for (String a : steps.get(todo.pop()).after) {
        int j = stepIndex(a);
        if (out.add(j)) {
          todo.push(j);
        }
      }
    }
    return out;
  }

  private void validateRoles(Map<String, YamlNode> roleNodes) {
    Set<String> used = new HashSet<>(inboundRoles);
    for (Step s : steps) {
      used.add(s.role);
    }
    for (Role r : roles) {
      if (used.contains(r.name) && r.calendar.minutesPerWeek() == 0 && r.onCall == null) {
        YamlNode n = roleNodes.get(r.name);
        throw (n.has("calendar") ? n.get("calendar") : n).error("role '" + r.name
            + "' is needed by the plan but its calendar has no working hours and it has no on_call rule");
      }
    }
  }
}
