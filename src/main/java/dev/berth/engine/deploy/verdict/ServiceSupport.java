package dev.berth.engine.deploy.verdict;

import java.util.Optional;

/**
 * Which services berth can judge: its rules are those of ECS rolling updates, so a service whose
 * deployments another controller runs (CODE_DEPLOY, EXTERNAL) or whose strategy is not a rolling
 * update (BLUE_GREEN, LINEAR, CANARY) is refused before any change rather than judged wrongly.
 */
public final class ServiceSupport {
    private ServiceSupport() {
    }

    /** Why berth cannot judge the service, or empty. Absent values mean ECS's defaults: ECS, ROLLING. */
    public static Optional<String> unjudgeable(String service, String deploymentController, String strategy) {
        if (deploymentController != null && !"ECS".equals(deploymentController)) {
            return Optional.of("service " + service + " uses the " + deploymentController + " deployment controller; "
                    + "berth judges ECS rolling updates only (deploymentController ECS)");
        }
        if (strategy != null && !"ROLLING".equals(strategy)) {
            return Optional.of("service " + service + " deploys with the " + strategy + " strategy; berth judges "
                    + "rolling updates only (deploymentConfiguration.strategy ROLLING)");
        }
        return Optional.empty();
    }
}
