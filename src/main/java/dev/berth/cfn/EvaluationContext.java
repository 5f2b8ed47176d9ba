package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a template is evaluated against: one stack in one account and region. The simulator's stack implements
 * it; the callbacks are asked only about resources the template declares, once the dependency order says they
 * exist.
 */
public interface EvaluationContext {
    /** Parameter values as resolved by {@link ParameterResolver}; list parameters comma-separated. */
    Map<String, String> parameters();

    /**
     * What Ref of a parameter without a value throws: CloudFormation's error by default; a context that knows
     * only some values (say, before an update) tells why this one is unknown.
     */
    default RuntimeException missingParameter(String name) {
        return new TemplateException("Parameters: [" + name + "] must have values");
    }

    String accountId();

    String region();

    String stackName();

    String stackId();

    /** AWS::Partition: aws, or aws-cn and aws-us-gov for those regions. */
    default String partition() {
        if (region().startsWith("cn-")) {
            return "aws-cn";
        }
        return region().startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** AWS::URLSuffix. */
    default String urlSuffix() {
        return region().startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    }

    /** AWS::NotificationARNs. */
    default List<String> notificationArns() {
        return List.of();
    }

    /** Every condition's value, as {@link ConditionEvaluator} computed them; not consulted while computing them. */
    Map<String, Boolean> conditions();

    /** What Ref of a resource gives: its physical id. */
    String physicalId(String logicalId);

    /**
     * What Fn::GetAtt gives: a string, or a list for attributes such as a load balancer's SecurityGroups; null when
     * the resource has no such attribute.
     */
    JsonNode attribute(String logicalId, String attribute);

    /** The value another stack exports under this name, if one does. */
    Optional<String> exportedValue(String exportName);

    /** Fn::GetAZs: the availability zones of a region. */
    default List<String> availabilityZones(String region) {
        return List.of(region + "a", region + "b", region + "c");
    }
}
