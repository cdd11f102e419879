#!/usr/bin/env python3
"""Plain-Python peer of CrisisLab's discrete-event plan simulator (benchmark `crisislab bench simulate`).

Same plan, same semantics as io.crisislab.models.sim.Engine, written the way a Python team would:
a heapq future-event list, random.Random per replication, dicts/lists for state. Reads the compiled
model that the Java benchmark exports (calendars already turned into open intervals in simulation
minutes, so both sides do the same work), runs N replications and prints one JSON line:
{"replications": N, "events": E, "seconds": S, "mean_<milestone>_minutes": ...}.

Usage: simulate_peer.py MODEL.json N SEED
"""
import bisect
import collections
import heapq
import json
import math
import random
import sys
import time

STEP_END, WAKE, ARRIVAL, MSG_END = 0, 1, 2, 3
WAITING, QUEUED, RUNNING, DONE = 0, 1, 2, 3
INF = float("inf")


def sampler(d, rng):
    kind, p, f = d["kind"], d["params"], d["scale"]
    if kind == "FIXED":
        v = p[0] * f
        return lambda: v
    if kind == "EXPONENTIAL":
        if p[0] == 0:
            return lambda: 0.0
        lam = 1.0 / p[0]
        return lambda: rng.expovariate(lam) * f
    if kind == "LOGNORMAL":
        mu, sigma = p
        return lambda: rng.lognormvariate(mu, sigma) * f
    if kind == "GAMMA":
        shape, scale = p
        return lambda: rng.gammavariate(shape, scale) * f
    if kind == "TRIANGULAR":
        lo, mode, hi = p
        return lambda: rng.triangular(lo, hi, mode) * f
    vals = list(p)
    return lambda: rng.choice(vals) * f


class Sim:
    def __init__(self, m):
        self.m = m
        self.steps = m["steps"]
        self.roles = m["roles"]
        self.n = len(self.steps)
        self.horizon = m["horizon_minutes"]

    def in_hours(self, r, t):
        o = self.roles[r]["opens"]
        i = bisect.bisect_right(o, t) - 1
        return i >= 0 and t < self.roles[r]["closes"][i]

    def next_open(self, r, t):
        o = self.roles[r]["opens"]
        i = bisect.bisect_right(o, t) - 1
        if i >= 0 and t < self.roles[r]["closes"][i]:
            return t
        return o[i + 1] if i + 1 < len(o) else INF

    def run(self, seed, rep):
        m, steps, roles, n = self.m, self.steps, self.roles, self.n
        rng = random.Random(seed * 1_000_003 + rep)
        q = []
        seq = [0]
        now = [0.0]

        def push(t, kind, arg):
            seq[0] += 1
            heapq.heappush(q, (t, seq[0], kind, arg))

        u = rng.random()
        severity = m["severity_levels"][-1]
        c = 0.0
        for lvl, p in zip(m["severity_levels"], m["severity_probs"]):
            c += p
            if u < c:
                severity = lvl
                break
        step_s = [sampler(s["duration"], rng) for s in steps]
        ack_s = [sampler(r["ack"], rng) if r["ack"] else None for r in roles]
        handle_s = [sampler(r["handle"], rng) if r["handle"] else None for r in roles]
        deps_left = [len(s["deps"]) for s in steps]
        status = [WAITING] * n
        skipped = [False] * n
        loops = [0] * n
        milestone = [math.nan] * len(m["milestones"])
        busy = [0] * len(roles)
        rq = [[] for _ in roles]
        ack_at = [math.nan] * len(roles)
        wake_at = [math.nan] * len(roles)
        msg_busy = [0] * len(roles)
        gate = m["gate"]
        state = {"gate_open": gate < 0}
        waiting = collections.deque()
        waits = []
        seg = [0]
        st = {"arrived": 0, "answered": 0, "peak": 0, "first_reply": math.nan}

        def acked(r):
            return ack_at[r] <= now[0]

        def step_cap(r):
            if self.in_hours(r, now[0]):
                return max(roles[r]["headcount"], roles[r]["oncall_headcount"] if acked(r) else 0)
            return roles[r]["oncall_headcount"] if acked(r) else 0

        def msg_cap(r):
            if self.in_hours(r, now[0]):
                return max(roles[r]["msg_agents"], roles[r]["off_agents"] if acked(r) else 0)
            return roles[r]["off_agents"] if acked(r) else 0

        def need_role(r, for_messages):
            page_helps = roles[r]["ack"] is not None and (not for_messages or roles[r]["off_agents"] > 0)
            if page_helps:
                if math.isnan(ack_at[r]):
                    ack_at[r] = now[0] + ack_s[r]()
                    push(ack_at[r], WAKE, r)
                    return
                if ack_at[r] > now[0]:
                    return
            t = self.next_open(r, now[0])
            if t > now[0] and t != wake_at[r] and t <= self.horizon:
                wake_at[r] = t
                push(t, WAKE, r)

        def dispatch_steps(r):
            while rq[r]:
                cap = step_cap(r)
                if busy[r] < cap:
                    s = rq[r].pop(0)
                    busy[r] += 1
                    status[s] = RUNNING
                    push(now[0] + step_s[s](), STEP_END, s)
                    continue
                if cap == 0:
                    need_role(r, False)
                break

        def become_ready(s):
            if severity < steps[s]["min_severity"]:
                skipped[s] = True
                status[s] = DONE
                after_done(s)
                return
            status[s] = QUEUED
            rq[steps[s]["role"]].append(s)
            dispatch_steps(steps[s]["role"])

        def after_done(s):
            if not skipped[s] and steps[s]["milestone"] >= 0:
                milestone[steps[s]["milestone"]] = now[0]
            if s == gate and not state["gate_open"]:
                state["gate_open"] = True
                dispatch_messages()
            for d in steps[s]["dependents"]:
                if status[d] == WAITING:
                    deps_left[d] -= 1
                    if deps_left[d] == 0:
                        become_ready(d)

        def step_end(s):
            r = steps[s]["role"]
            busy[r] -= 1
            status[s] = DONE
            rw = steps[s]["rework"]
            if rw and loops[s] < rw["max"] and rng.random() < rw["p"]:
                loops[s] += 1
                loop_set = rw["set"]
                for x in loop_set:
                    if status[x] == DONE and x != s:
                        for d in steps[x]["dependents"]:
                            if status[d] == WAITING and d not in loop_set:
                                deps_left[d] += 1
                    status[x] = WAITING
                for x in loop_set:
                    deps_left[x] = sum(1 for d in steps[x]["deps"] if status[d] != DONE)
                become_ready(rw["back"])
            else:
                after_done(s)
            dispatch_steps(r)

        def next_arrival(t):
            segs = m["segments"]
            while seg[0] < len(segs):
                a, b, rate = segs[seg[0]]
                base = max(t, a)
                if rate > 0:
                    nxt = base + rng.expovariate(1.0) / rate
                    if nxt < b:
                        return nxt
                t = b
                seg[0] += 1
            return INF

        def dispatch_messages():
            if not state["gate_open"] or not waiting:
                return
            while waiting:
                chosen = -1
                for r in m["inbound"]:
                    if msg_busy[r] < msg_cap(r):
                        chosen = r
                        break
                if chosen < 0:
                    break
                arrived_at = waiting.popleft()
                if arrived_at >= m["warmup_minutes"]:
                    waits.append(now[0] - arrived_at)
                msg_busy[chosen] += 1
                push(now[0] + handle_s[chosen](), MSG_END, chosen)
            if waiting:
                for r in m["inbound"]:
                    if msg_cap(r) == 0:
                        need_role(r, True)

        become_ready(0)
        if m["segments"]:
            t = next_arrival(0.0)
            if t <= self.horizon:
                push(t, ARRIVAL, 0)
        events = 0
        while q:
            t, _, kind, a = heapq.heappop(q)
            if t > self.horizon:
                break
            now[0] = t
            events += 1
            if kind == STEP_END:
                step_end(a)
            elif kind == WAKE:
                if wake_at[a] == t:
                    wake_at[a] = math.nan
                dispatch_steps(a)
                dispatch_messages()
            elif kind == ARRIVAL:
                st["arrived"] += 1
                waiting.append(t)
                if len(waiting) > st["peak"]:
                    st["peak"] = len(waiting)
                nxt = next_arrival(t)
                if nxt <= self.horizon:
                    push(nxt, ARRIVAL, 0)
                dispatch_messages()
            else:
                msg_busy[a] -= 1
                st["answered"] += 1
                if math.isnan(st["first_reply"]):
                    st["first_reply"] = t
                dispatch_messages()
        for k, s in enumerate(m["milestone_steps"]):
            if status[s] != DONE:
                milestone[k] = INF
        return milestone, events


def main():
    model = json.load(open(sys.argv[1]))
    n = int(sys.argv[2])
    seed = int(sys.argv[3])
    sim = Sim(model)
    t0 = time.perf_counter()
    events = 0
    sums = [0.0] * len(model["milestones"])
    counts = [0] * len(model["milestones"])
    for rep in range(n):
        ms, ev = sim.run(seed, rep)
        events += ev
        for k, v in enumerate(ms):
            if math.isfinite(v):
                sums[k] += v
                counts[k] += 1
    secs = time.perf_counter() - t0
    out = {"replications": n, "events": events, "seconds": secs}
    for k, name in enumerate(model["milestones"]):
        out["mean_" + name + "_minutes"] = sums[k] / counts[k] if counts[k] else None
    print(json.dumps(out))


if __name__ == "__main__":
    main()
