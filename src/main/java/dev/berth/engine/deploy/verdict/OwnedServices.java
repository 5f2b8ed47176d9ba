package dev.berth.engine.deploy.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which task definition each service a stack owns must run, from the stack's own resources: the
 * physical id of its {@code AWS::ECS::TaskDefinition} (the one of the service's family when the
 * stack has several), or, when the stack registers none, the task definition the service is set
 * to (the stack passed it in). Events and their optional ResourceProperties play no part.
 */
public final class OwnedServices {
    private OwnedServices() {
    }

    /**
     * @param resources         the stack's resources, nested stacks included
     * @param taskDefinitionOf  the task definition each service is set to now, by service ARN (may lack some)
     */
    public static List<OwnedService> resolve(List<StackResource> resources, Map<String, String> taskDefinitionOf) {
        List<StackResource> definitions = resources.stream().filter(r -> r.is(StackResource.TASK_DEFINITION)).toList();
        List<OwnedService> services = new ArrayList<>();
        for (StackResource resource : resources) {
            if (!resource.is(StackResource.ECS_SERVICE)) {
                continue;
            }
            String arn = resource.physicalId();
            String current = taskDefinitionOf.get(arn);
            StackResource definition = definitionFor(definitions, current);
            String expected;
            String from;
            if (definition != null) {
                expected = definition.physicalId();
                from = "the stack's task definition " + definition.logicalId();
            } else if (definitions.isEmpty() && current != null) {
                expected = current;
                from = "the task definition the stack set on the service";
            } else {
                expected = null;
                from = definitions.isEmpty() ? "nothing: ECS did not answer for the service"
                        : "nothing: none of the stack's task definitions is of the service's family";
            }
            services.add(new OwnedService(resource.logicalId(), clusterOf(arn), arn, expected, from));
        }
        return List.copyOf(services);
    }

    private static StackResource definitionFor(List<StackResource> definitions, String current) {
        if (definitions.size() == 1) {
            return definitions.get(0);
        }
        String family = TaskDefinitionNames.family(current);
        List<StackResource> sameFamily = definitions.stream()
                .filter(d -> family != null && family.equals(TaskDefinitionNames.family(d.physicalId()))).toList();
        return sameFamily.size() == 1 ? sameFamily.get(0) : null;
    }

    /** {@code arn:aws:ecs:region:account:service/cluster/name} names its cluster; old ARNs do not (default). */
    public static String clusterOf(String serviceArn) {
        int at = serviceArn.indexOf(":service/");
        if (at < 0) {
            return "default";
        }
        String path = serviceArn.substring(at + ":service/".length());
        int slash = path.indexOf('/');
        return slash < 0 ? "default" : path.substring(0, slash);
    }
}
