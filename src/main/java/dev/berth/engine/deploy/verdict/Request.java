package dev.berth.engine.deploy.verdict;

import java.time.Duration;

/**
 * What was asked: stack {@code stack} with {@code parameter} set to {@code parameterValue} (the
 * version, or its pinned image reference), by the command {@code follow} that also follows such
 * an update when run again. {@code previousVersion} is null when unknown; {@code imageDigest} is the
 * version's digest when pre-flight found it in ECR, else null.
 */
public record Request(String stack, String version, String parameter, String parameterValue, String previousVersion,
                      Duration timeout, Duration rollbackGrace, String follow, String imageDigest) {

    /** Whether a parameter value names this version: the value itself, or an image reference with this tag. */
    public boolean versionIn(String value) {
        return value != null && (value.equals(parameterValue) || value.equals(version) || value.endsWith(":" + version));
    }
}
