package dev.berth.cfn;

import java.util.Map;

/**
 * What is known of a stack before an update, to evaluate its template with: the parameter values it has now
 * (as DescribeStacks shows them), the values the update gives, where it lives, and the physical ids its
 * resources have now.
 *
 * @param currentParameters each parameter's value now; SSM-typed ones hold the SSM parameter's name and NoEcho
 *                          ones a mask, so the evaluation treats those as unknown
 * @param newParameters     values the update sets; they win over the current ones
 * @param physicalIds       logical id to physical id, for Ref of resources that already exist
 */
public record StackFacts(Map<String, String> currentParameters, Map<String, String> newParameters,
                         String accountId, String region, String stackName, String stackId,
                         Map<String, String> physicalIds) {
    public StackFacts {
        currentParameters = Map.copyOf(currentParameters);
        newParameters = Map.copyOf(newParameters);
        physicalIds = Map.copyOf(physicalIds);
    }
}
