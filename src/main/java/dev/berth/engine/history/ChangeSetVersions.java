package dev.berth.engine.history;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetSummary;
import software.amazon.awssdk.services.cloudformation.model.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The version berth's change set of an operation set: berth names its change sets
 * {@code berth-<verb>-<version>-<last 8 characters of the operation token>}, so the token on the
 * operation's events finds the change set, and DescribeChangeSet gives the parameter's value.
 * Read lazily: only when the events do not name the version.
 */
final class ChangeSetVersions {
    private final CloudFormationClient cfn;
    private final String stack;
    private final String parameter;
    private List<String> names;

    ChangeSetVersions(CloudFormationClient cfn, String stack, String parameter) {
        this.cfn = cfn;
        this.stack = stack;
        this.parameter = parameter;
    }

    Optional<String> versionFor(String token) {
        if (token == null || token.length() < 8) {
            return Optional.empty();
        }
        String tail = "-" + token.substring(token.length() - 8);
        for (String name : names()) {
            if (name.startsWith("berth-") && name.endsWith(tail)) {
                try {
                    return cfn.describeChangeSet(r -> r.stackName(stack).changeSetName(name)).parameters().stream()
                            .filter(p -> p.parameterKey().equals(parameter)).map(Parameter::parameterValue)
                            .map(v -> v.contains(":") || v.contains("@") ? HistoryReader.versionOf(v) : v).findFirst();
                } catch (SdkException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private List<String> names() {
        if (names == null) {
            names = new ArrayList<>();
            try {
                String token = null;
                do {
                    String page = token;
                    var response = cfn.listChangeSets(r -> r.stackName(stack).nextToken(page));
                    response.summaries().stream().map(ChangeSetSummary::changeSetName).forEach(names::add);
                    token = response.nextToken();
                } while (token != null);
            } catch (SdkException e) {
                // no change sets to read: the other sources stand
            }
        }
        return names;
    }
}
