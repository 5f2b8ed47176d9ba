package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.Set;

/** The AWS:: names every template can Ref, and their values in a stack. */
final class PseudoParameters {
    static final String NO_VALUE = "AWS::NoValue";
    static final Set<String> NAMES = Set.of("AWS::AccountId", "AWS::NotificationARNs", NO_VALUE,
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    private PseudoParameters() {
    }

    static boolean isPseudoParameter(String name) {
        return NAMES.contains(name);
    }

    /** The value of a pseudo parameter; AWS::NoValue is {@link MissingNode}: the enclosing value is dropped. */
    static JsonNode value(String name, EvaluationContext context) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (name) {
            case "AWS::AccountId":
                return nodes.textNode(context.accountId());
            case "AWS::Region":
                return nodes.textNode(context.region());
            case "AWS::StackName":
                return nodes.textNode(context.stackName());
            case "AWS::StackId":
                return nodes.textNode(context.stackId());
            case "AWS::Partition":
                return nodes.textNode(context.partition());
            case "AWS::URLSuffix":
                return nodes.textNode(context.urlSuffix());
            case "AWS::NotificationARNs":
                ArrayNode arns = nodes.arrayNode();
                context.notificationArns().forEach(arns::add);
                return arns;
            case NO_VALUE:
                return MissingNode.getInstance();
            default:
                throw new IllegalArgumentException("not a pseudo parameter: " + name);
        }
    }
}
