package dev.berth.sim.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.sim.cloudformation.resources.ResourceRequest;
import dev.berth.sim.cloudformation.signals.UserDataSignals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

/**
 * Instances of an Auto Scaling group whose provider does not launch them itself: each boots and,
 * when its launch template's UserData runs cfn-signal for the group, signals SUCCESS.
 */
final class InstanceLaunches {
    /** From launch to cfn-signal on an ECS-optimized AMI whose cfn-init has little to do. */
    static final Duration BOOT_TIME = Duration.ofSeconds(30);

    private final CloudFormationEngine engine;
    /** The instances each group runs, by stack id and logical id. */
    private final Map<String, List<String>> running = new ConcurrentHashMap<>();

    InstanceLaunches(CloudFormationEngine engine) {
        this.engine = engine;
    }

    /** Launches {@code count} instances for the group; returns their ids. */
    List<String> launch(SimStack stack, ResourceRequest group, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add("i-" + engine.hex(17));
        }
        if (userData(stack, group.properties()).map(u -> UserDataSignals.signals(u, group.logicalId())).orElse(false)) {
            engine.providers().signals().afterLaunch(group, ids, engine.now().plus(BOOT_TIME));
        }
        return ids;
    }

    List<String> instancesOf(SimStack stack, String logicalId) {
        return running.getOrDefault(stack.stackId + "/" + logicalId, List.of());
    }

    void remember(SimStack stack, String logicalId, List<String> instances) {
        running.put(stack.stackId + "/" + logicalId, List.copyOf(instances));
    }

    /** How many instances a group runs: DesiredCapacity, else MinSize. */
    static int capacity(JsonNode groupProperties) {
        JsonNode desired = groupProperties.get("DesiredCapacity");
        return size(desired != null && !desired.isNull() ? desired : groupProperties.path("MinSize"));
    }

    static int size(JsonNode value) {
        String text = value == null ? "0" : value.asText("0").trim();
        return text.matches("\\d{1,6}") ? Integer.parseInt(text) : 0;
    }

    /** The UserData of the group's launch template or launch configuration, when the stack declares it. */
    static Optional<String> userData(SimStack stack, JsonNode group) {
        JsonNode template = group.has("LaunchTemplate") ? group.get("LaunchTemplate")
                : group.path("MixedInstancesPolicy").path("LaunchTemplate").path("LaunchTemplateSpecification");
        String templateId = template.path("LaunchTemplateId").asText(null);
        String templateName = template.path("LaunchTemplateName").asText(null);
        String configuration = group.path("LaunchConfigurationName").asText(null);
        for (SimStackResource resource : stack.resources.values()) {
            if (resource.properties == null) {
                continue;
            }
            boolean launchTemplate = "AWS::EC2::LaunchTemplate".equals(resource.type) && resource.physicalId != null
                    && (resource.physicalId.equals(templateId)
                    || (templateName != null && templateName.equals(resource.properties.path("LaunchTemplateName").asText(null))));
            if (launchTemplate) {
                return Optional.ofNullable(resource.properties.path("LaunchTemplateData").path("UserData").asText(null));
            }
            if ("AWS::AutoScaling::LaunchConfiguration".equals(resource.type) && configuration != null
                    && configuration.equals(resource.physicalId)) {
                return Optional.ofNullable(resource.properties.path("UserData").asText(null));
            }
        }
        return Optional.empty();
    }
}
