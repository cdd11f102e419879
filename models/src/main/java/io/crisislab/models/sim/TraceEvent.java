package io.crisislab.models.sim;

/**
 * One thing that happened in a traced replication, for the tabletop script.
 *
 * @param minutes time since the incident start
 * @param kind what happened
 * @param step the step index, or -1
 * @param role the role index, or -1
 * @param value extra number: for PAGE the acknowledge time (minutes since start), for ARRIVALS the count in the hour
 */
public record TraceEvent(double minutes, Kind kind, int step, int role, double value) {
  /** Kinds of traced events. */
  public enum Kind { READY, SKIPPED, WAITING_CLOSED, PAGED, ACKNOWLEDGED, OPENED, STARTED, DONE, REWORK, GATE_LIFTED,
    FIRST_REPLY, ARRIVALS }
}
