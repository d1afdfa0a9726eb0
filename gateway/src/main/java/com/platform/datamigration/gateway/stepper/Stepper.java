package com.platform.datamigration.gateway.stepper;

/** Which stages the caller's organization has started: the stepper page's progress. */
public record Stepper(boolean hasConnections, boolean hasMappings, boolean hasRuns) {
}
