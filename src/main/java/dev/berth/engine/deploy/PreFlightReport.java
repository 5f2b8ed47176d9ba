package dev.berth.engine.deploy;

import java.util.List;
import java.util.Map;

/**
 * What pre-flight found, changing nothing: the stack and its current version, the parameters
 * to carry over, the capabilities its template needs, and the services it owns. {@code reattach}:
 * the stack is already being updated to (or rolled back from) this version, and berth follows it.
 * {@code lastUpdated} is the stack's LastUpdatedTime as read (null if never updated).
 */
public record PreFlightReport(String stackId, String stackName, String stackStatus, String currentVersion,
                              Map<String, String> parameters, List<String> capabilities, List<ServiceTarget> services,
                              boolean reattach, ImageCheck image, String parameterValue, String parameterName,
                              java.time.Instant lastUpdated) {

    /** The image of the version in its ECR repository, when berth could see it: where and which digest. */
    public record ImageCheck(String repositoryUri, String reference, String digest) {
    }
}
