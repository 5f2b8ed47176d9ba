package dev.berth.sim.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which cluster an instance's ECS agent joins, as the instance's boot would decide it: ECS_CLUSTER
 * written by the user data itself, or by cfn-init from the metadata of the resource the user data
 * names (--stack, --resource); without either the agent joins the cluster named "default".
 */
public final class AgentConfig {
    /** Reads a stack resource's metadata, as cfn-init does with DescribeStackResource, and its physical id. */
    public interface StackMetadata {
        Optional<JsonNode> of(String region, String stackName, String logicalId);

        Optional<String> physicalId(String region, String stackName, String logicalId);

        StackMetadata NONE = new StackMetadata() {
            @Override
            public Optional<JsonNode> of(String region, String stackName, String logicalId) {
                return Optional.empty();
            }

            @Override
            public Optional<String> physicalId(String region, String stackName, String logicalId) {
                return Optional.empty();
            }
        };
    }

    private static final Pattern CLUSTER = Pattern.compile("ECS_CLUSTER=([A-Za-z0-9_-]{1,255})");
    /** Metadata kept as written in the template: ECS_CLUSTER=${Cluster} inside an Fn::Sub names a resource. */
    private static final Pattern CLUSTER_REF = Pattern.compile("ECS_CLUSTER=\\$\\{([A-Za-z0-9]+)\\}");
    private static final Pattern STACK = Pattern.compile("(?:--stack|-s)[ =]+['\"]?([A-Za-z0-9-]+)");
    private static final Pattern RESOURCE = Pattern.compile("(?:--resource|-r)[ =]+['\"]?([A-Za-z0-9]+)");

    private AgentConfig() {
    }

    static String clusterOf(String userDataBase64, String region, StackMetadata metadata) {
        String userData = decode(userDataBase64);
        Matcher direct = CLUSTER.matcher(userData);
        if (direct.find()) {
            return direct.group(1);
        }
        for (String line : userData.split("\n")) {
            if (!line.contains("cfn-init")) {
                continue;
            }
            Matcher stack = STACK.matcher(line);
            Matcher resource = RESOURCE.matcher(line);
            if (stack.find() && resource.find()) {
                Optional<JsonNode> found = metadata.of(region, stack.group(1), resource.group(1));
                if (found.isPresent()) {
                    String text = found.get().toString();
                    Matcher fromInit = CLUSTER.matcher(text);
                    if (fromInit.find()) {
                        return fromInit.group(1);
                    }
                    Matcher reference = CLUSTER_REF.matcher(text);
                    if (reference.find()) {
                        Optional<String> name = metadata.physicalId(region, stack.group(1), reference.group(1));
                        if (name.isPresent()) {
                            return name.get();
                        }
                    }
                }
            }
        }
        return "default";
    }

    private static String decode(String base64) {
        if (base64 == null || base64.isBlank()) {
            return "";
        }
        try {
            return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return base64; // user data given as plain text: EC2 would run it as it is
        }
    }
}
