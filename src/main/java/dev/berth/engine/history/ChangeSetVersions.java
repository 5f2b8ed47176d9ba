package dev.berth.engine.history;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetSummary;
import software.amazon.awssdk.services.cloudformation.model.Parameter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The version berth's change set of an operation set: berth names its change sets
 * {@code berth-<verb>-<version>-<last 8 characters of the operation token>}, so the token on the
 * operation's events finds the change set, and DescribeChangeSet gives the parameter's value.
 * Where the events carry no token, the change set berth executed last before the operation
 * started (and after the one before it) is the one. Read lazily: only when the events do not
 * name the version.
 */
final class ChangeSetVersions {
    private final CloudFormationClient cfn;
    private final String stack;
    private final String parameter;
    private List<ChangeSetSummary> summaries;

    ChangeSetVersions(CloudFormationClient cfn, String stack, String parameter) {
        this.cfn = cfn;
        this.stack = stack;
        this.parameter = parameter;
    }

    /** The version of the operation that {@code token} started, if berth's change set for it is found. */
    Optional<String> versionFor(String token) {
        if (token == null || token.length() < 8) {
            return Optional.empty();
        }
        String tail = "-" + token.substring(token.length() - 8);
        for (ChangeSetSummary summary : summaries()) {
            if (summary.changeSetName().startsWith("berth-") && summary.changeSetName().endsWith(tail)) {
                return parameterOf(summary.changeSetName());
            }
        }
        return Optional.empty();
    }

    /** The version of berth's change set executed last that was created after {@code after} and not after {@code started}. */
    Optional<String> versionExecutedBetween(Instant after, Instant started) {
        ChangeSetSummary latest = null;
        for (ChangeSetSummary summary : summaries()) {
            Instant created = summary.creationTime();
            if (summary.changeSetName().startsWith("berth-") && "EXECUTE_COMPLETE".equals(summary.executionStatusAsString())
                    && created != null && (after == null || created.isAfter(after)) && !created.isAfter(started)
                    && (latest == null || created.isAfter(latest.creationTime()))) {
                latest = summary;
            }
        }
        return latest == null ? Optional.empty() : parameterOf(latest.changeSetName());
    }

    private Optional<String> parameterOf(String name) {
        try {
            return cfn.describeChangeSet(r -> r.stackName(stack).changeSetName(name)).parameters().stream()
                    .filter(p -> p.parameterKey().equals(parameter)).map(Parameter::parameterValue)
                    .map(v -> v.contains(":") || v.contains("@") ? HistoryReader.versionOf(v) : v).findFirst();
        } catch (SdkException e) {
            return Optional.empty();
        }
    }

    /** This stack's change sets (some endpoints answer ListChangeSets with every stack's). */
    private List<ChangeSetSummary> summaries() {
        if (summaries == null) {
            summaries = new ArrayList<>();
            try {
                String token = null;
                do {
                    String page = token;
                    var response = cfn.listChangeSets(r -> r.stackName(stack).nextToken(page));
                    response.summaries().stream().filter(this::ofThisStack).forEach(summaries::add);
                    token = response.nextToken();
                } while (token != null);
            } catch (SdkException e) {
                // no change sets to read: the other sources stand
            }
        }
        return summaries;
    }

    private boolean ofThisStack(ChangeSetSummary summary) {
        return summary.changeSetName() != null && (summary.stackName() == null || summary.stackName().equals(stack)
                || stack.equals(summary.stackId()));
    }
}
