package dev.berth.engine.deploy;

import dev.berth.engine.stack.PlannedChange;

import java.util.List;

/** What a deploy of {@code version} would change, and how each service would roll. */
public record PlanResult(String stack, String currentVersion, String version, boolean unchanged,
                         List<PlannedChange> changes, List<ServiceTarget> services) {
}
